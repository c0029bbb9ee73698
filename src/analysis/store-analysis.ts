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

/** Analyzes every article that has no current analysis yet, in ingest order, and files its LSH bands. */
export async function analyzePending(db: Executor): Promise<number> {
  // One transaction per call when the caller has none: a thousand small commits would dominate the cost.
  if (!db.isTransaction) return db.transaction().execute((trx) => analyzePending(trx));
  let done = 0;
  for (;;) {
    const pending = await db
      .selectFrom('articles')
      .leftJoin('annotations', (join) =>
        join.onRef('annotations.article_id', '=', 'articles.id').on('annotations.kind', '=', 'analysis').on('annotations.version', '=', ANALYSIS_VERSION),
      )
      .select(['articles.id', 'articles.seq', 'articles.title', 'articles.text'])
      .where('annotations.article_id', 'is', null)
      .orderBy('articles.seq')
      .limit(BATCH)
      .execute();
    if (pending.length === 0) return done;
    for (const article of pending) {
      await storeAnalysis(db, article.id, article.seq, analyzeArticle(article.title, article.text));
      done++;
    }
  }
}

async function storeAnalysis(db: Executor, id: number, seq: number, analysis: ArticleAnalysis): Promise<void> {
  const duplicate = await findDuplicate(db, id, seq, analysis);
  await db.deleteFrom('annotations').where('article_id', '=', id).where('kind', 'in', ['analysis', 'duplicate', 'fingerprint']).execute();
  // The fingerprint is stored on its own: duplicate checks read it for every candidate, and it is small.
  const { shingles, bands, ...rest } = analysis;
  await db
    .insertInto('annotations')
    .values([
      { article_id: id, kind: 'analysis', version: ANALYSIS_VERSION, data: JSON.stringify({ ...rest, shingles: [], bands: [] }) },
      { article_id: id, kind: 'fingerprint', version: ANALYSIS_VERSION, data: JSON.stringify(shingles) },
      { article_id: id, kind: 'duplicate', version: ANALYSIS_VERSION, data: JSON.stringify(duplicate) },
    ])
    .execute();
  await db.deleteFrom('lsh_buckets').where('article_id', '=', id).execute();
  if (shingles.length > 0) {
    await db
      .insertInto('lsh_buckets')
      .values(bands.map((band) => ({ band, article_id: id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * The earlier article this one copies: candidates share an LSH band; each is confirmed on the
 * shingle sets; the story is named by its first-ingested article.
 */
async function findDuplicate(db: Executor, id: number, seq: number, analysis: ArticleAnalysis): Promise<DuplicateInfo> {
  if (analysis.shingles.length === 0) return { of: null, similarity: 0, reason: 'no names or numbers to compare' };
  const candidates = await db
    .selectFrom('lsh_buckets')
    .innerJoin('articles', 'articles.id', 'lsh_buckets.article_id')
    .select(['articles.id', 'articles.seq', 'articles.title', 'articles.outlet'])
    .distinct()
    .where('lsh_buckets.band', 'in', analysis.bands)
    .where('articles.id', '!=', id)
    .where('articles.seq', '<', seq)
    .orderBy('articles.seq')
    .execute();
  if (candidates.length === 0) return { of: null, similarity: 0, reason: 'no earlier article shares its fingerprint' };
  const rows = await db
    .selectFrom('annotations')
    .select(['article_id', 'kind', 'data'])
    .where('article_id', 'in', candidates.map((c) => c.id))
    .where('kind', 'in', ['fingerprint', 'duplicate'])
    .where('version', '=', ANALYSIS_VERSION)
    .execute();
  for (const c of candidates) {
    const other = rows.find((r) => r.article_id === c.id && r.kind === 'fingerprint');
    if (!other) continue;
    const { duplicate, similarity } = isDuplicate(analysis.shingles, JSON.parse(other.data) as number[]);
    if (!duplicate) continue;
    const root = rows.find((r) => r.article_id === c.id && r.kind === 'duplicate');
    const rootOf = root ? ((JSON.parse(root.data) as DuplicateInfo).of ?? c.id) : c.id;
    const name = [c.title ? `"${c.title}"` : `article ${c.id}`, c.outlet ? `(${c.outlet})` : ''].filter(Boolean).join(' ');
    return { of: rootOf, similarity: Math.round(similarity * 100) / 100, reason: `duplicate of ${name}: ${Math.round(similarity * 100)}% of names and numbers in the same order` };
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
    const articles = await db.selectFrom('articles').select(['id', 'title', 'text']).where('id', 'in', missing).execute();
    for (const a of articles) {
      const r = relevance(a.title, a.text, topic);
      out.set(a.id, r);
      await db.deleteFrom('annotations').where('article_id', '=', a.id).where('kind', '=', 'relevance').execute();
      await db.insertInto('annotations').values({ article_id: a.id, kind: 'relevance', version: 1, data: JSON.stringify({ ...r, topic: fingerprint }) }).execute();
    }
  }
  return out;
}
