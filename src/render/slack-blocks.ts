import type { Digest, LatestAnswer, Quote, SourceRef, Update } from '../digest/model.ts';
import type { WebLinks } from './web-links.ts';
import { SHOWN_MAX, figureLine, formatDate, nothingFound, outletMarkup, plural, sourceMarkup, type Markup } from './describe.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { escapeSlack, slackLink } from './slack-escape.ts';
import { packParagraphs, shorten, splitAtWords, splitQuote } from './split-text.ts';
import { emptyDigestLine } from './text.ts';

/** A Block Kit block as chat.postMessage takes it. */
export type SlackBlock = Record<string, unknown> & { type: string };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const SHARE_LATEST_ACTION = 'parley_share_latest';
const LATEST_QUOTE_MAX = 400;

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const divider: SlackBlock = { type: 'divider' };

/** Sections for mrkdwn that may be longer than one section holds, split between words. */
function sections(mrkdwn: string): SlackBlock[] {
  return splitAtWords(mrkdwn, SLACK_LIMITS.sectionText).map(section);
}

/** Context blocks of at most ten elements each; every element fits its text limit. */
function contexts(elements: string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.contextElements) {
    const slice = elements.slice(i, i + SLACK_LIMITS.contextElements);
    blocks.push({ type: 'context', elements: slice.map((text) => ({ type: 'mrkdwn', text: shorten(text, SLACK_LIMITS.sectionText) })) });
  }
  return blocks;
}

const markup: Markup = { escape: escapeSlack, link: slackLink };
const sourceLink = (source: SourceRef) => sourceMarkup(source, markup);
const outletLink = (source: SourceRef) => outletMarkup(source, markup);

function quoteBlocks(quote: Quote, quoteMax: number): SlackBlock[] {
  const outlet = outletLink(quote.source);
  // An outlet that printed a quote is its source, not its speaker.
  const attribution = quote.speaker ? `— *${escapeSlack(shorten(quote.speaker, SHOWN_MAX.speaker))}*, ${outlet}` : `— _unattributed_, quoted in ${outlet}`;
  // The last piece shares its section with the attribution; `>“…”` and a newline take four more.
  const room = Math.max(500, SLACK_LIMITS.sectionText - 4 - attribution.length);
  const text = shorten(quote.text.replace(/\s+/g, ' '), quoteMax);
  const pieces = splitQuote(escapeSlack(text), room);
  return pieces.map((piece, index) => {
    const last = index === pieces.length - 1;
    const body = `>${index === 0 ? '“' : ''}${piece}${last ? '”' : ''}`;
    return section(last ? `${body}\n${attribution}` : body);
  });
}

function updateBlocks(update: Update & { published?: string | null }, quoteMax = Infinity): SlackBlock[] {
  const published = formatDate(update.published);
  const summary = escapeSlack(update.summary) + (published ? `\n_${escapeSlack(published)}_` : '');
  return [
    ...sections(summary),
    ...update.quotes.flatMap((quote) => quoteBlocks(quote, quoteMax)),
    ...contexts(update.sources.map((source, index) => (index === 0 ? `Sources: ${sourceLink(source)}` : sourceLink(source)))),
  ];
}

/**
 * The notification text of a message, from unescaped text: shortened before escaping, so no cut
 * falls inside an `&amp;`, and short enough to stay in the limit however much escaping adds.
 */
function fallbackText(raw: string): string {
  return escapeSlack(shorten(raw, SLACK_LIMITS.fallbackText / 5));
}

/** Blocks into messages of at most 50 blocks; the fallback text (unescaped) is what notifications show. */
function toMessages(blocks: SlackBlock[], fallback: string): SlackMessage[] {
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += SLACK_LIMITS.blocksPerMessage) {
    const text = i === 0 ? fallback : `${fallback} (continued)`;
    messages.push({ text: fallbackText(text), blocks: blocks.slice(i, i + SLACK_LIMITS.blocksPerMessage) });
  }
  return messages;
}

/**
 * A digest as Slack messages: [0] is the parent (headline, figure changes), then one or more
 * thread replies per update, in order. Nothing is dropped: long text is split over sections and
 * sections over messages.
 */
export function renderSlackDigest(digest: Digest, web: WebLinks | null = null): SlackMessage[] {
  const headline = escapeSlack(digest.headline);
  if (digest.updates.length === 0) return [{ text: escapeSlack(emptyDigestLine(digest)), blocks: sections(escapeSlack(emptyDigestLine(digest))) }];
  const parent: SlackBlock[] = [...sections(`*${headline}*`)];
  if (digest.figures.length > 0) {
    // One line per figure, never split inside its link: lines are packed into sections whole.
    const lines = digest.figures.map((figure) => `• ${escapeSlack(shorten(figureLine(figure), SHOWN_MAX.figure))} (${outletLink(figure.source)})`);
    parent.push(...packParagraphs(lines, SLACK_LIMITS.sectionText, '\n').map(section));
    if (web?.chart) parent.push({ type: 'image', image_url: web.chart, alt_text: shorten(`Chart: ${digest.figures.map((f) => f.label).join(', ')}`, SLACK_LIMITS.imageAltText) });
  }
  const since = formatDate(digest.since);
  const about = `${plural(digest.updates.length, 'update')} in the thread · ${plural(digest.stats.articles, 'new article')}${since ? ` since ${since}` : ''}`;
  parent.push(...contexts([escapeSlack(about)]));
  if (web) parent.push(section(slackLink(web.page, 'Read on the web')));
  if (digest.background.length > 0) {
    parent.push(...contexts(digest.background.map((line, index) => (index === 0 ? `Background (not new): ${escapeSlack(line)}` : escapeSlack(line)))));
  }
  const replies = digest.updates.flatMap((update, index) =>
    toMessages(updateBlocks(update), `${index + 1}/${digest.updates.length}: ${update.summary}`),
  );
  return [...toMessages(parent, digest.headline), ...replies];
}

/**
 * The answer to `/latest`: one message (Slack's responses are single messages), best update first.
 * With `share`, a button posts the same answer in the channel. Updates that do not fit are
 * counted, not silently lost.
 */
export function renderSlackLatest(answer: LatestAnswer, options: { share: boolean }): SlackMessage {
  const query = answer.query.trim();
  const shownQuery = shorten(query, 200);
  if (answer.updates.length === 0) {
    const text = escapeSlack(nothingFound(answer));
    return { text, blocks: sections(text) };
  }
  const heading = query === '' ? 'Latest developments' : `Latest on “${shownQuery}”`;
  const reserved = options.share ? 3 : 2;
  const blocks: SlackBlock[] = [section(`*${escapeSlack(heading)}*`)];
  let shown = 0;
  for (const update of answer.updates) {
    // An answer is a glance: long quotes are shortened (with "…"), sources always kept.
    const next = [divider, ...updateBlocks(update, LATEST_QUOTE_MAX)];
    if (blocks.length + next.length > SLACK_LIMITS.blocksPerMessage - reserved) break;
    blocks.push(...next);
    shown += 1;
  }
  if (shown < answer.updates.length) {
    blocks.push(...contexts([`${plural(answer.updates.length - shown, 'older development')} not shown.`]));
  }
  if (options.share && query.length <= SLACK_LIMITS.buttonValue) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: SHARE_LATEST_ACTION, text: { type: 'plain_text', text: 'Share in channel' }, value: query }],
    });
  }
  const first = answer.updates[0]!;
  return { text: fallbackText(`${heading}: ${first.summary}`), blocks };
}

/** A command's reply (our own words, with user-given values inside) as one Slack message. */
export function renderSlackNotice(text: string): SlackMessage {
  const escaped = escapeSlack(text);
  return { text: fallbackText(text), blocks: sections(escaped).slice(0, SLACK_LIMITS.blocksPerMessage) };
}
