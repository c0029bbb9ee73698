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

/** Series from day rows (any order), each oldest first; the longest series first, then by label. */
export function figureSeries(days: readonly { day: string; figures: readonly Figure[] }[], labels?: ReadonlySet<string>): FigureSeries[] {
  const byLabel = new Map<string, FigurePoint[]>();
  for (const { day, figures } of days) {
    for (const figure of figures) {
      if (labels && !labels.has(figure.label)) continue;
      const points = byLabel.get(figure.label) ?? [];
      points.push({ day, value: figure.value, source: figure.source });
      byLabel.set(figure.label, points);
    }
  }
  return [...byLabel]
    .map(([label, points]) => ({ label, points: points.sort((a, b) => a.day.localeCompare(b.day)) }))
    .sort((a, b) => b.points.length - a.points.length || a.label.localeCompare(b.label));
}
