import type { Digest, LatestAnswer, Quote, SourceRef, Update } from '../digest/model.ts';
import { figureLine, formatDate, linkOf, nothingFound, outletOf, plural, sourceLabel } from './describe.ts';

/**
 * Plain text: the CLI's `--format text`, the console channel, and the body of anything posted where
 * no markup is understood. Article text is printed as is; there is nothing to neutralise in a terminal.
 */

function sourceText(source: SourceRef): string {
  const label = sourceLabel(source);
  const where = linkOf(source) ?? source.file ?? source.url;
  // A file known by nothing but its path is named once.
  return where && where !== label ? `${label} <${where}>` : label;
}

function quoteText(quote: Quote): string {
  // An outlet that printed a quote is its source, not its speaker.
  const who = quote.speaker ? `${quote.speaker}, ${outletOf(quote.source)}` : `unattributed, quoted in ${outletOf(quote.source)}`;
  return `“${quote.text}” — ${who}`;
}

/** One update as a block of lines; `marker` prefixes the summary (a number in a list). */
export function updateText(update: Update & { published?: string | null }, marker = ''): string {
  const indent = ' '.repeat(marker.length);
  const lines = [marker + update.summary];
  const published = formatDate(update.published);
  if (published) lines.push(`${indent}Published ${published}`);
  for (const quote of update.quotes) lines.push(`${indent}${quoteText(quote)}`);
  lines.push(`${indent}Sources:`);
  for (const source of update.sources) lines.push(`${indent}  - ${sourceText(source)}`);
  return lines.join('\n');
}

/** The digest's opening: headline, what the numbers did, and what the rest is built from. */
export function digestHeaderText(digest: Digest): string {
  const lines = [digest.headline];
  const since = formatDate(digest.since);
  const built = `${plural(digest.updates.length, 'update')} from ${plural(digest.stats.articles, 'new article')}`;
  lines.push(since ? `${built} since ${since}` : built);
  if (digest.figures.length > 0) {
    lines.push('', 'Figures:');
    for (const figure of digest.figures) lines.push(`  ${figureLine(figure)} (${outletOf(figure.source)})`);
  }
  if (digest.background.length > 0) {
    lines.push('', 'Background (not new):');
    for (const line of digest.background) lines.push(`  ${line}`);
  }
  return lines.join('\n');
}

export function emptyDigestLine(digest: Digest): string {
  const since = formatDate(digest.since);
  return since ? `Nothing new on ${digest.topic} since ${since}.` : `Nothing new on ${digest.topic} yet.`;
}

/** The whole digest as text; an empty digest is one line saying nothing is new. */
export function renderDigestText(digest: Digest): string {
  if (digest.updates.length === 0) return emptyDigestLine(digest);
  const updates = digest.updates.map((update, index) => updateText(update, `${index + 1}. `));
  return [digestHeaderText(digest), '', ...updates.flatMap((text) => [text, ''])].join('\n').trimEnd();
}

/** The answer to `/latest` or `parley latest` as text, best first. */
export function renderLatestText(answer: LatestAnswer): string {
  if (answer.updates.length === 0) return nothingFound(answer);
  const heading = answer.query.trim() === '' ? 'Latest developments' : `Latest on “${answer.query}”`;
  const updates = answer.updates.map((update, index) => updateText(update, `${index + 1}. `));
  return [heading, '', ...updates.flatMap((text) => [text, ''])].join('\n').trimEnd();
}
