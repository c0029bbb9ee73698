import { countKey } from '../analysis/figures.ts';
import type { Figure, SourceRef } from '../digest/index.ts';

/**
 * Figures over time: one series per label, one point per day (the value the day's digest gives:
 * that of the day's most recently published article reporting it), each with its source.
 *
 *   5 May: killed in Gaza 34,683 (Al Jazeera) · 28 Apr: killed in Gaza 34,388 (…)
 *     → killed in Gaza: [28 Apr 34,388, 5 May 34,683]
 */

export interface FigurePoint {
  day: string;
  value: number;
  source: SourceRef;
}

export interface FigureSeries {
  label: string;
  points: FigurePoint[];
}

/**
 * Series from day rows (any order), each oldest first; the longest series first, then by label.
 * Only running counts make a line (an offer's terms or one event's count do not), one line per
 * count whatever words each report used (countKey), named as its latest reading names it. With
 * `labels`, only the counts those labels name.
 */
export function figureSeries(days: readonly { day: string; figures: readonly Figure[] }[], labels?: ReadonlySet<string>): FigureSeries[] {
  const keys = labels && new Set([...labels].map(countKey));
  const byKey = new Map<string, (FigurePoint & { label: string })[]>();
  for (const { day, figures } of days) {
    for (const figure of figures) {
      const key = countKey(figure.label);
      if ((figure.kind ?? 'count') !== 'count' || (keys && !keys.has(key))) continue;
      const points = byKey.get(key) ?? [];
      points.push({ day, value: figure.value, source: figure.source, label: figure.label });
      byKey.set(key, points);
    }
  }
  return [...byKey.values()]
    .map((points) => points.sort((a, b) => a.day.localeCompare(b.day)))
    .map((points) => ({ label: points.at(-1)!.label, points: points.map(({ label: _, ...point }) => point) }))
    .sort((a, b) => b.points.length - a.points.length || a.label.localeCompare(b.label));
}
