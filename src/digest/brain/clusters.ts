import type { SentenceFeatures } from '../../analysis/sentence-features.ts';
import { classWeight } from '../../analysis/verb-classes.ts';

/**
 * Developments as clusters of sentences: every candidate sentence of every fresh story, grouped
 * across articles by what they say (TF-IDF over lemmas, names weighted up, the topic's own words
 * weighted down), then ranked by how much the reporting makes of them.
 *
 *   A: "Russia and Ukraine agreed to swap 1,000 prisoners of war each, Medinsky said."   (lead)
 *   B: "The two sides will exchange 1,000 prisoners each, the Russian negotiator said."  (another outlet)
 *   C: "Zelensky said Putin continues to undermine diplomacy."
 *     → A and B share "1000", "prisoner", "each" (rare words here): one cluster, two outlets;
 *       C shares nothing distinctive: a cluster of its own.
 *
 * One article states a development once: a cluster takes at most one sentence of a story, except
 * that a headline and its own lead tell one thing. Sentences days apart are not one development.
 */

export interface Candidate {
  story: number;
  article: number;
  /** Outlets that carried the story (a copy on another site counts). */
  outlets: readonly string[];
  spin: number;
  /** Publication time (ms). */
  time: number;
  /** Sentence index; -1 for the title. */
  sentence: number;
  paragraph: number;
  quoted: boolean;
  words: number;
  features: SentenceFeatures;
  /** The person "He said …" refers to, named in the article's sentence before. */
  antecedent?: string;
  /** Standing fact or earlier event, not news (analysis/background.ts). */
  background: boolean;
}

export interface Cluster {
  members: Candidate[];
  /** The cluster's most telling terms: what the channel's told memory keeps of it. */
  signature: string[];
  salience: number;
  /** What the salience is made of, for "why wasn't this posted?" (explanation.ts). */
  parts: Record<string, number>;
  /** Normalised centroid of the members' term vectors. */
  centroid: Map<string, number>;
  /** Each member's term vector, in the order of `members`. */
  vectors: Vector[];
}

/** Weighted overlap with a member from which a sentence joins its cluster. */
const JOIN = 0.45;
/** A headline and its own lead join on less: they are written to say the same thing. */
const JOIN_OWN_LEAD = 0.25;
const SAME_TIME_MS = 3 * 86_400_000;
const SIGNATURE_TERMS = 10;
/** Only this many clusters sharing a term are compared, the most recent first: grouping stays near linear. */
const MAX_POSTINGS = 48;
/** Weight of a name's words, of the topic's own words (in every article), of a number. */
const NAME_WEIGHT = 2;
const TOPIC_WEIGHT = 0.3;
const NUMBER_WEIGHT = 1.5;
/** A class of verbs ("consider") counts a little less than a word both sentences share. */
const CLASS_WEIGHT = 0.8;

export type Vector = Map<string, number>;

/** The terms of a sentence: its content lemmas, its numbers as "n:1000" and its verb classes as "c:agree". */
export function termsOf(f: SentenceFeatures): string[] {
  return [...new Set([...f.lemmas, ...f.numbers.map((n) => `n:${n}`), ...f.classes.map((c) => `c:${c}`)])];
}

/** TF-IDF weights of each candidate's terms over the candidates of one plan. */
export function vectorize(candidates: readonly Candidate[], topicWords: ReadonlySet<string>): Vector[] {
  const termLists = candidates.map((c) => termsOf(c.features));
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  return termLists.map((terms, i) => {
    const nameWords = new Set(candidates[i]!.features.names.flatMap((name) => name.split(' ')));
    const v: Vector = new Map();
    for (const t of terms) {
      let w = Math.log((n + 1) / (df.get(t)! + 1)) + 1;
      if (t.startsWith('n:')) w *= NUMBER_WEIGHT;
      else if (t.startsWith('c:')) w *= CLASS_WEIGHT;
      else if (topicWords.has(t)) w *= TOPIC_WEIGHT;
      else if (nameWords.has(t)) w *= NAME_WEIGHT;
      v.set(t, w);
    }
    return v;
  });
}

/**
 * Weighted overlap of two term vectors, relative to the lighter one (0…1): a short report (a
 * headline) inside a long one counts as the same, which cosine would not say.
 */
export function overlap(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  let weightA = 0;
  let weightB = 0;
  for (const [t, w] of small) {
    const other = large.get(t);
    if (other !== undefined) shared += Math.min(w, other);
  }
  for (const w of a.values()) weightA += w;
  for (const w of b.values()) weightB += w;
  const lighter = Math.min(weightA, weightB);
  return lighter > 0 ? shared / lighter : 0;
}

export function normalise(v: Vector): Vector {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  const norm = Math.sqrt(sum) || 1;
  return new Map([...v].map(([t, w]) => [t, w / norm]));
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  return dot;
}

/** Two sentences share a content word that is not a name, or a number. */
function sharesEvent(a: Candidate, b: Candidate): boolean {
  const names = new Set([...a.features.names, ...b.features.names].flatMap((n) => n.split(' ')));
  const words = new Set(b.features.lemmas.filter((l) => !names.has(l)));
  return a.features.lemmas.some((l) => !names.has(l) && words.has(l)) || a.features.numbers.some((n) => b.features.numbers.includes(n));
}

/** Where in its article a sentence stands: the title and the first two sentences say what happened. */
export function positionScore(sentence: number): number {
  if (sentence === -1) return 1.5;
  if (sentence < 2) return 2;
  if (sentence < 5) return 1;
  return 0;
}

export function clusterSentences(candidates: readonly Candidate[], topicWords: ReadonlySet<string>): Cluster[] {
  const vectors = vectorize(candidates, topicWords);
  const order = candidates.map((_, i) => i).sort((x, y) => positionScore(candidates[y]!.sentence) - positionScore(candidates[x]!.sentence) || candidates[x]!.article - candidates[y]!.article || candidates[x]!.sentence - candidates[y]!.sentence);
  const clusters: { members: number[]; sum: Vector; from: number; to: number; stories: Map<number, number[]> }[] = [];
  const postings = new Map<string, number[]>();
  for (const i of order) {
    const c = candidates[i]!;
    const v = vectors[i]!;
    const seen = new Set<number>();
    let best = -1;
    let bestScore = 0;
    for (const t of v.keys()) {
      if (topicWords.has(t)) continue;
      for (const k of (postings.get(t) ?? []).slice(-MAX_POSTINGS)) {
        if (seen.has(k)) continue;
        seen.add(k);
        const target = clusters[k]!;
        if (c.time < target.from - SAME_TIME_MS || c.time > target.to + SAME_TIME_MS) continue;
        const own = target.stories.get(c.story);
        const ownLead = own !== undefined && own.every((s) => (s === -1 && c.sentence >= 0 && c.sentence < 2) || (c.sentence === -1 && s >= 0 && s < 2));
        if (own !== undefined && !ownLead) continue;
        // The nearest member: a paraphrase is near one report of the development, not all of them.
        // Across stories, a shared name and a class of verb are not enough: some word or number of what happened must be shared too.
        const score = Math.max(...target.members.map((m) => (ownLead || sharesEvent(c, candidates[m]!) ? overlap(v, vectors[m]!) : 0)));
        if (score >= (ownLead ? JOIN_OWN_LEAD : JOIN) && score > bestScore) {
          best = k;
          bestScore = score;
        }
      }
    }
    if (best < 0) {
      best = clusters.length;
      clusters.push({ members: [], sum: new Map(), from: c.time, to: c.time, stories: new Map() });
    }
    const target = clusters[best]!;
    target.members.push(i);
    for (const [t, w] of v) target.sum.set(t, (target.sum.get(t) ?? 0) + w);
    target.from = Math.min(target.from, c.time);
    target.to = Math.max(target.to, c.time);
    target.stories.set(c.story, [...(target.stories.get(c.story) ?? []), c.sentence]);
    for (const t of v.keys()) {
      const list = postings.get(t) ?? [];
      if (list.at(-1) !== best) list.push(best);
      postings.set(t, list);
    }
  }
  return clusters.map((k) => {
    const centroid = normalise(k.sum);
    const members = k.members.map((i) => candidates[i]!);
    const parts = salienceParts(members, topicWords);
    const salience = Object.values(parts).reduce((sum, x) => sum + x, 0);
    return { members, centroid, vectors: k.members.map((i) => vectors[i]!), signature: signatureOf(centroid, topicWords), salience, parts };
  });
}

function signatureOf(centroid: Vector, topicWords: ReadonlySet<string>): string[] {
  return [...centroid]
    .filter(([t]) => !topicWords.has(t))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, SIGNATURE_TERMS)
    .map(([t]) => t);
}

/**
 * How much the reporting makes of a development: outlets carrying it, the lead position, how
 * specific it is (names, numbers, dates), what kind of event it is (verb-classes.ts), and whether
 * it is about the topic at all.
 */
function salienceParts(members: readonly Candidate[], topicWords: ReadonlySet<string>): Record<string, number> {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    outlets: new Set(members.flatMap((m) => m.outlets)).size,
    stories: new Set(members.map((m) => m.story)).size * 0.5,
    position: Math.max(...members.map((m) => positionScore(m.sentence))),
    specificity: round(Math.max(...members.map((m) => Math.min(m.features.names.length, 3) * 0.4 + (m.features.numbers.length ? 1 : 0) + (m.features.dates.length ? 0.5 : 0)))),
    event: Math.max(...members.map((m) => classWeight(m.features.classes))),
    topic: members.some((m) => m.features.lemmas.some((l) => topicWords.has(l))) ? 1 : -1.5,
    background: members.every((m) => m.background) ? -3 : 0,
    leaning: members.every((m) => (m.features.leans && !m.antecedent) || m.quoted) ? -1 : 0,
  };
}

/**
 * A cluster is what the channel was told when a told signature holds most of its terms and it
 * brings no number the told one did not have: a newer, more specific report is news.
 */
export function alreadyTold(signature: readonly string[], told: readonly (readonly string[])[]): boolean {
  return told.some((t) => {
    const set = new Set(t);
    const shared = signature.filter((s) => set.has(s)).length;
    if (shared < TOLD_SHARE * Math.min(signature.length, t.length)) return false;
    return signature.filter((s) => s.startsWith('n:')).every((s) => set.has(s));
  });
}
const TOLD_SHARE = 0.6;
