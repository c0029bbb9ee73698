import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, UserError } from '../errors.ts';
import { saveArticles, type ArticleInput, type Executor } from '../store/index.ts';
import type { IngestContext } from './context.ts';
import { displayPath, isArticleFile, readArticle, type ReadArticle } from './files.ts';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FileIngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: SkippedFile[];
}

/**
 * Articles stored per transaction. Measured with `npm run bench -- --only outside`: one
 * transaction per file spent most of an ingest committing; past a few hundred per batch the gain
 * is gone, and a batch is what a crash can lose (nothing of it is stored, the next run stores it).
 */
export const INGEST_BATCH = 250;

/**
 * Bytes of article text kept from the first reading to the storing; past it, each file is read
 * again when its batch is stored, so memory does not grow with the folder. Texts are kept as
 * UTF-8: nearly every article has a character past Latin-1 (a curly quote, a dash), and V8 then
 * holds the whole string at two bytes a character, so the same memory keeps twice the texts.
 */
const KEPT_TEXT_BUDGET = 64 * 1024 * 1024;

/**
 * Files are read synchronously (see readArticle); after this many, the event loop runs, so
 * `parley start` keeps answering platform requests while it ingests a large folder.
 */
const FILES_BETWEEN_YIELDS = 50;

interface Pending {
  file: string;
  publishedAt: string | null;
  sourceKey: string;
  /** The article as first read, while the budget lasts; else read again when stored. */
  kept: KeptArticle | null;
}

interface KeptArticle {
  article: Omit<ArticleInput, 'text'>;
  text: Buffer;
}

/**
 * Ingests files and folders (folders recursively: `.txt`, `.md`, `.html`). A file that cannot be
 * used is skipped with its reason and the rest are still stored. Re-ingesting an unchanged file is
 * a no-op; an edited file updates its article (and takes a new ingest sequence, so channels hear
 * of it) instead of adding a second one. Articles of one run are stored oldest first, so the
 * ingest sequence follows the story where the files say when they were published: every file is
 * read once for its date, then stored in that order in batches of INGEST_BATCH, one transaction
 * each, so a crash leaves every stored batch whole and the rest to the next run. Skipped files
 * are returned, not logged: the caller reports them (the CLI on stderr, `parley start` in its log).
 */
export async function ingestFiles(ctx: IngestContext, paths: readonly string[]): Promise<FileIngestResult> {
  const result: FileIngestResult = { inserted: 0, updated: 0, unchanged: 0, skipped: [] };
  const files: string[] = [];
  for (const input of paths) {
    const listed = await listArticleFiles(input);
    files.push(...listed.files);
    result.skipped.push(...listed.skipped);
  }

  let kept = 0;
  const pending: Pending[] = [];
  const datedByModification: Pending[] = [];
  let sinceYield = 0;
  for (const file of new Set(files)) {
    if (++sinceYield === FILES_BETWEEN_YIELDS) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
    const read = readForIngest(file);
    if ('skipped' in read) {
      result.skipped.push(read.skipped);
      continue;
    }
    const { text, ...article } = read.article;
    const bytes = kept + Buffer.byteLength(text) <= KEPT_TEXT_BUDGET ? Buffer.from(text) : null;
    if (bytes) kept += bytes.length;
    const entry: Pending = { file, publishedAt: article.publishedAt, sourceKey: article.sourceKey, kept: bytes && { article, text: bytes } };
    pending.push(entry);
    if (read.datedByModification) datedByModification.push(entry);
  }
  await keepFirstDates(ctx.db, datedByModification);
  pending.sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.sourceKey.localeCompare(b.sourceKey));

  for (let start = 0; start < pending.length; start += INGEST_BATCH) {
    const batch: ArticleInput[] = [];
    for (const entry of pending.slice(start, start + INGEST_BATCH)) {
      // Read again with the date of the first reading, so the order decided above holds.
      const read = entry.kept ? { article: { ...entry.kept.article, text: entry.kept.text.toString('utf8') } } : readForIngest(entry.file);
      if ('skipped' in read) result.skipped.push(read.skipped);
      else batch.push({ ...read.article, publishedAt: entry.publishedAt });
      entry.kept = null;
    }
    const saved = await inTransaction(ctx.db, (db) => saveArticles(db, batch, ctx.now()));
    saved.forEach((s, i) => {
      result[s.status] += 1;
      ctx.logger.debug({ file: batch[i]!.file, status: s.status, seq: s.seq }, 'article file ingested');
    });
  }
  return result;
}

/** One file as an article, or why it cannot be used. */
function readForIngest(file: string): ReadArticle | { skipped: SkippedFile } {
  try {
    return readArticle(file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { skipped: { file: displayPath(file), reason: reasonOf(error.message, displayPath(file)) } };
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Source keys per look-up of stored dates. */
const KEYS_PER_QUERY = 200;

/**
 * A file dated only by its modification time keeps the date it was first stored with: copying
 * the folder, a checkout or a `touch` changes the time but not the article, and must not make it
 * "updated" and new to every channel again.
 */
async function keepFirstDates(db: Executor, entries: readonly Pending[]): Promise<void> {
  for (let start = 0; start < entries.length; start += KEYS_PER_QUERY) {
    const chunk = entries.slice(start, start + KEYS_PER_QUERY);
    const rows = await db
      .selectFrom('articles')
      .select(['source_key', 'published_at'])
      .where('source_key', 'in', chunk.map((entry) => entry.sourceKey))
      .execute();
    const stored = new Map(rows.map((row) => [row.source_key, row.published_at]));
    for (const entry of chunk) entry.publishedAt = stored.get(entry.sourceKey) || entry.publishedAt;
  }
}

interface Listing {
  files: string[];
  skipped: SkippedFile[];
}

/** The article files under a path: the file itself, or every article file below a folder. */
async function listArticleFiles(input: string): Promise<Listing> {
  const absolute = path.resolve(input);
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { files: [], skipped: [{ file: input, reason: code === 'ENOENT' ? 'not found' : `cannot read: ${errorMessage(error)}` }] };
  }
  if (stat.isFile()) {
    if (isArticleFile(absolute)) return { files: [absolute], skipped: [] };
    return { files: [], skipped: [{ file: displayPath(absolute), reason: 'not an article file (expected .txt, .md or .html)' }] };
  }
  if (!stat.isDirectory()) return { files: [], skipped: [{ file: displayPath(absolute), reason: 'not a file or folder' }] };
  return walk(absolute);
}

/** Hidden files and folders (`.git`, editor backups) are not articles. */
async function walk(dir: string): Promise<Listing> {
  const listing: Listing = { files: [], skipped: [] };
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    return { files: [], skipped: [{ file: displayPath(dir), reason: `cannot read folder: ${errorMessage(error)}` }] };
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const below = await walk(full);
      listing.files.push(...below.files);
      listing.skipped.push(...below.skipped);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isArticleFile(full)) {
      listing.files.push(full);
    }
  }
  return listing;
}

/** The store's sequence counter and the batch's rows change together or not at all. */
function inTransaction<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** "articles/x.txt: binary file, not text" → "binary file, not text". */
function reasonOf(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
