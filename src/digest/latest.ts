import { sql } from 'kysely';
import type { Config } from '../config/index.ts';
import type { Dialect, Executor } from '../store/index.ts';
import { findQuotes } from '../analysis/quotes.ts';
import { splitArticle, standAlone } from '../analysis/text.ts';
import type { LatestAnswer } from './model.ts';
import { sourceRef } from './source-ref.ts';

export interface LatestInput {
  db: Executor;
  dialect: Dialect;
  query: string;
  config: Config;
  limit: number;
  now: Date;
}

/** Words of a free-text query, safe to hand to FTS5 or to_tsquery. */
export function queryWords(query: string): string[] {
  const stop = new Set(['the', 'a', 'an', 'on', 'in', 'of', 'and', 'or', 'to', 'for', 'about', 'latest', 'news', 'what', 'is', 'are', 'with', 'at']);
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => !stop.has(w)).slice(0, 12);
}

/** Article ids matching the query, best text match first (at most `max`). */
export async function searchArticles(db: Executor, dialect: Dialect, words: string[], max: number): Promise<{ id: number; rank: number }[]> {
  if (words.length === 0) return [];
  if (dialect === 'sqlite') {
    const match = words.map((w) => `"${w}"`).join(' OR ');
    const rows = await sql<{ id: number; rank: number }>`SELECT rowid AS id, bm25(article_fts, 2.0, 1.0) AS rank FROM article_fts WHERE article_fts MATCH ${match} ORDER BY rank LIMIT ${max}`.execute(db);
    // bm25 is lower-is-better and negative; turn it into a positive score.
    return rows.rows.map((r) => ({ id: Number(r.id), rank: -Number(r.rank) }));
  }
  const tsquery = words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).join(' | ');
  const rows = await sql<{ id: number; rank: number }>`SELECT id, ts_rank(search, to_tsquery('english', ${tsquery})) AS rank FROM articles WHERE search @@ to_tsquery('english', ${tsquery}) ORDER BY rank DESC LIMIT ${max}`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }));
}

/** `/latest QUERY`: the most recent developments relevant to the query, best first. */
export async function answerLatest({ db, dialect, query, limit, now }: LatestInput): Promise<LatestAnswer> {
  const words = queryWords(query);
  const hits = await searchArticles(db, dialect, words, 200);
  const byId = new Map(hits.map((h) => [h.id, h.rank]));
  const rows = hits.length
    ? await db.selectFrom('articles').select(['id', 'seq', 'title', 'outlet', 'url', 'file', 'published_at', 'ingested_at', 'text']).where('id', 'in', [...byId.keys()]).execute()
    : [];
  const when = (r: (typeof rows)[number]) => r.published_at ?? r.ingested_at;
  rows.sort((a, b) => when(b).localeCompare(when(a)) || (byId.get(b.id) ?? 0) - (byId.get(a.id) ?? 0));
  const updates = rows.slice(0, limit).map((row) => {
    const { paragraphs, sentences } = splitArticle(row.text);
    const best = sentences.find((s) => words.some((w) => s.text.toLowerCase().includes(w))) ?? sentences[0];
    const source = sourceRef(row);
    const quote = findQuotes(paragraphs).find((q) => !q.partial);
    return {
      summary: best ? standAlone(best.text) : (row.title ?? ''),
      quotes: quote ? [{ text: quote.segments[0]!.text, speaker: null, source }] : [],
      sources: [source],
      published: row.published_at,
    };
  });
  return { query, asOf: now.toISOString(), updates };
}
