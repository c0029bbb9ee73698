import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, UserError } from '../errors.ts';
import { saveArticles, type ArticleInput, type Executor } from '../store/index.ts';
import type { IngestContext } from './context.ts';
import { displayPath, isArticleFile, readArticle, type ReadArticle } from './files.ts';
import { mapLimit } from './map-limit.ts';

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
 * Texts of this many characters in all are kept from the first reading to the storing; past it,
 * each file is read again when its batch is stored, so memory does not grow with the folder.
 */
const KEPT_TEXT_BUDGET = 32 * 1024 * 1024;

/** Files read at once when their dates are first read. */
const READS_IN_FLIGHT = 16;

interface Pending {
  file: string;
  publishedAt: string | null;
  sourceKey: string;
  /** The article as first read, while the budget lasts; else read again when stored. */
  article: ArticleInput | null;
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
  const firstReads = await mapLimit([...new Set(files)], READS_IN_FLIGHT, async (file): Promise<{ pending: Pending } | { skipped: SkippedFile }> => {
    const read = await readForIngest(file);
    if ('skipped' in read) return read;
    const article = read.datedByModification ? await keepFirstDate(ctx.db, read.article) : read.article;
    const keep = kept + article.text.length <= KEPT_TEXT_BUDGET;
    if (keep) kept += article.text.length;
    return { pending: { file, publishedAt: article.publishedAt, sourceKey: article.sourceKey, article: keep ? article : null } };
  });
  // Reasons in the order the files were listed, whichever read finished first.
  const pending: Pending[] = [];
  for (const read of firstReads) {
    if ('skipped' in read) result.skipped.push(read.skipped);
    else pending.push(read.pending);
  }
  pending.sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.sourceKey.localeCompare(b.sourceKey));

  for (let start = 0; start < pending.length; start += INGEST_BATCH) {
    const batch: ArticleInput[] = [];
    for (const entry of pending.slice(start, start + INGEST_BATCH)) {
      // Read again with the date of the first reading, so the order decided above holds.
      const read = entry.article ? { article: entry.article } : await readForIngest(entry.file);
      if ('skipped' in read) result.skipped.push(read.skipped);
      else batch.push({ ...read.article, publishedAt: entry.publishedAt });
      entry.article = null;
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
async function readForIngest(file: string): Promise<ReadArticle | { skipped: SkippedFile }> {
  try {
    return await readArticle(file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { skipped: { file: displayPath(file), reason: reasonOf(error.message, displayPath(file)) } };
  }
}

/**
 * A file dated only by its modification time keeps the date it was first stored with: copying
 * the folder, a checkout or a `touch` changes the time but not the article, and must not make it
 * "updated" and new to every channel again.
 */
async function keepFirstDate(db: Executor, article: ArticleInput): Promise<ArticleInput> {
  const stored = await db.selectFrom('articles').select('published_at').where('source_key', '=', article.sourceKey).executeTakeFirst();
  return stored?.published_at ? { ...article, publishedAt: stored.published_at } : article;
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
