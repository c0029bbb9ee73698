import { createHash } from 'node:crypto';
import type { ArticleInput } from '../store/index.ts';
import type { FeedItem, ParsedFeed } from './feed-parse.ts';
import { htmlToLine, htmlToText } from './html-text.ts';

/** Longest title kept; feeds that put a whole paragraph in the title are cut at a word. */
const maxTitleChars = 300;
/**
 * Longest text kept from one item: several times the longest news article, and a bound on what a
 * hostile feed can make the analysis chew on (a feed may be up to `fetch.maxBytes`). Cut at a paragraph.
 */
export const maxItemTextChars = 100_000;
/** HTML read per item: ten times the text kept is room for any markup, and bounds the scan. */
const maxItemHtmlChars = 10 * maxItemTextChars;

/**
 * The one place a feed item becomes an article. Every string from the feed passes through the
 * HTML-to-text cleaner, so no markup, script or link from the feed reaches the store. The text is
 * the item's fullest content, else its summary, else its title (a headline-only feed still says
 * something); `summary` keeps the item's own summary when the text came from fuller content.
 *
 * Identity is `feed:<feed url>#<guid>`, falling back to the item link and, for an item with
 * neither, to a hash of its title and date, so the same item read again updates in place.
 */
export function feedItemToArticle(feed: ParsedFeed, item: FeedItem, feedUrl: string, feedId: number | null): ArticleInput {
  const title = item.title ? truncate(htmlToLine(item.title), maxTitleChars) || null : null;
  const content = item.contentHtml ? clip(htmlToText(item.contentHtml.slice(0, maxItemHtmlChars))) : '';
  const summary = item.summaryHtml ? clip(htmlToText(item.summaryHtml.slice(0, maxItemHtmlChars))) : '';
  const identity = item.guid ?? item.link ?? `sha1:${createHash('sha1').update(`${item.title ?? ''}\n${item.publishedAt ?? ''}\n${item.contentHtml ?? ''}`).digest('hex')}`;
  return {
    sourceKey: `feed:${feedUrl}#${identity}`,
    kind: 'feed',
    url: item.link,
    feedId,
    title,
    outlet: outletName(feed, feedUrl),
    byline: item.author ? htmlToLine(item.author) || null : null,
    language: feed.language ? htmlToLine(feed.language).slice(0, 35) || null : null,
    publishedAt: item.publishedAt,
    text: content || summary || title || '',
    summary: summary && summary !== content ? summary : null,
  };
}

/** The outlet is the feed's title, else the host name of the site or feed. */
export function outletName(feed: ParsedFeed, feedUrl: string): string {
  const title = feed.title ? truncate(htmlToLine(feed.title), 120) : '';
  if (title) return title;
  try {
    return new URL(feed.link ?? feedUrl).hostname.replace(/^www\./, '');
  } catch {
    return new URL(feedUrl).hostname;
  }
}

function clip(text: string): string {
  if (text.length <= maxItemTextChars) return text;
  const cut = text.slice(0, maxItemTextChars);
  const paragraph = cut.lastIndexOf('\n\n');
  return paragraph > maxItemTextChars / 2 ? cut.slice(0, paragraph) : truncate(cut, maxItemTextChars - 1);
}

function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
