import { sql } from 'kysely';
import type { ArticleAnalysis } from '../analysis/analyze-article.ts';
import type { Claim } from '../analysis/claims.ts';
import { claimSimilarity } from '../analysis/developments.ts';
import { fillClaimTexts } from '../analysis/claim-text.ts';
import { analyzePending, loadAnalyses, relevanceOf } from '../analysis/store-analysis.ts';
import type { Config } from '../config/index.ts';
import type { Dialect, Executor } from '../store/index.ts';
import { summarize } from './compose.ts';
import type { LatestAnswer, Quote, SourceRef } from './model.ts';
import { sourceRef } from './source-ref.ts';

export interface LatestInput {
  db: Executor;
  dialect: Dialect;
  query: string;
  config: Config;
  limit: number;
  now: Date;
}

const STOP = new Set(['the', 'a', 'an', 'on', 'in', 'of', 'and', 'or', 'to', 'for', 'about', 'latest', 'news', 'what', 'whats', 'is', 'are', 'with', 'at', 'any', 'new', 'update', 'updates']);

/** Words of a free-text query, safe to hand to FTS5 or to_tsquery. */
export function queryWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => !STOP.has(w)).slice(0, 12);
}

/**
 * Article ids matching the query, newest first (at most `max`): those with every word of the query,
 * then, when they are fewer, those with any. Newest rather than best-ranked: /latest answers with
 * the most recent developments, and ranking every match of a common word costs time that grows
 * with the store, while the newest matches are read straight off the index.
 */
export async function searchArticles(db: Executor, dialect: Dialect, words: string[], max: number): Promise<number[]> {
  if (words.length === 0) return [];
  const found = await newestMatches(db, dialect, words, 'all', max);
  if (found.length >= max || words.length === 1) return found;
  const seen = new Set(found);
  for (const id of await newestMatches(db, dialect, words, 'any', max)) {
    if (found.length >= max) break;
    if (!seen.has(id)) found.push(id);
  }
  return found;
}

async function newestMatches(db: Executor, dialect: Dialect, words: string[], mode: 'all' | 'any', max: number): Promise<number[]> {
  if (dialect === 'sqlite') {
    const match = words.map((w) => `"${w}"`).join(mode === 'all' ? ' AND ' : ' OR ');
    const rows = await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${max}`.execute(db);
    return rows.rows.map((r) => Number(r.id));
  }
  const tsquery = words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).join(mode === 'all' ? ' & ' : ' | ');
  const rows = await sql<{ id: number }>`SELECT id FROM articles WHERE search @@ to_tsquery('english', ${tsquery}) ORDER BY id DESC LIMIT ${max}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** How many of the query's words a text contains (prefix match, so "talks" finds "talk"). */
function matchCount(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase();
  return words.filter((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w.slice(0, Math.max(4, w.length - 2))}`, 'u').test(lower)).length;
}

interface Candidate {
  claim: Claim;
  matched: number;
  date: string;
  primary: number;
  members: number[];
}

/**
 * `/latest QUERY`: the most recent developments relevant to the query, best first. Articles are
 * found with full-text search (SQLite FTS5 or PostgreSQL tsvector), copies of one story are
 * answered once, off-topic articles are left out, and when two answers are about the same matter
 * the newer one wins; an older one is still given when it is the only match.
 */
export async function answerLatest({ db, dialect, query, config, limit, now }: LatestInput): Promise<LatestAnswer> {
  const words = queryWords(query);
  // Enough of the newest matches to find `limit` distinct developments among copies and repeats.
  const ids = await searchArticles(db, dialect, words, Math.max(100, limit * 20));
  if (ids.length === 0) return { query, asOf: now.toISOString(), updates: [] };
  const load = () =>
    Promise.all([
      db.selectFrom('articles').select(['id', 'seq', 'title', 'outlet', 'url', 'file', 'published_at', 'ingested_at']).where('id', 'in', ids).execute(),
      loadAnalyses(db, ids),
      relevanceOf(db, ids, config.topic),
    ]);
  let [rows, analyses, relevant] = await load();
  // An article found but not analysed yet (ingested a moment ago): analyse what is pending first.
  if (ids.some((id) => !analyses.has(id)) && (await analyzePending(db, config.topic)) > 0) [rows, analyses, relevant] = await load();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const when = (id: number) => byId.get(id)!.published_at ?? byId.get(id)!.ingested_at;

  const stories = new Map<number, number[]>();
  for (const r of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (!relevant.get(r.id)?.onTopic || !analyses.has(r.id)) continue;
    const root = analyses.get(r.id)!.duplicate.of ?? r.id;
    stories.set(root, [...(stories.get(root) ?? []), r.id]);
  }

  // A story is answered from its cleanest copy: the least spun, then the earliest.
  const primaries = new Map<number, number>();
  for (const members of stories.values()) {
    primaries.set(members[0]!, [...members].sort((a, b) => analyses.get(a)!.analysis.spin - analyses.get(b)!.analysis.spin || when(a).localeCompare(when(b)) || a - b)[0]!);
  }
  await fillClaimTexts(db, [...primaries.values()].flatMap((article) => analyses.get(article)!.analysis.claims.map((claim) => ({ article, claim }))));
  const candidates: Candidate[] = [];
  for (const members of stories.values()) {
    const primary = primaries.get(members[0]!)!;
    const analysis = analyses.get(primary)!.analysis;
    let best: { claim: Claim; matched: number; score: number } | null = null;
    for (const claim of analysis.claims) {
      const matched = matchCount(claim.text ?? '', words);
      const score = matched * 3 + claim.weight - (claim.background ? 4 : 0) - (claim.sentence === -1 ? 1 : 0);
      if (!best || score > best.score) best = { claim, matched, score };
    }
    if (!best) continue;
    candidates.push({ claim: best.claim, matched: best.matched, date: members.map(when).sort().pop()!, primary, members });
  }

  // Newest first among answers that match the query; the older of two answers on one matter is dropped.
  candidates.sort((a, b) => Number(b.matched > 0) - Number(a.matched > 0) || b.date.localeCompare(a.date) || b.matched - a.matched || a.primary - b.primary);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (chosen.some((k) => claimSimilarity(c.claim.keys, k.claim.keys, new Set()) >= 0.6)) continue;
    chosen.push(c);
  }

  const updates = chosen.map((c) => {
    const analysis = analyses.get(c.primary)!.analysis;
    const source = sourceRef(byId.get(c.primary)!);
    const quote = bestQuote(analysis, c.claim, words);
    const quotes: Quote[] = quote ? [{ ...quote, source }] : [];
    const sources: SourceRef[] = [c.primary, ...c.members.filter((m) => m !== c.primary)].slice(0, 6).map((id) => sourceRef(byId.get(id)!));
    return { summary: summarize(c.claim.text ?? ''), quotes, sources, published: byId.get(c.primary)!.published_at };
  });
  return { query, asOf: now.toISOString(), updates };
}

function bestQuote(analysis: ArticleAnalysis, claim: Claim, words: readonly string[]): { text: string; speaker: string | null } | null {
  let best: { text: string; speaker: string | null; score: number } | null = null;
  for (const q of analysis.quotes) {
    if (q.reworded) continue;
    const text = q.segments[0]!;
    const length = text.split(/\s+/).length;
    if (length < 4 || length > 70) continue;
    const score = (q.speaker ? 3 : 0) + (q.partial ? 0 : 2) + matchCount(text, words) * 2 + Math.max(0, 3 - Math.abs(q.paragraph - Math.max(claim.paragraph, 0)));
    if (!best || score > best.score) best = { text, speaker: q.speaker, score };
  }
  return best ? { text: best.text, speaker: best.speaker } : null;
}
