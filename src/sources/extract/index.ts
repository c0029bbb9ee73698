import { Readability } from '@mozilla/readability';
import { UserError } from '../../errors.ts';
import { articleText, type TextNodeLike } from './article-text.ts';
import { dropJunkParagraphs, removePageJunk } from './page-junk.ts';
import { isoTimestamp, languageTag, readPageMetadata } from './page-metadata.ts';
import { parseDocument, type ParsedDocument } from './parse-dom.ts';

export { judgePage, type PageVerdict, type UnreadableReason } from './page-verdict.ts';
export { absoluteHttpUrl } from './page-metadata.ts';

export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  /** ISO-8601 UTC. */
  publishedAt: string | null;
  /** BCP 47 tag such as `en` or `fr-FR`. */
  language: string | null;
  siteName: string | null;
  /** `<link rel="canonical">`, else `og:url`, as an absolute URL; null when the page names none. */
  canonicalUrl: string | null;
  /** Body text: paragraphs separated by a blank line, boilerplate left out, quotation marks kept. */
  text: string;
  /** Characters in `text`. */
  length: number;
}

/**
 * Pages with more elements than this are not read: Readability's work grows faster than the page,
 * and no article page comes near it (the largest of Mozilla's 130 test pages has about 10,000).
 * Readability's own `maxElemsToParse` cannot be used: it counts with `getElementsByTagName('*')`,
 * which linkedom answers with an empty list.
 */
export const maxPageElements = 50_000;

/**
 * Pages nested deeper than this are not read either: Readability's time grows with the square of
 * the nesting (800 levels take seconds, 5,000 minutes), while real article pages stay under 40.
 */
export const maxPageDepth = 200;

interface ElementNode {
  readonly children: ArrayLike<ElementNode>;
}

/** Why a page is too complex to read, or null; walks the tree without recursion and stops early. */
function tooComplex(document: ParsedDocument): string | null {
  const stack: [ElementNode, number][] = [[document.documentElement, 1]];
  let elements = 0;
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!;
    elements += 1;
    if (elements > maxPageElements) return `the page has more than the ${maxPageElements} elements an article page is read with`;
    if (depth > maxPageDepth) return `the page nests elements more than ${maxPageDepth} deep, deeper than an article page is read with`;
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return null;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

/** "By Jane Doe and John Roe" → "Jane Doe and John Roe". */
function cleanByline(value: string | null | undefined): string | null {
  const byline = clean(value)?.replace(/^by\s+/i, '').trim();
  return byline && byline.length <= 200 ? byline : null;
}

/**
 * Reads the article out of an HTML page: Mozilla's Readability over a linkedom DOM, after page
 * furniture is removed, plus the metadata Readability does not give. `url` is the page's address
 * (resolves a relative canonical link); null for a local file.
 *
 * A page without a recognisable article yields empty `text`: deciding whether that makes the page
 * unreadable (and why) is `judgePage`'s job. Throws a `UserError` (`page_too_complex`) for a page
 * with more than `maxPageElements` elements or nested deeper than `maxPageDepth`.
 */
export function extractArticle(html: string, url: string | null): ExtractedArticle {
  const document = parseDocument(html);
  const complexity = tooComplex(document);
  if (complexity) throw new UserError('page_too_complex', complexity);
  const metadata = readPageMetadata(document, url);
  removePageJunk(document);
  const parsed = new Readability<TextNodeLike>(document, {
    serializer: (node) => node as unknown as TextNodeLike,
    // Classes stay so that captions can be told apart from body text.
    keepClasses: true,
  }).parse();
  const paragraphs = parsed?.content ? dropJunkParagraphs(articleText(parsed.content).split('\n\n')) : [];
  const text = paragraphs.join('\n\n');
  return {
    title: clean(parsed?.title) ?? clean(document.title),
    byline: cleanByline(parsed?.byline) ?? cleanByline(metadata.byline),
    publishedAt: isoTimestamp(parsed?.publishedTime) ?? metadata.publishedAt,
    language: languageTag(parsed?.lang) ?? metadata.language,
    siteName: clean(parsed?.siteName) ?? clean(metadata.siteName),
    canonicalUrl: metadata.canonicalUrl,
    text,
    length: text.length,
  };
}
