import type { ArticleAnalysis } from '../analysis/analyze-article.ts';
import { GENERIC_CONCEPTS, namedKeys } from '../analysis/claims.ts';
import { groupDevelopments, toldSimilarity, type ClaimRef, type Development } from '../analysis/developments.ts';
import { fillClaimTexts, sentenceTexts } from '../analysis/claim-text.ts';
import { analyzePending, loadAnalyses, relevanceOf } from '../analysis/store-analysis.ts';
import type { Config } from '../config/index.ts';
import { articleDate, type Executor, type SubscriptionRow, type ToldTable } from '../store/index.ts';
import { briefSummary, claimPlaces, headline, headlineParts, quoteCandidates, summarize, summaryClaim, type QuoteCandidate } from './compose.ts';
import { figureChanges, type FigureCandidate } from './figure-delta.ts';
import type { Digest, Figure, Quote, SourceRef, Update } from './model.ts';
import { backgroundKey, loadTold, QuoteMemory, quoteKey } from './novelty.ts';
import { sourceRef, type SourceColumns } from './source-ref.ts';
import { rankDevelopments, type StoryInput } from './brain/index.ts';
import { selectWithin, type Choice } from './brain/select.ts';
import { explainPlan } from './explain-plan.ts';
import type { Explanation } from './explanation.ts';
import { wordCount } from '../analysis/text.ts';

export interface ToldItem {
  kind: ToldTable['kind'];
  key: string;
  value: string | null;
}

export interface DigestPlan {
  digest: Digest;
  /** The channel's cursor once this digest is recorded: the highest article `seq` it covers. */
  cursorTo: number;
  /** What the channel will have been told once this digest is recorded. */
  told: ToldItem[];
  /** With `explain`: what became of every article and candidate, as the planner decided. */
  explanation?: Explanation;
}

export interface PlanInput {
  db: Executor;
  subscription: SubscriptionRow;
  config: Config;
  now: Date;
  /**
   * Only articles dated (published, else ingested) in `[from, to)`, ISO strings: the web timeline
   * plans each publication day as one digest.
   */
  dated?: { from: string; to: string };
  /** Record what became of every article and candidate development (`parley digest --explain`). */
  explain?: boolean;
}

/** Above this weighted overlap with something already told, a development is not news to the channel. */
const ALREADY_TOLD = 0.5;
const MAX_SOURCES = 6;
const CLAIM_BUDGET = 6000;
const MIN_CLAIMS_PER_STORY = 6;
/** What the clusters engine keeps of its words budget for the headline. */
const HEADLINE_WORDS = 25;
const CONSIDERED_PER_UPDATE = 5;
/** Told developments an explanation lists, the most salient first. */
const MAX_TOLD_EXPLAINED = 10;
/** The share of the clusters engine's words kept for quotes: each update should let someone speak. */
const QUOTE_SHARE = 0.25;
const BRIEF_SUMMARY_WORDS = 28;
const BRIEF_QUOTE_WORDS = 20;

type ArticleMeta = SourceColumns & { seq: number; ingested_at: string };
/** An article and its copies, the copy that speaks for them, and the outlets that carried them. */
type Story = { root: number; members: ArticleMeta[]; primary: ArticleMeta; outlets: string[] };

/**
 * Plans the next digest of one channel.
 *
 * "New" means first ingested after the channel's previous digest (`seq > cursor_seq`) and not
 * already told to it (the `told` table); publication dates order the story but do not gate
 * novelty. Off-topic articles and copies of a story are left out with their reason on record
 * (annotations). Developments are grouped across outlets and ranked; background repeated by every
 * article never counts as news. Deterministic: the same store and cursor give the same digest.
 *
 * Writes nothing but the per-article analysis cache (annotations, LSH buckets).
 */
export async function planDigest({ db, subscription, config, now, dated, explain = false }: PlanInput): Promise<DigestPlan> {
  await analyzePending(db, config.topic);
  const articles: ArticleMeta[] = await db
    .selectFrom('articles')
    .select(['id', 'seq', 'title', 'outlet', 'url', 'file', 'published_at', 'ingested_at'])
    .where('seq', '>', subscription.cursor_seq)
    .$if(dated !== undefined, (q) => q.where(articleDate, '>=', dated!.from).where(articleDate, '<', dated!.to))
    .orderBy('seq')
    .execute();
  const ids = articles.map((a) => a.id);
  const [analyses, relevant, told] = await Promise.all([loadAnalyses(db, ids), relevanceOf(db, ids, config.topic), loadTold(db, subscription.id)]);
  const cursorTo = articles.reduce((max, a) => Math.max(max, a.seq), subscription.cursor_seq);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const when = (a: ArticleMeta) => a.published_at ?? a.ingested_at;

  // Stories: an article and its copies (syndicated or spun), named by the first-ingested one.
  const onTopic = articles.filter((a) => relevant.get(a.id)?.onTopic && analyses.has(a.id));
  const offTopic = articles.length - onTopic.length;
  const stories = new Map<number, ArticleMeta[]>();
  for (const a of onTopic) {
    const root = analyses.get(a.id)!.duplicate.of ?? a.id;
    stories.set(root, [...(stories.get(root) ?? []), a]);
  }
  const duplicates = onTopic.filter((a) => (analyses.get(a.id)!.duplicate.of ?? a.id) !== a.id).length;
  const fresh = [...stories].filter(([root]) => !told.stories.has(String(root)));

  // The cleanest copy of each story speaks for it: fewest spun verbs and junk lines, then the earliest.
  const cleanest = (members: ArticleMeta[]) =>
    [...members].sort((x, y) => analyses.get(x.id)!.analysis.spin - analyses.get(y.id)!.analysis.spin || when(x).localeCompare(when(y)) || x.seq - y.seq)[0]!;
  const clustered = config.digest.engine === 'clusters';
  const storyOf = new Map<number, Story>();
  const claims: ClaimRef[] = [];
  for (const [root, members] of fresh) {
    const primary = cleanest(members);
    const analysis = analyses.get(primary.id)!.analysis;
    const outlets = [...new Set(members.map((m) => m.outlet ?? m.file ?? m.url ?? String(m.id)))];
    storyOf.set(root, { root, members, primary, outlets });
    // The clusters engine reads sentences of its own (brain/), not the claims.
    if (clustered) continue;
    // With many stories, each one's strongest claims are enough to place it (grouping stays fast);
    // with a few, every claim counts.
    const perStory = Math.max(MIN_CLAIMS_PER_STORY, Math.floor(CLAIM_BUDGET / fresh.length));
    // A claim that names no specific event ("… as ceasefire negotiations continue") only stands for
    // its story when the story has nothing more concrete.
    const news = analysis.claims.filter((c) => !c.background);
    const concrete = news.filter((c) => c.keys.some((k) => k.startsWith('ev:') && !GENERIC_CONCEPTS.has(k)));
    const strongest = (concrete.length ? concrete : news).sort((a, b) => b.weight - a.weight || a.sentence - b.sentence).slice(0, perStory);
    for (const claim of strongest) {
      claims.push({ claim, story: root, article: primary.id, outlet: outlets.join('|'), spin: analysis.spin, time: Date.parse(when(primary)) });
    }
  }

  const ranking = clustered
    ? await rankDevelopments(db, [...storyOf.values()].map((s) => storyInput(s, analyses.get(s.primary.id)!.analysis.spin, when(s.primary))), config.topic, told.developments)
    : { ranked: [], told: [] };
  const ranked = ranking.ranked;
  const common = new Set([...config.topic.actors, ...config.topic.places].flatMap((e) => namedKeys(e.charAt(0).toUpperCase() + e.slice(1))));
  const grouped = clustered ? [] : groupDevelopments(claims, common);
  const isTold = (d: Development) => told.developments.some((keys) => toldSimilarity(d.keys, keys, common) >= ALREADY_TOLD);
  const developments = clustered ? ranked.map((r) => r.development) : grouped.filter((d) => !isTold(d));
  const toldDevelopments = clustered ? ranking.told.map((r) => r.development) : grouped.filter(isTold);

  const analysisById = new Map<number, ArticleAnalysis>([...analyses].map(([id, a]) => [id, a.analysis]));
  // The clusters engine passes over repeats and what does not fit its words: it looks further down.
  const considered = developments.slice(0, clustered ? config.digest.maxUpdates * CONSIDERED_PER_UPDATE : config.digest.maxUpdates);
  await fillClaimTexts(db, considered.flatMap((d) => d.claims));
  // A quote beside the sentence of another development shown goes with that one.
  const places = claimPlaces(considered);
  const usedQuotes = new QuoteMemory(told.quotes);
  const updates: Update[] = [];
  const toldItems: ToldItem[] = [];
  const shown: Development[] = [];
  // The clusters engine chooses what fills its words (select.ts), then adds quotes in the words
  // left; the claims engine shows the top maxUpdates.
  const summaries: string[] = [];
  // For the clusters engine, each development as selection sees it: the terms of the sentence its summary tells.
  const choices: Choice[] = [];
  const summarise = (i: number, top?: string) => {
    const brief = briefSummary(considered[i]!, BRIEF_SUMMARY_WORDS, top);
    summaries[i] = brief.text;
    choices[i] = { ...ranked[i]!, terms: ranked[i]!.vectors[brief.from]!, words: wordCount(brief.text) };
  };
  considered.forEach((d, i) => (clustered ? summarise(i) : (summaries[i] = summarize(summaryClaim(d).claim.text ?? ''))));
  let selection = clustered
    ? selectWithin(choices, (config.digest.maxWords - HEADLINE_WORDS) * (1 - QUOTE_SHARE), config.digest.maxUpdates)
    : { picked: considered.map((_, i) => i).slice(0, config.digest.maxUpdates), left: new Map() };
  // The headline is made of the first choices' titles; updates under it tell what it leaves out.
  const top = clustered ? headline(headlineParts(selection.picked.map((i) => considered[i]!))) : '';
  if (clustered) for (const i of selection.picked) summarise(i, top);
  let wordsLeft = config.digest.maxWords - HEADLINE_WORDS - selection.picked.reduce((sum, i) => sum + wordCount(summaries[i]!), 0);
  const quoteOf = new Map<number, QuoteCandidate>();
  // Within a words budget a quote earns its place by being short, whole and saying who spoke.
  const fits = (c: QuoteCandidate) =>
    !clustered || (c.quote.speaker !== null && !c.quote.partial && wordCount(c.text) <= BRIEF_QUOTE_WORDS && wordCount(c.text) + wordCount(c.quote.speaker) <= wordsLeft);
  for (const i of selection.picked) {
    const quote = quoteCandidates(considered[i]!, analysisById, summaries[i]!, places).find((c) => fits(c) && !usedQuotes.has(quoteKey(c.text)));
    if (!quote) continue;
    quoteOf.set(i, quote);
    usedQuotes.add(quoteKey(quote.text));
    wordsLeft -= wordCount(quote.text) + wordCount(quote.quote.speaker ?? '');
  }
  let picked = selection.picked;
  if (clustered) {
    // The words that quotes and the headline did not take tell more developments, after the first ones.
    selection = selectWithin(choices, wordsLeft + HEADLINE_WORDS - wordCount(top), config.digest.maxUpdates, picked);
    picked = [...picked, ...selection.picked.filter((i) => !picked.includes(i))];
  }
  for (const i of picked) {
    const d = considered[i]!;
    const quote = quoteOf.get(i);
    const quotes: Quote[] = [];
    if (quote) {
      quotes.push({ text: quote.text, speaker: quote.quote.speaker, source: sourceRef(byId.get(quote.article)!) });
      toldItems.push({ kind: 'quote', key: quoteKey(quote.text), value: null });
    }
    updates.push({ summary: summaries[i]!, quotes, sources: sourcesOf(d, storyOf, byId) });
    toldItems.push({ kind: 'development', key: d.keys.join(' '), value: null });
    shown.push(d);
  }
  for (const [root] of fresh) toldItems.push({ kind: 'story', key: String(root), value: null });

  const posted = await figuresOf(db, fresh.map(([root]) => storyOf.get(root)!.primary), analysisById, told.figures, byId);
  const figures = posted.map((p) => p.figure);
  for (const { figure, key } of posted) toldItems.push({ kind: 'figure', key, value: String(figure.value) });

  const background = await backgroundLine(db, fresh.map(([root]) => storyOf.get(root)!.primary.id), analysisById, told.background);
  if (background) toldItems.push({ kind: 'background', key: backgroundKey(background), value: null });

  const topTitles = headlineParts(shown);
  const explanation = explain
    ? await explainPlan({
        db,
        engine: config.digest.engine,
        articles,
        fates: { relevant, analyses, toldStories: told.stories, updates },
        candidates: clustered
          ? considered.map((d, i) => ({ d, summary: summaries[i]!, score: ranked[i]!.salience, parts: ranked[i]!.parts, posted: picked.indexOf(i), left: selection.left.get(i) }))
          : [...developments.entries()].slice(0, config.digest.maxUpdates * CONSIDERED_PER_UPDATE).map(([i, d]) => ({
              d,
              score: d.importance,
              parts: { importance: d.importance },
              posted: picked.indexOf(i),
              left: { fate: 'below the cut' as const, detail: `rank ${i + 1} of ${developments.length}: the digest holds its ${config.digest.maxUpdates} updates` },
            })),
        told: toldDevelopments.slice(0, MAX_TOLD_EXPLAINED).map((d, i) => ({ d, score: clustered ? ranking.told[i]!.salience : d.importance, parts: clustered ? ranking.told[i]!.parts : { importance: d.importance } })),
      })
    : undefined;
  return {
    explanation,
    digest: {
      channel: subscription.channel_id,
      topic: config.topic.id,
      since: subscription.last_digest_at,
      until: now.toISOString(),
      headline: updates.length ? headline(topTitles) : 'Nothing new since the last digest.',
      updates,
      figures,
      background: background ? [background] : [],
      stats: { articles: articles.length, duplicates, offTopic },
    },
    cursorTo,
    told: toldItems,
  };
}

function storyInput(story: Story, spin: number, published: string): StoryInput {
  return { root: story.root, article: story.primary.id, outlets: story.outlets, spin, time: Date.parse(published) };
}

function sourcesOf(
  d: Development,
  storyOf: ReadonlyMap<number, Story>,
  byId: ReadonlyMap<number, ArticleMeta>,
): SourceRef[] {
  const ids: number[] = [];
  for (const c of d.claims) {
    const story = storyOf.get(c.story);
    if (!story) continue;
    for (const m of [story.primary, ...story.members]) if (!ids.includes(m.id)) ids.push(m.id);
  }
  return ids.slice(0, MAX_SOURCES).map((id) => sourceRef(byId.get(id)!));
}

/** The figures to post, each with the sentence that states it, and the keys the told memory keeps them under. */
async function figuresOf(
  db: Executor,
  primaries: readonly ArticleMeta[],
  analyses: ReadonlyMap<number, ArticleAnalysis>,
  told: ReadonlyMap<string, number>,
  byId: ReadonlyMap<number, ArticleMeta>,
): Promise<{ figure: Figure; key: string }[]> {
  const candidates: FigureCandidate[] = [];
  for (const a of primaries) {
    for (const figure of analyses.get(a.id)?.figures ?? []) candidates.push({ figure, article: a.id, published: a.published_at ?? a.ingested_at });
  }
  const changes = figureChanges(candidates, told);
  const evidence = await sentenceTexts(db, changes);
  return changes.map((c, i) => ({
    figure: { label: c.label, value: c.value, previous: c.previous, evidence: evidence[i]!, kind: c.kind, ...(c.sourcesDiffer ? { sourcesDiffer: true } : {}), source: sourceRef(byId.get(c.article)!) },
    key: c.key,
  }));
}

/** At most one line of context the channel has not had: the strongest background sentence. */
async function backgroundLine(db: Executor, ids: readonly number[], analyses: ReadonlyMap<number, ArticleAnalysis>, told: ReadonlySet<string>): Promise<string | null> {
  const candidates = ids
    .flatMap((article) => (analyses.get(article)?.claims ?? []).filter((c) => c.background && c.sentence >= 0).map((claim) => ({ article, claim })))
    .sort((a, b) => b.claim.weight - a.claim.weight || a.article - b.article || a.claim.sentence - b.claim.sentence)
    .slice(0, 12);
  await fillClaimTexts(db, candidates);
  const best = candidates.find((c) => c.claim.text && !told.has(backgroundKey(c.claim.text)));
  return best ? summarize(best.claim.text!) : null;
}
