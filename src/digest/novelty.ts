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

export function backgroundKey(text: string): string {
  return quoteKey(text).split(' ').slice(0, 12).join(' ');
}
