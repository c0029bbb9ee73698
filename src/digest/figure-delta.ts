import { EARLIER_MS, resolveDate } from '../analysis/event-date.ts';
import { countKey, type FigureMention } from '../analysis/figures.ts';

/**
 * Figures worth posting, and the only arrows a reader can trust:
 *
 * - a running count (analysis/figures.ts) shows its most recent reading (of a toll, the largest); it gets `previous`
 *   (30,000 → 34,683) only from the reading the channel was told of the same count (countKey);
 * - a reading that falls by more than half or grows more than tenfold is a misreading (another
 *   number of another sentence), unless two articles give it; a toll never falls;
 * - reports in one window that differ by more than 10 % on a count: the most recent (of a toll,
 *   the largest) is shown, and the digest says the sources differ;
 * - a term of an offer or the count of one event is shown as it is, never as a change from
 *   another offer's term.
 *
 * Context (an earlier event's figures) is never posted.
 */

export interface FigureCandidate {
  figure: FigureMention;
  article: number;
  published: string;
}

export interface FigureChange {
  label: string;
  value: number;
  previous: number | null;
  article: number;
  /** Index of the sentence that states it, in its article. */
  sentence: number;
  /** Under which the channel's told memory keeps it (toldKey). */
  key: string;
  kind: FigureMention['kind'];
  /** Reports in this window give readings of this count more than 10 % apart. */
  sourcesDiffer: boolean;
}

/** Counts that only grow: a later, lower reading is an older figure reported late. */
const ONLY_GROW = /^(?:kille|wound|displ)\b/;
const MISREADING_FALL = 0.5;
const MISREADING_RISE = 10;
/** Readings of one count this far apart in one window: the digest says the sources differ. */
const SOURCES_DIFFER = 0.1;
const SAME_TIME_MS = 2 * 86_400_000;
/** A digest's figures block stays short: counts first, then terms and events. */
const MAX_FIGURES = 6;

/** The key under which the channel's told memory keeps a figure. */
export function toldKey(figure: FigureMention): string {
  const key = countKey(figure.label);
  return figure.kind === 'count' ? key : `${figure.kind}: ${key}`;
}

/** A sentence dated a month or more before its article's publication tells of an earlier event. */
function earlier(dated: string | null, published: number): boolean {
  if (!dated || !Number.isFinite(published)) return false;
  const day = resolveDate(dated, published);
  if (day !== null) return day < published - EARLIER_MS;
  // A month alone ("a November deal"): earlier unless it is the publication's month.
  return !dated.toLowerCase().startsWith(new Date(published).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }).toLowerCase().slice(0, 3));
}

export function figureChanges(candidates: readonly FigureCandidate[], told: ReadonlyMap<string, number>): FigureChange[] {
  const latest = new Map<string, FigureCandidate>();
  // Every reading of each figure in the window: which article gave what, when.
  const readings = new Map<string, { value: number; at: number; article: number }[]>();
  for (const c of candidates) {
    if (c.figure.background || earlier(c.figure.dated, Date.parse(c.published))) continue;
    // An offer's term or an event's count is one figure however each report words it: its value and what it counts.
    const key = c.figure.kind === 'count' ? toldKey(c.figure) : `${countKey(c.figure.label).split(' ')[0]}=${c.figure.value}`;
    readings.set(key, [...(readings.get(key) ?? []), { value: c.figure.value, at: Date.parse(c.published), article: c.article }]);
    const current = latest.get(key);
    // A toll's largest reading is its latest; a smaller one is a day's count or an earlier event's.
    const newer = ONLY_GROW.test(key) ? c.figure.value > (current?.figure.value ?? -1) : !current || c.published > current.published || (c.published === current.published && c.figure.value > current.figure.value);
    if (newer) latest.set(key, c);
  }
  const out: FigureChange[] = [];
  for (const [key, c] of latest) {
    const { figure } = c;
    const memory = toldKey(figure);
    const before = told.get(memory) ?? null;
    if (before === figure.value) continue;
    const previous = figure.kind === 'count' ? before : null;
    if (previous !== null) {
      // Only a count has a previous reading, and a count's key is its told key.
      const confirmed = new Set((readings.get(key) ?? []).filter((r) => r.value === figure.value).map((r) => r.article)).size >= 2;
      if (ONLY_GROW.test(key) && figure.value < previous) continue;
      if (!confirmed && (figure.value < previous * MISREADING_FALL || figure.value > previous * MISREADING_RISE)) continue;
    }
    // Reports of the same count from about the same time and at about the same level (a day's toll,
    // an older event's or last month's reading is not one).
    const at = Date.parse(c.published);
    const near = (readings.get(key) ?? [])
      .filter((r) => Math.abs(r.at - at) <= SAME_TIME_MS && r.value >= figure.value * MISREADING_FALL && r.value <= figure.value / MISREADING_FALL)
      .map((r) => r.value);
    const sourcesDiffer = figure.kind === 'count' && near.length > 1 && (Math.max(...near) - Math.min(...near)) / figure.value > SOURCES_DIFFER;
    out.push({ label: figure.label, value: figure.value, previous, article: c.article, sentence: figure.sentence, key: memory, kind: figure.kind, sourcesDiffer });
  }
  const order = { count: 0, term: 1, event: 2 } as const;
  // "hostages: 100" beside "hostages held: 100": one reading, told by its fuller label.
  const fuller = (a: FigureChange, b: FigureChange) => a !== b && a.value === b.value && b.key.startsWith(`${a.key} `);
  return out
    .filter((a) => !out.some((b) => fuller(a, b)))
    .sort((a, b) => order[a.kind] - order[b.kind] || a.label.localeCompare(b.label) || a.value - b.value)
    .slice(0, MAX_FIGURES);
}
