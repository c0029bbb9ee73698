import { createHash } from 'node:crypto';
import type { Executor } from './open.ts';
import { takeArticleSeqs } from './open.ts';
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

/** The stored columns of an article, but for its key, ingest time and sequence. */
function articleRow(input: ArticleInput, stamp: string, hash: string) {
  return {
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
}

/**
 * Stores an article: a new one is inserted, an edited one is updated in place (and takes a new
 * ingest `seq`, so channels hear about the change), an unchanged one is left alone. An article
 * whose canonical URL is already stored under another key (the same page behind a tracking
 * parameter, or carried by a second feed) is that article: the copy stored first stands, and the
 * result is `unchanged`.
 */
export async function saveArticle(db: Executor, input: ArticleInput, now = new Date()): Promise<SaveResult> {
  return (await saveArticles(db, [input], now))[0]!;
}

/** Keys per IN list and rows per multi-row insert: well within both databases' parameter limits. */
const CHUNK = 200;

/**
 * Stores a batch of articles with the results storing each in turn would give, in a few queries
 * for the whole batch instead of three per article: what is stored under the batch's keys and
 * canonical URLs is read at once, the ingest sequences are taken as one block in the batch's
 * order, and new rows are inserted together. A batch naming one key or canonical URL twice is
 * stored one by one, so the later article sees the earlier. Call inside the batch's transaction.
 */
export async function saveArticles(db: Executor, inputs: readonly ArticleInput[], now = new Date()): Promise<SaveResult[]> {
  const keys = inputs.map((i) => i.sourceKey);
  const urls = inputs.flatMap((i) => (i.canonicalUrl ? [i.canonicalUrl] : []));
  if (new Set(keys).size < keys.length || new Set(urls).size < urls.length) {
    const results: SaveResult[] = [];
    for (const input of inputs) results.push(await saveArticle(db, input, now));
    return results;
  }
  const hashes = inputs.map(contentHash);
  const stored = new Map<string, { id: number; seq: number; content_hash: string }>();
  for (const chunk of chunks(keys, CHUNK)) {
    for (const row of await db.selectFrom('articles').select(['id', 'seq', 'content_hash', 'source_key']).where('source_key', 'in', chunk).execute()) stored.set(row.source_key, row);
  }
  const copies = new Map<string, { id: number; seq: number }>();
  for (const chunk of chunks(inputs.filter((i) => i.canonicalUrl && !stored.has(i.sourceKey)).map((i) => i.canonicalUrl!), CHUNK)) {
    for (const row of await db.selectFrom('articles').select(['id', 'seq', 'canonical_url']).where('canonical_url', 'in', chunk).execute()) {
      if (!copies.has(row.canonical_url!)) copies.set(row.canonical_url!, row);
    }
  }

  const results: (SaveResult | null)[] = inputs.map((input, index) => {
    const existing = stored.get(input.sourceKey);
    // The same page reached through another link or feed: the copy stored first stands. Letting
    // each source overwrite it would make the two take turns, each time as "new" to every channel.
    const copy = !existing && input.canonicalUrl ? copies.get(input.canonicalUrl) : undefined;
    if (copy) return { status: 'unchanged', id: copy.id, seq: copy.seq };
    if (existing && existing.content_hash === hashes[index]) return { status: 'unchanged', id: existing.id, seq: existing.seq };
    return null;
  });
  const changed = results.filter((r) => r === null).length;
  if (changed === 0) return results as SaveResult[];

  const last = await takeArticleSeqs(db, changed);
  let seq = last - changed;
  const stamp = now.toISOString();
  const inserts: { index: number; row: ReturnType<typeof articleRow> & { seq: number } }[] = [];
  for (const [index, input] of inputs.entries()) {
    if (results[index] !== null) continue;
    seq += 1;
    const existing = stored.get(input.sourceKey);
    if (existing) {
      await db.updateTable('articles').set({ ...articleRow(input, stamp, hashes[index]!), seq }).where('id', '=', existing.id).execute();
      results[index] = { status: 'updated', id: existing.id, seq };
    } else {
      inserts.push({ index, row: { ...articleRow(input, stamp, hashes[index]!), seq } });
    }
  }
  for (const chunk of chunks(inserts, CHUNK)) {
    const rows = await db
      .insertInto('articles')
      .values(chunk.map(({ index, row }) => ({ ...row, source_key: inputs[index]!.sourceKey, ingested_at: stamp })))
      .returning(['id', 'source_key'])
      .execute();
    const ids = new Map(rows.map((r) => [r.source_key, Number(r.id)]));
    for (const { index, row } of chunk) results[index] = { status: 'inserted', id: ids.get(inputs[index]!.sourceKey)!, seq: row.seq };
  }
  return results as SaveResult[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function articlesAfter(db: Executor, seq: number): Promise<ArticleRow[]> {
  return db.selectFrom('articles').selectAll().where('seq', '>', seq).orderBy('seq').execute();
}
