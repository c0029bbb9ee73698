import Parser from 'rss-parser';
import { UserError, errorMessage } from '../errors.ts';

/** One feed entry as read from the document, before it becomes an article. Strings are raw (HTML allowed). */
export interface FeedItem {
  guid: string | null;
  /** Absolute http(s) URL, resolved against the feed URL; null when missing or of another scheme. */
  link: string | null;
  title: string | null;
  /** ISO-8601, or null when the item has no date or one that cannot be read. */
  publishedAt: string | null;
  author: string | null;
  /** The fullest content the item carries: `content:encoded`, Atom `content`, else the description or summary. */
  contentHtml: string | null;
  /** The item's own summary when it also has fuller content. */
  summaryHtml: string | null;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  language: string | null;
  items: FeedItem[];
  /** Entries the document holds that were not read: lost to broken XML, or with neither a title nor content. */
  unreadable: number;
}

export class FeedParseError extends UserError {
  override name = 'FeedParseError';

  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super('feed_invalid', `${url}: ${detail}`);
  }
}

/** More entries than any news feed carries; the rest of a longer document is ignored. */
export const maxItemsPerFeed = 500;

/**
 * Reads an RSS 2.0 / 0.9x, RSS 1.0 (RDF) or Atom document. A document that declares entities in
 * its DOCTYPE is refused before the XML parser sees it: entity declarations are how "billion
 * laughs" expansion and external-entity reads work, and no real feed needs them. Documents the
 * parser cannot read are reported with its reason; documents it reads only partly (some broken
 * XML does "parse") are noticed by counting the entries the text holds.
 */
export async function parseFeed(xml: string, url: string): Promise<ParsedFeed> {
  const prolog = xml.slice(0, firstElementIndex(xml));
  if (/<!ENTITY/i.test(prolog)) {
    throw new FeedParseError(url, 'refused: the feed declares entities in its DOCTYPE (entity expansion is not allowed)');
  }
  if (xml.trim() === '') throw new FeedParseError(url, 'not a feed: the response is empty');

  let raw: RawFeed;
  try {
    raw = (await new Parser({ defaultRSS: 2 }).parseString(withReadableAtomDates(firstEntries(xml, maxItemsPerFeed)))) as RawFeed;
  } catch (error) {
    throw new FeedParseError(url, describeParserError(error, xml));
  }

  const declared = countEntries(xml);
  const rawItems = Array.isArray(raw.items) ? raw.items : [];
  const items = rawItems
    .slice(0, maxItemsPerFeed)
    .map((item) => readItem(item, url))
    .filter((item): item is FeedItem => item !== null);
  // The parser dropping entries the text holds is what a partial parse of broken XML looks like.
  if (rawItems.length === 0 && declared > 0) {
    throw new FeedParseError(url, `malformed feed: none of its ${declared} entries could be read`);
  }
  return {
    title: text(raw.title),
    link: absoluteLink(text(raw.link), url),
    language: text(raw.language),
    items,
    unreadable: Math.max(0, Math.min(declared, maxItemsPerFeed) - items.length),
  };
}

interface RawFeed {
  title?: unknown;
  link?: unknown;
  language?: unknown;
  items?: Record<string, unknown>[];
}

function readItem(item: Record<string, unknown>, feedUrl: string): FeedItem | null {
  const encoded = text(item['content:encoded']);
  const content = text(item.content);
  const summary = text(item.summary);
  const guid = text(item.guid) ?? text(item.id);
  const link = absoluteLink(text(item.link), feedUrl);
  const title = text(item.title);
  const contentHtml = encoded ?? content ?? summary;
  // An entry with neither a title nor content has nothing to tell a reader.
  if (!title && !contentHtml) return null;
  return {
    guid,
    link,
    title,
    publishedAt: readDate(text(item.isoDate) ?? text(item.pubDate) ?? text(item.date)),
    author: text(item.creator) ?? text(item.author),
    contentHtml,
    summaryHtml: encoded ? content ?? summary : content && summary && summary !== content ? summary : null,
  };
}

/** A string value from rss-parser's output, which can also hand back objects for elements with attributes. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return text((value as { _: string })._);
  return null;
}

function absoluteLink(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const resolved = new URL(link, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/**
 * Dates that cannot be read, or that fall outside any plausible publication date (their ISO form
 * would not even sort as text), are null.
 */
export function readDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1900 && year <= 2200 ? new Date(time).toISOString() : null;
}

/**
 * The document cut after its `limit`th entry and closed again. Parsing is synchronous, and an
 * archive feed of tens of thousands of entries would hold the event loop (and the bot's answers
 * to Slack and Discord) for seconds to read entries that are dropped anyway; news feeds list
 * their newest entries first.
 */
export function firstEntries(xml: string, limit: number): string {
  const ends = /<\/(?:[\w-]+:)?(?:item|entry)\s*>/g;
  let cut = -1;
  for (let count = 0; count <= limit; count++) {
    const match = ends.exec(xml);
    if (!match) return xml;
    if (count === limit - 1) cut = match.index + match[0].length;
  }
  const root = /^<([\w:-]+)/.exec(xml.slice(firstElementIndex(xml)))?.[1];
  if (!root || cut === -1) return xml;
  return `${xml.slice(0, cut)}${/(^|:)rss$/i.test(root) ? '</channel>' : ''}</${root}>`;
}

/** Where the root element starts, skipping comments (a `<tag>` inside one must not end the prolog early). */
function firstElementIndex(xml: string): number {
  const pattern = /<!--[\s\S]*?(?:-->|$)|<[A-Za-z_]/g;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    if (!match[0].startsWith('<!--')) return match.index;
  }
  return xml.length;
}

function countEntries(xml: string): number {
  return (xml.match(/<(?:[\w-]+:)?(?:item|entry)[\s>/]/g) ?? []).length;
}

/**
 * rss-parser turns an Atom entry's `published`/`updated` into a date with `toISOString()`, which
 * throws on a date it cannot read and so loses the whole feed over one bad entry. Such dates are
 * emptied first, leaving the entry without a date, as any other unreadable date.
 */
function withReadableAtomDates(xml: string): string {
  if (!/<(?:published|updated)[\s>]/.test(xml)) return xml;
  return xml.replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, name: string, attributes: string | undefined, value: string) =>
    Number.isNaN(new Date(value.trim()).getTime()) ? `<${name}${attributes ?? ''}></${name}>` : whole,
  );
}

function describeParserError(error: unknown, xml: string): string {
  const message = errorMessage(error).split('\n')[0]!.trim();
  if (message === 'Feed not recognized as RSS 1 or 2.') {
    return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!DOCTYPE\s+html|<html[\s>]/i.test(xml.slice(0, 2048))
      ? 'not a feed: the address serves an HTML page'
      : 'not a feed: the document is neither RSS nor Atom';
  }
  if (message === 'Unable to parse XML.') return 'not a feed: no XML document in the response';
  if (error instanceof TypeError || error instanceof RangeError) {
    if (/<rss[\s>]/.test(xml) && !/<channel[\s>]/.test(xml)) return 'malformed feed: an RSS document without a <channel>';
    return `malformed feed: unexpected structure (${message})`;
  }
  const detail = errorMessage(error).replace(/\s*\n\s*/g, ', ').slice(0, 200);
  return `malformed XML: ${detail}`;
}
