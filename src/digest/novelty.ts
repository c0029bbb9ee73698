import type { Executor } from '../store/index.ts';

/**
 * What a channel has already been told (the `told` table), in the shapes the planner checks
 * against: stories (duplicate groups), developments (their keys), quotes, figures and background.
 */
export interface Told {
  stories: Set<string>;
  developments: string[][];
  quotes: Set<string>;
  figures: Map<string, number>;
  background: Set<string>;
}

export async function loadTold(db: Executor, subscriptionId: number): Promise<Told> {
  const rows = await db.selectFrom('told').select(['kind', 'key', 'value']).where('subscription_id', '=', subscriptionId).execute();
  const told: Told = { stories: new Set(), developments: [], quotes: new Set(), figures: new Map(), background: new Set() };
  for (const r of rows) {
    if (r.kind === 'story') told.stories.add(r.key);
    else if (r.kind === 'development') told.developments.push(r.key.split(' '));
    else if (r.kind === 'quote') told.quotes.add(r.key);
    else if (r.kind === 'figure' && r.value !== null && Number.isFinite(Number(r.value))) told.figures.set(r.key, Number(r.value));
    else if (r.kind === 'background') told.background.add(r.key);
  }
  return told;
}

/** A quote's identity across copies: letters and digits only, so typography and spacing do not matter. */
export function quoteKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').slice(0, 24).join(' ');
}

/**
 * Quotes a channel has had, by key, to tell a new one apart from a copy of one of them: the same
 * words in another outlet's rendering ("we will not remove the IDF" and "we will not withdraw the
 * IDF") or cut at another length share most of their words.
 */
export class QuoteMemory {
  readonly #keys = new Set<string>();
  readonly #words: Set<string>[] = [];

  constructor(keys: Iterable<string>) {
    for (const key of keys) this.add(key);
  }

  add(key: string): void {
    this.#keys.add(key);
    this.#words.push(contentWords(key));
  }

  has(key: string): boolean {
    if (this.#keys.has(key)) return true;
    const words = contentWords(key);
    if (words.size < MIN_WORDS) return false;
    return this.#words.some((told) => {
      if (told.size < MIN_WORDS) return false;
      let shared = 0;
      for (const w of words) if (told.has(w)) shared++;
      return shared >= SAME_QUOTE * Math.min(words.size, told.size);
    });
  }
}

/** Words of three letters or more: "we", "of", "to" are in every quote. */
function contentWords(key: string): Set<string> {
  return new Set(key.split(' ').filter((w) => w.length >= 3));
}

/** Fewer content words than this, and only the same key is the same quote. */
const MIN_WORDS = 4;
/** The share of the shorter quote's words that makes two quotes one. */
const SAME_QUOTE = 0.7;

export function backgroundKey(text: string): string {
  return quoteKey(text).split(' ').slice(0, 12).join(' ');
}
