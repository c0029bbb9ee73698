import type { FigureMention } from '../analysis/figures.ts';

/**
 * Figures worth posting: for each label, the value from the most recently published article;
 * posted when the channel was never told it or was told a different value (which becomes
 * `previous`: 30,000 → 34,683). Counts that only grow (the dead, the injured, days of war) are not
 * "updated" downwards by an older article that arrives late.
 */

export interface FigureCandidate {
  figure: FigureMention;
  article: number;
  published: string;
}

const MONOTONIC = /^(killed|injured|months of war|days of war)/;

export interface FigureChange {
  label: string;
  value: number;
  previous: number | null;
  article: number;
}

export function figureChanges(candidates: readonly FigureCandidate[], told: ReadonlyMap<string, number>): FigureChange[] {
  const latest = new Map<string, FigureCandidate>();
  for (const c of candidates) {
    if (c.figure.background) continue;
    const current = latest.get(c.figure.label);
    if (
      !current ||
      c.published > current.published ||
      (c.published === current.published && c.figure.value > current.figure.value)
    ) {
      latest.set(c.figure.label, c);
    }
  }
  const out: FigureChange[] = [];
  for (const [label, c] of [...latest].sort((a, b) => a[0].localeCompare(b[0]))) {
    const previous = told.get(label) ?? null;
    if (previous === c.figure.value) continue;
    if (previous !== null && MONOTONIC.test(label) && c.figure.value < previous) continue;
    out.push({ label, value: c.figure.value, previous, article: c.article });
  }
  return out;
}
