import { GENERIC_CONCEPTS, type Claim } from './claims.ts';

/**
 * Groups claims from different articles and outlets into developments, and ranks them.
 *
 * Two claims are the same development when they share a specific event concept ("ev:depart",
 * not the ever-present "ev:talks") and most of the weight of the smaller claim's keys:
 *
 *   title  "Hamas delegation leaves Cairo, Gaza ceasefire talks at critical stage"
 *   body   "The Hamas delegation left Cairo on Sunday, Egyptian media said"
 *          → shared: ev:depart, hamas, cairo → one development, two mentions
 *
 * Names every article repeats (the topic's actors and places) weigh little; a person, a city or
 * a specific event weighs a lot. Candidates are found through an index of each claim's specific
 * keys, so grouping stays linear in the number of claims.
 */

export interface ClaimRef {
  claim: Claim;
  /** The story (duplicate group) the claim came from. */
  story: number;
  /** The article the claim was read in. */
  article: number;
  outlet: string;
  /** Lower is cleaner (see ArticleAnalysis.spin). */
  spin: number;
  /** Publication time (ms): claims days apart are different developments, however alike. */
  time: number;
}

export interface Development {
  claims: ClaimRef[];
  /** Keys of the development's strongest claim: what identifies it for novelty. */
  keys: string[];
  importance: number;
}

const SAME_DEVELOPMENT = 0.5;
/** Sentences of one story this close, on the same kind of event, tell one development. */
const NEARBY_SENTENCES = 3;
/** The opening sentences a headline sums up. */
const LEAD_SENTENCES = 2;
const MAX_POSTINGS = 24;
/** Claims from articles published further apart than this are not one development. */
const SAME_TIME_MS = 3 * 86_400_000;

const TIME_WORDS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'tonight', 'yesterday']);

export function keyWeight(key: string, common: ReadonlySet<string>): number {
  if (GENERIC_CONCEPTS.has(key)) return 0.2;
  if (key.startsWith('ev:') || key.startsWith('n:')) return 1.5;
  if (TIME_WORDS.has(key)) return 0.3;
  if (common.has(key)) return 0.3;
  return 1;
}

function weightOf(keys: readonly string[], common: ReadonlySet<string>): number {
  return keys.reduce((sum, k) => sum + keyWeight(k, common), 0);
}

/** Weighted overlap of two key sets, relative to the smaller one (0…1). */
export function claimSimilarity(a: readonly string[], b: readonly string[], common: ReadonlySet<string>): number {
  const setB = new Set(b);
  const shared = a.filter((k) => setB.has(k));
  const events = shared.filter((k) => k.startsWith('ev:') && !GENERIC_CONCEPTS.has(k)).length;
  // Different numbers for the same kind of event ("day 3" and "day 30") are different developments.
  const numbersA = a.filter((k) => k.startsWith('n:'));
  const numbersB = b.filter((k) => k.startsWith('n:'));
  if (numbersA.length && numbersB.length && !numbersA.some((n) => setB.has(n))) return 0;
  if (events === 0) return 0;
  const smaller = Math.min(weightOf(a, common), weightOf(b, common));
  const score = smaller > 0 ? weightOf(shared, common) / smaller : 0;
  // Two specific events in common ("a delegation … will arrive", "a delegation … will travel") is the same development.
  const names = shared.filter((k) => !k.startsWith('ev:') && !k.startsWith('n:') && !TIME_WORDS.has(k)).length;
  return events >= 2 && names > 0 ? Math.max(score, SAME_DEVELOPMENT) : score;
}

/**
 * Weighted Jaccard: stricter, for "has this channel been told this already?". An event alone is
 * not an identity ("talks stalled" in March and again in April are two developments): the claims
 * must also share who or where — one distinctive name, or two of the topic's own actors and places.
 */
export function toldSimilarity(a: readonly string[], b: readonly string[], common: ReadonlySet<string>): number {
  const setA = new Set(a);
  const setB = new Set(b);
  const union = new Set([...a, ...b]);
  let shared = 0;
  let total = 0;
  let events = 0;
  let names = 0;
  let distinctive = 0;
  for (const k of union) {
    const w = keyWeight(k, common);
    total += w;
    if (!(setA.has(k) && setB.has(k))) continue;
    shared += w;
    if (k.startsWith('ev:')) {
      if (!GENERIC_CONCEPTS.has(k)) events++;
    } else if (w >= 0.3 && !TIME_WORDS.has(k)) {
      names++;
      if (w >= 1) distinctive++;
    }
  }
  if (events === 0 || (distinctive === 0 && names < 2)) return 0;
  // The same kind of event with other numbers ("within 2 days", "within 4 days") is not a repeat.
  const numbersA = a.filter((k) => k.startsWith('n:'));
  const numbersB = b.filter((k) => k.startsWith('n:'));
  if (numbersA.length && numbersB.length && !numbersA.some((n) => setB.has(n))) return 0;
  return total > 0 ? shared / total : 0;
}

function specificKeys(keys: readonly string[], common: ReadonlySet<string>): string[] {
  return keys.filter((k) => keyWeight(k, common) >= 1);
}

export function groupDevelopments(claims: readonly ClaimRef[], common: ReadonlySet<string>): Development[] {
  const ordered = [...claims].sort((a, b) => b.claim.weight - a.claim.weight || a.article - b.article || a.claim.sentence - b.claim.sentence);
  const developments: Development[] = [];
  // Per development: its keys as a set and their total weight, so a comparison is one pass over the claim's keys.
  const sets: { keys: Set<string>; weight: number; numbers: boolean; from: number; to: number; sentences: Map<number, number[]> }[] = [];
  const index = new Map<string, number[]>();
  for (const ref of ordered) {
    const keys = ref.claim.keys;
    const weight = weightOf(keys, common);
    const numbers = keys.filter((k) => k.startsWith('n:'));
    // Candidates share a specific key. A key hundreds of developments have (an event every article
    // mentions) would make grouping quadratic: only its most recent postings are looked at.
    const candidates = new Set<number>();
    for (const k of specificKeys(keys, common)) for (const d of (index.get(k) ?? []).slice(-MAX_POSTINGS)) candidates.add(d);
    let best = -1;
    let bestScore = SAME_DEVELOPMENT;
    for (const d of [...candidates].sort((x, y) => x - y)) {
      const target = sets[d]!;
      if (ref.time < target.from - SAME_TIME_MS || ref.time > target.to + SAME_TIME_MS) continue;
      let shared = 0;
      let events = 0;
      let names = 0;
      let distinctive = 0;
      let numberShared = false;
      for (const k of keys) {
        if (!target.keys.has(k)) continue;
        const w = keyWeight(k, common);
        shared += w;
        if (k.startsWith('ev:')) {
          if (!GENERIC_CONCEPTS.has(k)) events++;
        } else if (k.startsWith('n:')) numberShared = true;
        else if (!TIME_WORDS.has(k)) {
          names++;
          if (w >= 1) distinctive++;
        }
      }
      if (events === 0) continue;
      // Different numbers for the same kind of event ("day 3" and "day 30") are different developments.
      if (numbers.length && target.numbers && !numberShared) continue;
      const smaller = Math.min(weight, target.weight);
      let score = smaller > 0 ? shared / smaller : 0;
      // Two specific events in common, about the same people or places, is the same development.
      if (events >= 2 && names > 0) score = Math.max(score, SAME_DEVELOPMENT);
      // An article telling one event over a few sentences (its lead, then who said what about it).
      const here = target.sentences.get(ref.story) ?? [];
      if (distinctive > 0 && here.some((at) => Math.abs(at - ref.claim.sentence) <= NEARBY_SENTENCES)) score = Math.max(score, SAME_DEVELOPMENT);
      // A headline is the headline of its own lead: the same kind of event there is the same development.
      if (ref.claim.sentence === -1 ? here.some((at) => at >= 0 && at < LEAD_SENTENCES) : ref.claim.sentence < LEAD_SENTENCES && here.includes(-1)) score = Math.max(score, SAME_DEVELOPMENT);
      if (score >= bestScore) {
        best = d;
        bestScore = score;
      }
    }
    if (best >= 0) {
      const target = sets[best]!;
      developments[best]!.claims.push(ref);
      target.from = Math.min(target.from, ref.time);
      target.to = Math.max(target.to, ref.time);
      target.sentences.set(ref.story, [...(target.sentences.get(ref.story) ?? []), ref.claim.sentence]);
      continue;
    }
    const id = developments.length;
    developments.push({ claims: [ref], keys, importance: 0 });
    sets.push({ keys: new Set(keys), weight, numbers: numbers.length > 0, from: ref.time, to: ref.time, sentences: new Map([[ref.story, [ref.claim.sentence]]]) });
    for (const k of specificKeys(keys, common)) {
      const list = index.get(k) ?? [];
      list.push(id);
      index.set(k, list);
    }
  }
  for (const d of developments) {
    const outlets = new Set(d.claims.map((c) => c.outlet)).size;
    const stories = new Set(d.claims.map((c) => c.story)).size;
    const top = Math.max(...d.claims.map((c) => c.claim.weight));
    d.importance = outlets * 2 + stories + top + Math.min(d.claims.length, 4) * 0.3;
  }
  return developments.sort((a, b) => b.importance - a.importance || a.claims[0]!.article - b.claims[0]!.article || a.claims[0]!.claim.sentence - b.claims[0]!.claim.sentence);
}
