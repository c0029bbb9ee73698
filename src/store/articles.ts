import { createHash } from 'node:crypto';
import type { Executor } from './open.ts';
import { nextArticleSeq } from './open.ts';
import type { ArticleRow } from './schema.ts';

/** An article as a source hands it over, before it is stored. */
export interface ArticleInput {
  /** Identifies the article across re-ingests: `file:<absolute path>` or `feed:<feed url>#<guid>`. */
  sourceKey: string;
  kind: 'file' | 'feed';
  file?: string | null;
  url?: string | null;
  canonicalUrl?: string | null;
  feedId?: number | null;
  title: string | null;
  outlet?: string | null;
  byline?: string | null;
  language?: string | null;
  /** ISO-8601. */
  publishedAt: string | null;
  /** Cleaned body text, paragraphs separated by a blank line. */
  text: string;
  summary?: string | null;
  completeness?: 'full' | 'partial';
  partialReason?: string | null;
}

export type SaveStatus = 'inserted' | 'updated' | 'unchanged';

export interface SaveResult {
  status: SaveStatus;
  id: number;
  seq: number;
}

export function contentHash(input: ArticleInput): string {
  const parts = [input.title, input.outlet, input.byline, input.language, input.publishedAt, input.url, input.canonicalUrl, input.text, input.summary, input.completeness, input.partialReason];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Stores an article: a new one is inserted, an edited one is updated in place (and takes a new
 * ingest `seq`, so channels hear about the change), an unchanged one is left alone. An article
 * whose canonical URL is already stored under another key (the same page behind a tracking
 * parameter, or carried by a second feed) is that article: the copy stored first stands, and the
 * result is `unchanged`.
 */
export async function saveArticle(db: Executor, input: ArticleInput, now = new Date()): Promise<SaveResult> {
  const hash = contentHash(input);
  const existing = await db
    .selectFrom('articles')
    .select(['id', 'seq', 'content_hash'])
    .where('source_key', '=', input.sourceKey)
    .executeTakeFirst();
  if (!existing && input.canonicalUrl) {
    // The same page reached through another link or feed: the copy stored first stands. Letting
    // each source overwrite it would make the two take turns, each time as "new" to every channel.
    const copy = await db.selectFrom('articles').select(['id', 'seq']).where('canonical_url', '=', input.canonicalUrl).executeTakeFirst();
    if (copy) return { status: 'unchanged', id: copy.id, seq: copy.seq };
  }
  if (existing && existing.content_hash === hash) return { status: 'unchanged', id: existing.id, seq: existing.seq };

  const stamp = now.toISOString();
  const seq = await nextArticleSeq(db);
  const values = {
    seq,
    kind: input.kind,
    file: input.file ?? null,
    url: input.url ?? null,
    canonical_url: input.canonicalUrl ?? null,
    feed_id: input.feedId ?? null,
    title: input.title,
    outlet: input.outlet ?? null,
    byline: input.byline ?? null,
    language: input.language ?? null,
    published_at: input.publishedAt,
    updated_at: stamp,
    content_hash: hash,
    text: input.text,
    summary: input.summary ?? null,
    completeness: input.completeness ?? 'full',
    partial_reason: input.partialReason ?? null,
  };
  if (existing) {
    await db.updateTable('articles').set(values).where('id', '=', existing.id).execute();
    return { status: 'updated', id: existing.id, seq };
  }
  const row = await db
    .insertInto('articles')
    .values({ ...values, source_key: input.sourceKey, ingested_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { status: 'inserted', id: Number(row.id), seq };
}

export async function articlesAfter(db: Executor, seq: number): Promise<ArticleRow[]> {
  return db.selectFrom('articles').selectAll().where('seq', '>', seq).orderBy('seq').execute();
}
