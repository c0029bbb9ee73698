import { overlap, type Vector } from './clusters.ts';

/**
 * Which developments a digest shows, within its words: coverage first. Greedy, each step taking
 * the most salient development that still fits, less what is already shown:
 *
 * - one that says what a shown one says (its terms mostly the same, or the same actor doing the
 *   same thing in other words) is left out;
 * - an actor already shown counts half: one speaker's remarks do not take several slots;
 * - one whose every story already has an update counts less: each article has its own news;
 * - a development whose best sentence leans on the one before it cannot be told alone;
 * - one that only tells what came before is context, not news.
 *
 * Quotes are added afterwards, in the words that are left (plan.ts).
 */

export interface Choice {
  /** The term weights of its best sentence, the one a summary is made of. */
  terms: Vector;
  /** Who acts in its best sentence (a subject's head lemma). */
  actor: string | null;
  /** What they do: the main verb's lemma. */
  verb: string | null;
  leans: boolean;
  /** Every report of it tells what came before (an earlier event, a standing fact): context, not news. */
  background: boolean;
  salience: number;
  /** Words of its summary. */
  words: number;
  /** The stories (an article and its copies) that report it. */
  stories: readonly number[];
}

/** Overlap of terms above which two developments say the same thing. */
const REPEAT = 0.4;
/** The same actor and verb: a lower overlap is enough ("agreed to set up teams", "agreed to start working"). */
const REPEAT_SAME_ACT = 0.1;
/** What an actor already shown is worth again. */
const SAME_ACTOR = 0.5;
/** What a development is worth when every story reporting it already has an update. */
const COVERED_STORY = 0.7;

/** True when `d` says what one of `chosen` says. */
export function repeats(d: Choice, chosen: readonly Choice[]): boolean {
  return chosen.some((c) => {
    const similarity = overlap(c.terms, d.terms);
    const sameAct = d.actor !== null && d.actor === c.actor && d.verb !== null && d.verb === c.verb;
    return similarity >= REPEAT || (sameAct && similarity >= REPEAT_SAME_ACT);
  });
}

export interface Selection {
  /** Indexes of the developments to show, in the order of their salience. */
  picked: number[];
  /** Why each other one was left out, as the selection saw it when it stopped. */
  left: Map<number, { fate: 'repeats' | 'leans' | 'background' | 'below the cut'; detail: string }>;
}

/**
 * The developments to show within `words`; `limit` caps their number. With `from`, those already
 * chosen stay and `words` is what is left for more.
 */
export function selectWithin<T extends Choice>(candidates: readonly T[], words: number, limit: number, from: readonly number[] = []): Selection {
  const chosen = [...from];
  const covered = new Set(from.flatMap((i) => candidates[i]!.stories));
  let remaining = words;
  const open = new Set(candidates.map((_, i) => i).filter((i) => !candidates[i]!.leans && !candidates[i]!.background && candidates[i]!.words > 0 && !from.includes(i)));
  while (chosen.length < limit) {
    let best = -1;
    let bestValue = -Infinity;
    const shown = chosen.map((i) => candidates[i]!);
    for (const i of open) {
      const d = candidates[i]!;
      if (d.words > remaining || repeats(d, shown)) continue;
      const again = d.actor !== null && shown.some((c) => c.actor === d.actor);
      // Each article leads with what it found most important: one from a story no update draws on yet is worth more.
      const told = d.stories.every((s) => covered.has(s));
      const value = d.salience * (again ? SAME_ACTOR : 1) * (told ? COVERED_STORY : 1);
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    open.delete(best);
    for (const s of candidates[best]!.stories) covered.add(s);
    remaining -= candidates[best]!.words;
  }
  const picked = chosen.sort((a, b) => candidates[b]!.salience - candidates[a]!.salience || a - b);
  const shown = picked.map((i) => candidates[i]!);
  const left: Selection['left'] = new Map();
  candidates.forEach((d, i) => {
    if (picked.includes(i)) return;
    const like = shown.findIndex((c) => repeats(d, [c]));
    if (d.leans || d.words === 0) left.set(i, { fate: 'leans', detail: 'its best sentence leans on the one before it, or has no verb' });
    else if (d.background) left.set(i, { fate: 'background', detail: 'every sentence that tells it is context: an earlier event, a standing fact, a silence' });
    else if (like >= 0) left.set(i, { fate: 'repeats', detail: `says what update ${like + 1} says` });
    else if (picked.length >= limit) left.set(i, { fate: 'below the cut', detail: `the digest holds its ${limit} updates` });
    else left.set(i, { fate: 'below the cut', detail: `needs ${d.words} words, ${Math.floor(remaining)} were left` });
  });
  return { picked, left };
}
