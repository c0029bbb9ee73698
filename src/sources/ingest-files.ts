import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, UserError } from '../errors.ts';
import { saveArticle, type ArticleInput, type Executor, type SaveResult } from '../store/index.ts';
import type { IngestContext } from './context.ts';
import { displayPath, isArticleFile, readArticle } from './files.ts';

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
 * Ingests files and folders (folders recursively: `.txt`, `.md`, `.html`). A file that cannot be
 * used is skipped with its reason and the rest are still stored. Re-ingesting an unchanged file is
 * a no-op; an edited file updates its article (and takes a new ingest sequence, so channels hear
 * of it) instead of adding a second one. Articles of one run are stored oldest first, so the
 * ingest sequence follows the story where the files say when they were published. Skipped files
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

  const articles: ArticleInput[] = [];
  for (const file of [...new Set(files)]) {
    try {
      const { article, datedByModification } = await readArticle(file);
      articles.push(datedByModification ? await keepFirstDate(ctx.db, article) : article);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      result.skipped.push({ file: displayPath(file), reason: reasonOf(error.message, displayPath(file)) });
    }
  }
  articles.sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.sourceKey.localeCompare(b.sourceKey));

  for (const article of articles) {
    const saved = await inTransaction(ctx.db, (db) => saveArticle(db, article, ctx.now()));
    result[saved.status] += 1;
    ctx.logger.debug({ file: article.file, status: saved.status, seq: saved.seq }, 'article file ingested');
  }
  return result;
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

/** The store's sequence counter and the article row change together or not at all. */
function inTransaction(db: Executor, work: (db: Executor) => Promise<SaveResult>): Promise<SaveResult> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** "articles/x.txt: binary file, not text" → "binary file, not text". */
function reasonOf(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
