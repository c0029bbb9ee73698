import { fillClaimTexts } from '../analysis/claim-text.ts';
import type { Development } from '../analysis/developments.ts';
import type { Relevance } from '../analysis/relevance.ts';
import type { LoadedAnalysis } from '../analysis/store-analysis.ts';
import type { Config } from '../config/index.ts';
import type { Executor } from '../store/index.ts';
import { summarize, summaryClaim } from './compose.ts';
import type { ArticleFate, CandidateFate, Explanation } from './explanation.ts';
import type { Update } from './model.ts';

const round = (x: number) => Math.round(x * 100) / 100;

/** One candidate as the planner left it: posted as update `posted` (0-based, -1: not), else why not. */
export interface CandidateRecord {
  d: Development;
  /** The summary the planner made, when it made one. */
  summary?: string;
  score: number;
  parts: Record<string, number>;
  posted: number;
  left?: { fate: CandidateFate['fate']; detail: string };
}

export interface ExplainInput {
  db: Executor;
  engine: Config['digest']['engine'];
  articles: readonly { id: number; title: string | null; outlet: string | null }[];
  fates: {
    relevant: ReadonlyMap<number, Relevance>;
    analyses: ReadonlyMap<number, LoadedAnalysis>;
    toldStories: ReadonlySet<string>;
    updates: readonly Update[];
  };
  candidates: readonly CandidateRecord[];
  /** Developments left out because the channel was told them. */
  told: readonly Omit<CandidateRecord, 'posted' | 'left'>[];
}

/**
 * Puts the planner's own decisions into an Explanation: the reasons are the ones it recorded
 * (relevance and duplicate annotations, the told memory, the selection's reasons), not worked out again.
 */
export async function explainPlan({ db, engine, articles, fates, candidates, told }: ExplainInput): Promise<Explanation> {
  const postedIn = new Map<string, number>();
  fates.updates.forEach((u, i) => {
    for (const s of u.sources) if (!postedIn.has(s.id)) postedIn.set(s.id, i + 1);
  });
  const articleFates: ArticleFate[] = articles.map((a) => {
    const base = { id: a.id, title: a.title, outlet: a.outlet };
    const relevance = fates.relevant.get(a.id);
    const analysis = fates.analyses.get(a.id);
    if (!relevance || !analysis) return { ...base, fate: 'not posted', detail: 'not analysed yet' };
    if (!relevance.onTopic) return { ...base, fate: 'off-topic', detail: relevance.reason };
    const root = analysis.duplicate.of ?? a.id;
    const update = postedIn.get(String(a.id));
    if (root !== a.id) return { ...base, fate: 'copy', detail: `${analysis.duplicate.reason}${update === undefined ? '' : `; a source of update ${update}`}` };
    if (update !== undefined) return { ...base, fate: 'posted', detail: `update ${update}` };
    if (fates.toldStories.has(String(root))) return { ...base, fate: 'told before', detail: 'its story was in an earlier digest to this channel' };
    return { ...base, fate: 'not posted', detail: 'none of its developments was posted (see the candidates)' };
  });

  await fillClaimTexts(db, [...candidates, ...told].flatMap((c) => c.d.claims));
  const entry = (c: Omit<CandidateRecord, 'posted' | 'left'>, fate: CandidateFate['fate'], detail: string): CandidateFate => ({
    summary: c.summary ?? summarize(summaryClaim(c.d).claim.text ?? ''),
    articles: [...new Set(c.d.claims.map((x) => x.article))],
    score: round(c.score),
    parts: Object.fromEntries(Object.entries(c.parts).map(([k, v]) => [k, round(v)])),
    fate,
    detail,
  });
  return {
    engine,
    articles: articleFates,
    candidates: [
      ...candidates.map((c) => (c.posted >= 0 ? entry(c, 'posted', `update ${c.posted + 1}`) : entry(c, c.left?.fate ?? 'below the cut', c.left?.detail ?? 'not chosen'))),
      ...told.map((c) => entry(c, 'already told', 'an earlier digest to this channel told it, and nothing here is newer')),
    ],
  };
}
