import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import type { ArticleInput } from '../store/index.ts';
import { cleanTitle, dropPageJunk, looksLikeTitle, toParagraphs } from './cleanup.ts';
import { parseIsoDate, splitFrontMatter } from './front-matter.ts';
import { extractArticle, judgePage, type ExtractedArticle } from './extract/index.ts';

/** File types read as articles. */
export const articleExtensions = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;

/** Larger files are refused: no news article is this long, and reading one whole would cost memory. */
export const maxArticleFileBytes = 5 * 1024 * 1024;

export function isArticleFile(file: string): boolean {
  return (articleExtensions as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** How a file is named to users: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

function fileError(file: string, reason: string): UserError {
  return new UserError('file_unreadable', `${displayPath(file)}: ${reason}`);
}

/**
 * Reads one article file into what the store takes. Front matter wins over what the text says;
 * the title is otherwise the first line when it reads as a title (else none: a title is never
 * invented from body text), and the publication date falls back to the file's modification time.
 * Throws a `UserError` naming the file and the reason when the file cannot be used.
 */
export async function readArticleFile(file: string): Promise<ArticleInput> {
  return readArticle(file).article;
}

export interface ReadArticle {
  article: ArticleInput;
  /** The publication date is only the file's modification time: neither the file nor its text gives one. */
  datedByModification: boolean;
}

/**
 * Synchronous: a folder is thousands of small files, and one blocking read each costs a fraction
 * of what the promise-based calls cost (stat, open, fstat, read and close as separate trips
 * through the thread pool). Callers reading many files yield between them.
 */
export function readArticle(file: string): ReadArticle {
  const absolute = path.resolve(file);
  const name = displayPath(absolute);
  const raw = readTextFile(absolute);
  const { data, body } = splitFrontMatter(raw.text, name);

  const extension = path.extname(absolute).toLowerCase();
  const parsed = extension === '.html' || extension === '.htm' ? fromHtml(readHtml(body, absolute)) : fromPlainText(body, extension !== '.txt');
  const paragraphs = dropPageJunk(parsed.paragraphs);

  let title = data.title ?? parsed.title;
  if (!data.title && title === null && paragraphs.length > 1 && looksLikeTitle(paragraphs[0]!, paragraphs.slice(1))) {
    title = paragraphs.shift()!;
  }
  const outlet = data.outlet ?? parsed.siteName ?? null;
  if (paragraphs.length === 0) throw fileError(absolute, 'no article text (empty after front matter and page junk)');

  const published = data.published ?? parsed.publishedAt;
  const article: ArticleInput = {
    sourceKey: `file:${absolute}`,
    kind: 'file',
    file: name,
    url: data.url ?? parsed.canonicalUrl,
    canonicalUrl: parsed.canonicalUrl,
    title: title === null ? null : cleanTitle(title, outlet) || null,
    outlet,
    byline: parsed.byline,
    language: data.language ?? parsed.language ?? null,
    publishedAt: published ?? raw.modified.toISOString(),
    text: paragraphs.join('\n\n'),
  };
  return { article, datedByModification: published === null || published === undefined };
}

/**
 * The one place `.html` files are turned into text: the same extractor that reads the pages feed
 * items link to, and the same verdict, so a saved cookie wall or paywall teaser is refused.
 */
function readHtml(html: string, file: string): ExtractedArticle {
  const article = extractArticle(html, null);
  const verdict = judgePage(html, article, 0);
  if (!verdict.readable) throw fileError(file, `not an article: ${verdict.detail}`);
  return article;
}

interface ParsedBody {
  title: string | null;
  paragraphs: string[];
  publishedAt: string | null;
  language: string | null;
  siteName: string | null;
  byline: string | null;
  canonicalUrl: string | null;
}

function fromHtml(article: ExtractedArticle): ParsedBody {
  return {
    title: article.title,
    paragraphs: toParagraphs(article.text),
    publishedAt: article.publishedAt ? parseIsoDate(article.publishedAt) ?? article.publishedAt : null,
    language: article.language,
    siteName: article.siteName,
    byline: article.byline,
    canonicalUrl: article.canonicalUrl,
  };
}

const noMetadata = { publishedAt: null, language: null, siteName: null, byline: null, canonicalUrl: null } as const;

/** Plain text, or Markdown read as plain text: a leading `# Heading` is the title. */
function fromPlainText(body: string, markdown: boolean): ParsedBody {
  if (!markdown) return { title: null, paragraphs: toParagraphs(body), ...noMetadata };
  const text = body.replace(/^\s*\n/, '');
  const heading = /^#{1,2}[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(text);
  return {
    title: heading ? markdownToText(heading[1]!).trim() : null,
    paragraphs: toParagraphs(markdownToText(heading ? text.slice(heading[0].length) : text)),
    ...noMetadata,
  };
}

/** Markup a reader does not see: heading marks, emphasis, link targets, images, HTML comments. */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$/gm, '\n$1\n')
    .replace(/^\s*>\s?/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[\s(])[*_](?=\S)([^*_\n]*?\S)[*_](?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/^\s*([-*_])(\s*\1){2,}\s*$/gm, '');
}

interface RawText {
  text: string;
  modified: Date;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a file as UTF-8 text, refusing what is not one: missing, too large, empty, binary, other encodings. */
function readTextFile(file: string): RawText {
  let stat;
  try {
    // Stat before opening: opening a FIFO would wait for a writer.
    stat = fs.statSync(file);
  } catch (error) {
    throw fileError(file, systemReason(error));
  }
  if (!stat.isFile()) throw fileError(file, 'not a regular file');
  if (stat.size > maxArticleFileBytes) {
    throw fileError(file, `too large (${megabytes(stat.size)} MB; the limit is ${megabytes(maxArticleFileBytes)} MB)`);
  }
  if (stat.size === 0) throw fileError(file, 'empty file');

  let bytes: Buffer;
  try {
    bytes = readBytes(file, stat.size);
  } catch (error) {
    throw fileError(file, systemReason(error));
  }
  // A NUL byte never occurs in text; it marks images, archives, office documents and UTF-16.
  if (bytes.subarray(0, 64 * 1024).includes(0)) throw fileError(file, 'binary file, not text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw fileError(file, 'not valid UTF-8 text (save it as UTF-8)');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw fileError(file, 'empty file (whitespace only)');
  return { text, modified: stat.mtime };
}

/** Files up to this size are read into one buffer kept for the purpose; larger ones into their own. */
const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | null = null;

/**
 * The first `size` bytes of a file (its size when it was checked, as fs.readFileSync reads). The
 * bytes of a small file are valid only until the next read: a new buffer for each of thousands
 * of files was garbage the collector freed long after, and it showed in peak memory.
 */
function readBytes(file: string, size: number): Buffer {
  const buffer = size <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : Buffer.allocUnsafe(size);
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    while (length < size) {
      const read = fs.readSync(fd, buffer, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return `cannot read: ${(error as Error).message}`;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
