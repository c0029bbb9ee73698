import { createHash } from 'node:crypto';
import type { TopicConfig } from '../config/index.ts';
import type { Executor } from '../store/index.ts';
import { analyzeArticle, ANALYSIS_VERSION, type ArticleAnalysis } from './analyze-article.ts';
import { isDuplicate } from './fingerprint.ts';
import { relevance, type Relevance } from './relevance.ts';

/**
 * Per-article analysis kept in `annotations`, so it is computed once per article (and analyzer
 * version), whatever the number of channels and digests:
 *
 * - `analysis`: quotes, speakers, figures, claims, fingerprint (analyze-article.ts);
 * - `duplicate`: which earlier article this one copies, with the similarity and a reason, found
 *   through the LSH buckets (`lsh_buckets`) — never by comparing with every stored article;
 * - `relevance`: on or off the configured topic, with the reason, per topic definition.
 *
 * The duplicate and relevance rows are also the answer to "why wasn't this article posted?".
 */

export interface DuplicateInfo {
  /** The first-ingested article of the story this article copies, or null when it is the first. */
  of: number | null;
  similarity: number;
  reason: string;
}

const BATCH = 200;
/**
 * Articles up to this many sequence numbers below the watermark are still checked for a missing
 * analysis: on PostgreSQL, concurrent ingests may commit a lower `seq` after a higher one.
 */
const WINDOW = 2000;
const watermarkName = `analysis_seq_v${ANALYSIS_VERSION}`;
const MAX_BAND_POSTINGS = 64;
const MAX_CANDIDATES = 12;

type Pending = { id: number; seq: number; title: string | null; text: string };
type Known = Map<number, { shingles: number[]; of: number | null }>;

/**
 * Analyzes every article that has no current analysis yet, in ingest order, and files its LSH
 * bands. A watermark (in `counters`) keeps this from scanning the whole store on every call; a
 * new analyzer version starts from zero and re-analyzes everything once.
 */
export async function analyzePending(db: Executor, topic?: TopicConfig): Promise<number> {
  // Nothing pending is the common case (every /latest asks first), and is found without a transaction.
  if (await nothingPending(db)) return 0;
  // One transaction per call when the caller has none: a thousand small commits would dominate the cost.
  if (!db.isTransaction) return db.transaction().execute((trx) => analyzePending(trx, topic));
  // Concurrent planners (several instances on PostgreSQL) would analyze the same articles and
  // collide on their annotations: the watermark row is the lock they take turns on. Once it is held,
  // what another planner analyzed meanwhile is committed and no longer pending.
  await db.insertInto('counters').values({ name: watermarkName, value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  await db.updateTable('counters').set((eb) => ({ value: eb.ref('value') })).where('name', '=', watermarkName).execute();
  const mark = await readWatermark(db);
  let done = 0;
  for (;;) {
    const pending = await pendingArticles(db, mark, BATCH);
    if (pending.length === 0) break;
    await analyzeBatch(db, pending, topic);
    done += pending.length;
  }
  if (done > 0) await moveWatermark(db);
  return done;
}

async function readWatermark(db: Executor): Promise<number> {
  return Number((await db.selectFrom('counters').select('value').where('name', '=', watermarkName).executeTakeFirst())?.value ?? 0);
}

async function nothingPending(db: Executor): Promise<boolean> {
  const seen = await readWatermark(db);
  if ((await pendingArticles(db, seen, 1)).length > 0) return false;
  // All analysed but no watermark (a store filled by a copy, say): set one, or every look scans the store.
  if (seen === 0) await moveWatermark(db);
  return true;
}

/** The watermark to the newest article's sequence number: everything up to it has been analysed. */
async function moveWatermark(db: Executor): Promise<void> {
  const top = await db.selectFrom('articles').select((eb) => eb.fn.max('seq').as('top')).executeTakeFirst();
  const value = Number(top?.top ?? 0);
  await db.insertInto('counters').values({ name: watermarkName, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}

/** Articles without a current analysis, in ingest order; `mark` 0 means no watermark yet. */
function pendingArticles(db: Executor, mark: number, limit: number): Promise<Pending[]> {
  let query = db
    .selectFrom('articles')
    .leftJoin('annotations', (join) =>
      join.onRef('annotations.article_id', '=', 'articles.id').on('annotations.kind', '=', 'analysis').on('annotations.version', '=', ANALYSIS_VERSION),
    )
    .select(['articles.id', 'articles.seq', 'articles.title', 'articles.text'])
    .where('annotations.article_id', 'is', null);
  if (mark > 0) query = query.where('articles.seq', '>', mark - WINDOW);
  return query.orderBy('articles.seq').limit(limit).execute();
}

async function analyzeBatch(db: Executor, pending: Pending[], topic?: TopicConfig): Promise<void> {
  const ids = pending.map((p) => p.id);
  // The text is in hand: judge relevance to the topic now rather than reading it again at planning.
  if (topic) {
    const fingerprint = topicFingerprint(topic);
    await db.deleteFrom('annotations').where('article_id', 'in', ids).where('kind', '=', 'relevance').execute();
    const relevanceRows = pending.map((a) => ({ article_id: a.id, kind: 'relevance', version: 1, data: JSON.stringify({ ...relevance(a.title, a.text, topic), topic: fingerprint }) }));
    for (let i = 0; i < relevanceRows.length; i += 150) await db.insertInto('annotations').values(relevanceRows.slice(i, i + 150)).execute();
  }
  // Re-analysis (new analyzer version, edited article): drop what the old analysis left.
  const stale = await db.selectFrom('annotations').select('article_id').distinct().where('article_id', 'in', ids).where('kind', 'in', ['analysis', 'duplicate', 'fingerprint']).execute();
  if (stale.length > 0) {
    const staleIds = stale.map((r) => r.article_id);
    await db.deleteFrom('annotations').where('article_id', 'in', staleIds).where('kind', 'in', ['analysis', 'duplicate', 'fingerprint']).execute();
    await db.deleteFrom('lsh_buckets').where('article_id', 'in', staleIds).execute();
  }
  const analyses = pending.map((article) => ({ article, analysis: analyzeArticle(article.title, article.text) }));

  // Candidates among stored articles: one lookup of all the batch's bands. Within the batch, an
  // in-memory band index plays the same part, so the whole batch costs a handful of queries.
  const bands = [...new Set(analyses.flatMap((a) => (a.analysis.shingles.length ? a.analysis.bands : [])))];
  const stored = new Map<string, number[]>();
  for (let i = 0; i < bands.length; i += 500) {
    const rows = await db.selectFrom('lsh_buckets').select(['band', 'article_id']).where('band', 'in', bands.slice(i, i + 500)).execute();
    for (const r of rows) stored.set(r.band, [...(stored.get(r.band) ?? []), r.article_id]);
  }
  // A band shared by very many articles says little (the same run of names in every article of the
  // story); its most recent postings are enough, and they keep each lookup bounded.
  for (const [band, list] of stored) if (list.length > MAX_BAND_POSTINGS) stored.set(band, list.sort((a, b) => a - b).slice(-MAX_BAND_POSTINGS));
  const candidatesOf = (analysis: ArticleAnalysis, self: number): number[] => {
    const hits = new Map<number, number>();
    for (const band of analysis.bands) for (const id of [...(stored.get(band) ?? []), ...(local.get(band) ?? [])]) if (id !== self) hits.set(id, (hits.get(id) ?? 0) + 1);
    // Copies share many bands; an article sharing one is usually another on the same story.
    return [...hits].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, MAX_CANDIDATES).map(([id]) => id);
  };
  const local = new Map<string, number[]>();
  const wanted = new Set<number>();
  for (const { article, analysis } of analyses) if (analysis.shingles.length) for (const id of candidatesOf(analysis, article.id)) if (!ids.includes(id)) wanted.add(id);
  const storedIds = [...wanted];
  const meta = new Map<number, Candidate>();
  const known: Known = new Map();
  for (let i = 0; i < storedIds.length; i += 500) {
    const chunk = storedIds.slice(i, i + 500);
    for (const c of await db.selectFrom('articles').select(['id', 'seq', 'title', 'outlet']).where('id', 'in', chunk).execute()) meta.set(c.id, c);
    const rows = await db.selectFrom('annotations').select(['article_id', 'kind', 'data']).where('article_id', 'in', chunk).where('kind', 'in', ['fingerprint', 'duplicate']).where('version', '=', ANALYSIS_VERSION).execute();
    for (const id of chunk) {
      const fp = rows.find((r) => r.article_id === id && r.kind === 'fingerprint');
      const dup = rows.find((r) => r.article_id === id && r.kind === 'duplicate');
      if (fp) known.set(id, { shingles: JSON.parse(fp.data) as number[], of: dup ? (JSON.parse(dup.data) as DuplicateInfo).of : null });
    }
  }

  const rows: { article_id: number; kind: string; version: number; data: string }[] = [];
  const buckets: { band: string; article_id: number }[] = [];
  for (const { article, analysis } of analyses) {
    const candidateIds = analysis.shingles.length ? candidatesOf(analysis, article.id) : [];
    const candidates = candidateIds.map((id) => meta.get(id)).filter((c): c is Candidate => c !== undefined && c.seq < article.seq && c.id !== article.id);
    const duplicate = findDuplicate(analysis, candidates.sort((x, y) => x.seq - y.seq), known);
    const { shingles, bands: own, ...rest } = analysis;
    known.set(article.id, { shingles, of: duplicate.of });
    meta.set(article.id, { id: article.id, seq: article.seq, title: article.title, outlet: null });
    if (shingles.length) {
      for (const band of own) {
        local.set(band, [...(local.get(band) ?? []), article.id]);
        buckets.push({ band, article_id: article.id });
      }
    }
    // The fingerprint is stored on its own: duplicate checks read it for every candidate, and it is small.
    rows.push(
      { article_id: article.id, kind: 'analysis', version: ANALYSIS_VERSION, data: JSON.stringify({ ...rest, claims: rest.claims.map(({ text: _text, ...claim }) => claim), shingles: [], bands: [] }) },
      { article_id: article.id, kind: 'fingerprint', version: ANALYSIS_VERSION, data: JSON.stringify(shingles) },
      { article_id: article.id, kind: 'duplicate', version: ANALYSIS_VERSION, data: JSON.stringify(duplicate) },
    );
  }
  for (let i = 0; i < rows.length; i += 150) await db.insertInto('annotations').values(rows.slice(i, i + 150)).execute();
  for (let i = 0; i < buckets.length; i += 400) await db.insertInto('lsh_buckets').values(buckets.slice(i, i + 400)).onConflict((oc) => oc.doNothing()).execute();
}

interface Candidate {
  id: number;
  seq: number;
  title: string | null;
  outlet: string | null;
}

/**
 * The earlier article this one copies: candidates share an LSH band; each is confirmed on the
 * shingle sets; the story is named by its first-ingested article.
 */
function findDuplicate(analysis: ArticleAnalysis, candidates: readonly Candidate[], known: Known): DuplicateInfo {
  if (analysis.shingles.length === 0) return { of: null, similarity: 0, reason: 'no names or numbers to compare' };
  if (candidates.length === 0) return { of: null, similarity: 0, reason: 'no earlier article shares its fingerprint' };
  for (const c of candidates) {
    const other = known.get(c.id);
    if (!other) continue;
    const { duplicate, similarity } = isDuplicate(analysis.shingles, other.shingles);
    if (!duplicate) continue;
    const name = [c.title ? `"${c.title}"` : `article ${c.id}`, c.outlet ? `(${c.outlet})` : ''].filter(Boolean).join(' ');
    return { of: other.of ?? c.id, similarity: Math.round(similarity * 100) / 100, reason: `duplicate of ${name}: ${Math.round(similarity * 100)}% of names and numbers in the same order` };
  }
  return { of: null, similarity: 0, reason: 'no earlier article is a copy of the same text' };
}

export interface LoadedAnalysis {
  analysis: ArticleAnalysis;
  duplicate: DuplicateInfo;
}

export async function loadAnalyses(db: Executor, ids: readonly number[]): Promise<Map<number, LoadedAnalysis>> {
  const out = new Map<number, LoadedAnalysis>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('annotations')
      .select(['article_id', 'kind', 'data'])
      .where('article_id', 'in', chunk)
      .where('kind', 'in', ['analysis', 'duplicate'])
      .where('version', '=', ANALYSIS_VERSION)
      .execute();
    const partial = new Map<number, Partial<LoadedAnalysis>>();
    for (const r of rows) {
      const entry = partial.get(r.article_id) ?? {};
      if (r.kind === 'analysis') entry.analysis = JSON.parse(r.data) as ArticleAnalysis;
      else entry.duplicate = JSON.parse(r.data) as DuplicateInfo;
      partial.set(r.article_id, entry);
    }
    for (const [id, e] of partial) if (e.analysis && e.duplicate) out.set(id, e as LoadedAnalysis);
  }
  return out;
}

/** A fingerprint of the topic definition: relevance is recomputed when the topic changes. */
export function topicFingerprint(topic: TopicConfig): string {
  return createHash('sha256').update(JSON.stringify([topic.terms, topic.actors, topic.places])).digest('hex').slice(0, 16);
}

/** On/off topic for each article, from the cache or computed (and cached, with its reason). */
export async function relevanceOf(db: Executor, ids: readonly number[], topic: TopicConfig): Promise<Map<number, Relevance>> {
  const fingerprint = topicFingerprint(topic);
  const out = new Map<number, Relevance>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('annotations').select(['article_id', 'data']).where('article_id', 'in', chunk).where('kind', '=', 'relevance').execute();
    for (const r of rows) {
      const data = JSON.parse(r.data) as Relevance & { topic: string };
      if (data.topic === fingerprint) out.set(r.article_id, { onTopic: data.onTopic, score: data.score, reason: data.reason });
    }
    const missing = chunk.filter((id) => !out.has(id));
    if (missing.length === 0) continue;
    const outdated = rows.map((r) => r.article_id).filter((id) => missing.includes(id));
    if (outdated.length > 0) await db.deleteFrom('annotations').where('article_id', 'in', outdated).where('kind', '=', 'relevance').execute();
    const articles = await db.selectFrom('articles').select(['id', 'title', 'text']).where('id', 'in', missing).execute();
    const inserts = articles.map((a) => {
      const r = relevance(a.title, a.text, topic);
      out.set(a.id, r);
      return { article_id: a.id, kind: 'relevance', version: 1, data: JSON.stringify({ ...r, topic: fingerprint }) };
    });
    for (let j = 0; j < inserts.length; j += 150) await db.insertInto('annotations').values(inserts.slice(j, j + 150)).execute();
  }
  return out;
}
