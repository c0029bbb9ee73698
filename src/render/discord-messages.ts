import type { Digest, LatestAnswer, Quote, SourceRef, Update } from '../digest/model.ts';
import { SHOWN_MAX, figureLine, formatDate, nothingFound, outletMarkup, plural, sourceMarkup, type Markup } from './describe.ts';
import { discordLink, escapeDiscord } from './discord-escape.ts';
import { DISCORD_LIMITS, NO_MENTIONS } from './discord-limits.ts';
import { packParagraphs, shorten, splitAtWords, splitQuote } from './split-text.ts';
import { emptyDigestLine } from './text.ts';
import type { WebLinks } from './web-links.ts';

export interface DiscordEmbed {
  description?: string;
  color?: number;
  /** The digest's chart (a PNG at its web permalink). */
  image?: { url: string };
}

export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: string[] };
  /** On a digest's parent only: the name of the thread its replies go to (not sent as a message field). */
  thread_name?: string;
  components?: unknown[];
}

export const SHARE_LATEST_PREFIX = 'parley_share_latest:';
const EMBED_COLOR = 0x3b6ea8;
const LATEST_QUOTE_MAX = 400;

const markup: Markup = { escape: escapeDiscord, link: discordLink };
const sourceLink = (source: SourceRef) => sourceMarkup(source, markup);
const outletLink = (source: SourceRef) => outletMarkup(source, markup);

function quoteParagraphs(quote: Quote, quoteMax: number): string[] {
  const outlet = outletLink(quote.source);
  // An outlet that printed a quote is its source, not its speaker.
  const attribution = quote.speaker ? `> — **${escapeDiscord(shorten(quote.speaker, SHOWN_MAX.speaker))}**, ${outlet}` : `> — *unattributed*, quoted in ${outlet}`;
  const room = Math.max(500, DISCORD_LIMITS.embedDescription - 6 - attribution.length);
  const pieces = splitQuote(escapeDiscord(shorten(quote.text.replace(/\s+/g, ' '), quoteMax)), room);
  return pieces.map((piece, index) => {
    const last = index === pieces.length - 1;
    const body = `> ${index === 0 ? '“' : ''}${piece}${last ? '”' : ''}`;
    return last ? `${body}\n${attribution}` : body;
  });
}

/** Paragraphs of one update, each short enough for an embed description. */
function updateParagraphs(update: Update & { published?: string | null }, heading: string | null, quoteMax = Infinity): string[] {
  const published = formatDate(update.published);
  const summary = (heading ? `**${heading}** ` : '') + escapeDiscord(update.summary) + (published ? `\n-# ${escapeDiscord(published)}` : '');
  const sourceLines = update.sources.map((source) => `• ${sourceLink(source)}`);
  return [
    ...splitAtWords(summary, DISCORD_LIMITS.embedDescription),
    ...update.quotes.flatMap((quote) => quoteParagraphs(quote, quoteMax)),
    ...packParagraphs(['**Sources**', ...sourceLines], DISCORD_LIMITS.embedDescription, '\n'),
  ];
}

/** Descriptions into messages: at most ten embeds and 6000 embed characters per message. */
function embedMessages(descriptions: string[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let embeds: DiscordEmbed[] = [];
  let total = 0;
  for (const description of descriptions) {
    if (embeds.length === DISCORD_LIMITS.embedsPerMessage || total + description.length > DISCORD_LIMITS.embedsTotal) {
      messages.push({ content: '', embeds, allowed_mentions: NO_MENTIONS });
      embeds = [];
      total = 0;
    }
    embeds.push({ description, color: EMBED_COLOR });
    total += description.length;
  }
  if (embeds.length > 0) messages.push({ content: '', embeds, allowed_mentions: NO_MENTIONS });
  return messages;
}

function contentMessages(lines: string[]): DiscordMessage[] {
  const fitted = lines.flatMap((line) => splitAtWords(line, DISCORD_LIMITS.content));
  return packParagraphs(fitted, DISCORD_LIMITS.content, '\n').map((content) => ({ content, embeds: [], allowed_mentions: NO_MENTIONS }));
}

/**
 * A digest as Discord messages: [0] is the parent (headline and figure changes, which starts the
 * thread), then one or more messages per update, each an embed with quotes, speakers and sources.
 */
export function renderDiscordDigest(digest: Digest, web: WebLinks | null = null): DiscordMessage[] {
  if (digest.updates.length === 0) return contentMessages([escapeDiscord(emptyDigestLine(digest))]);
  const since = formatDate(digest.since);
  const lines = [`**${escapeDiscord(digest.headline)}**`];
  for (const figure of digest.figures) lines.push(`• ${escapeDiscord(shorten(figureLine(figure), SHOWN_MAX.figure))} (${outletLink(figure.source)})`);
  for (const [index, line] of digest.background.entries()) lines.push(`${index === 0 ? 'Background (not new): ' : ''}${escapeDiscord(line)}`);
  lines.push(`-# ${plural(digest.updates.length, 'update')} in the thread · ${plural(digest.stats.articles, 'new article')}${since ? ` since ${since}` : ''}`);
  if (web) lines.push(discordLink(web.page, 'Read on the web'));
  const head = contentMessages(lines);
  head[0]!.thread_name = shorten(digest.headline.replace(/\s+/g, ' '), DISCORD_LIMITS.threadName);
  if (web?.chart) head[0]!.embeds.push({ image: { url: web.chart }, color: EMBED_COLOR });
  const replies = digest.updates.flatMap((update, index) =>
    embedMessages(packParagraphs(updateParagraphs(update, `${index + 1}/${digest.updates.length}`), DISCORD_LIMITS.embedDescription)),
  );
  return [...head, ...replies];
}

/**
 * The answer to `/latest` as one reply: a heading and one embed per update, best first, within one
 * message's limits (what does not fit is counted). With `share`, a button posts it in the channel.
 */
export function renderDiscordLatest(answer: LatestAnswer, options: { share: boolean }): DiscordMessage {
  const query = answer.query.trim();
  if (answer.updates.length === 0) {
    return { content: escapeDiscord(nothingFound(answer)), embeds: [], allowed_mentions: NO_MENTIONS };
  }
  const embeds: DiscordEmbed[] = [];
  let total = 0;
  for (const update of answer.updates) {
    // An answer is a glance: long quotes are shortened (with "…"), sources always kept.
    const description = packParagraphs(updateParagraphs(update, null, LATEST_QUOTE_MAX), DISCORD_LIMITS.embedDescription, '\n\n')[0]!;
    if (embeds.length === DISCORD_LIMITS.embedsPerMessage || total + description.length > DISCORD_LIMITS.embedsTotal) break;
    embeds.push({ description, color: EMBED_COLOR });
    total += description.length;
  }
  const hidden = answer.updates.length - embeds.length;
  const heading = query === '' ? '**Latest developments**' : `**Latest on “${escapeDiscord(shorten(query, 200))}”**`;
  const content = hidden > 0 ? `${heading}\n-# ${plural(hidden, 'older development')} not shown.` : heading;
  const message: DiscordMessage = { content, embeds, allowed_mentions: NO_MENTIONS };
  const customId = SHARE_LATEST_PREFIX + query;
  if (options.share && customId.length <= 100) {
    message.components = [{ type: 1, components: [{ type: 2, style: 2, label: 'Share in channel', custom_id: customId }] }];
  }
  return message;
}

/** A command's reply (our words with user-given values inside) as one message. */
export function renderDiscordNotice(text: string): DiscordMessage {
  return { content: shorten(escapeDiscord(text), DISCORD_LIMITS.content), embeds: [], allowed_mentions: NO_MENTIONS };
}
