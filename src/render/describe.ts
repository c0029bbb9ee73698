import type { Figure, LatestAnswer, SourceRef } from '../digest/model.ts';
import { shorten } from './split-text.ts';

/** Words shared by every renderer: how a source, a figure and a date read, whatever the markup. */

/**
 * The longest each part of a message is shown, in characters before escaping. Escaping can make
 * text up to five times longer (`&` is `&amp;` on Slack), and the renderers' per-block budgets rely
 * on these bounds, so no part can push a block over a platform limit or be cut inside a link.
 */
export const SHOWN_MAX = { label: 200, file: 200, outlet: 100, speaker: 100, figure: 250 } as const;

/** An address longer than this, once escaped for the platform, is shown by its label alone. */
export const LONGEST_LINK = 1000;

export function sourceLabel(source: SourceRef): string {
  const title = source.title?.trim();
  const outlet = source.outlet?.trim();
  if (title && outlet) return `${title} — ${outlet}`;
  if (title) return title;
  if (outlet) return outlet;
  if (source.file) return source.file;
  if (source.url) return hostOf(source.url) ?? source.url;
  return source.id;
}

/** A platform's way of writing text safely and of linking it. */
export interface Markup {
  escape(text: string): string;
  /** A link whose label cannot break out, or the escaped label alone when there is no usable URL. */
  link(url: string | null, label: string): string;
}

/**
 * A source as one line of a platform's markup: its label linked to its page, or (a local file) the
 * label and the path. A label is at most a line; a link is whole or not there, never shortened.
 */
export function sourceMarkup(source: SourceRef, markup: Markup): string {
  const label = sourceLabel(source);
  const url = linkOf(source);
  if (url) return markup.link(url, shorten(label, SHOWN_MAX.label));
  const shown = markup.escape(shorten(label, SHOWN_MAX.label));
  return source.file && source.file !== label ? `${shown} (${markup.escape(shorten(source.file, SHOWN_MAX.file))})` : shown;
}

/** Who published a quote or a figure, linked to the page it is from. */
export function outletMarkup(source: SourceRef, markup: Markup): string {
  return markup.link(linkOf(source), shorten(outletOf(source), SHOWN_MAX.outlet));
}

/** Who published it, short: the outlet, else the host, else the file. */
export function outletOf(source: SourceRef): string {
  return source.outlet?.trim() || (source.url ? hostOf(source.url) : null) || source.file || source.title?.trim() || source.id;
}

/** The address a reader can open: an http(s) URL, or null when the source is a local file only. */
export function linkOf(source: SourceRef): string | null {
  if (!source.url) return null;
  try {
    const url = new URL(source.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

// One number formatter, made on first use: `toLocaleString` with options builds one per call (tens
// of microseconds; a story page formats thousands of numbers), and the first Intl object a process
// makes loads ICU's data, some 15 ms that a one-off command printing no number need not pay.
let numberFormat: Intl.NumberFormat | undefined;

export function formatNumber(value: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return numberFormat.format(value);
}

/** `killed in Gaza: 30,000 → 34,683` or, when first reported, `killed in Gaza: 34,683`. */
export function figureLine(figure: Figure): string {
  const value = formatNumber(figure.value);
  const differ = figure.sourcesDiffer ? ' (sources differ)' : '';
  if (figure.previous === null || figure.previous === figure.value) return `${figure.label}: ${value}${differ}`;
  return `${figure.label}: ${formatNumber(figure.previous)} → ${value}${differ}`;
}

/** Month names as British English abbreviates them; spelt here so a date reads the same whatever ICU the runtime carries. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** `5 May 2024` (the UTC day) for an ISO timestamp; the input unchanged when it is not a date. */
export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The one line an answer that found nothing is: what was asked and, when known, what to ask about instead. */
export function nothingFound(answer: LatestAnswer): string {
  const query = answer.query.trim();
  if (query === '') return 'Nothing found yet.';
  const suggestions = answer.suggestions?.length ? ` Try: ${answer.suggestions.join(', ')}.` : '';
  return `Nothing found about “${shorten(query, 200)}”.${suggestions}`;
}
