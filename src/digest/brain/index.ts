import type { Claim } from '../../analysis/claims.ts';
import type { Development } from '../../analysis/developments.ts';
import type { TopicConfig } from '../../config/index.ts';
import type { Executor } from '../../store/index.ts';
import { alreadyTold, clusterSentences, overlap, positionScore, type Candidate, type Cluster, type Vector } from './clusters.ts';
import { candidateSentences } from './sentence-store.ts';

/**
 * The cluster engine (`digest.engine: clusters`): developments are clusters of the candidate
 * sentences of every fresh story (clusters.ts), ranked by salience, less what the channel was told.
 * Each comes out in the shape the composer reads (a Development of claims), with its centroid so
 * the planner can leave out one that repeats a development it already shows.
 */

export interface StoryInput {
  root: number;
  /** The copy that speaks for the story. */
  article: number;
  outlets: readonly string[];
  spin: number;
  time: number;
}

export interface RankedDevelopment {
  development: Development;
  centroid: Vector;
  /** Who acts in its best sentence (a subject's head lemma), for "no actor fills two slots". */
  actor: string | null;
  /** What they do: the main verb's lemma. */
  verb: string | null;
  /** Its best sentence leans on the one before it: no summary can be made of it. */
  leans: boolean;
}

/** Marks a told development written by this engine: its key is a signature of terms, not event keys. */
export const SIGNATURE_MARK = '@terms';

export async function rankDevelopments(db: Executor, stories: readonly StoryInput[], topic: TopicConfig, told: readonly string[][]): Promise<RankedDevelopment[]> {
  const sentences = await candidateSentences(db, stories.map((s) => s.article));
  const candidates: Candidate[] = [];
  for (const s of stories) {
    for (const c of sentences.get(s.article) ?? []) {
      candidates.push({ story: s.root, article: s.article, outlets: s.outlets, spin: s.spin, time: s.time, sentence: c.sentence, paragraph: c.paragraph, quoted: c.quoted, words: c.words, features: c.features, background: c.background });
    }
  }
  const toldSignatures = told.filter((k) => k[0] === SIGNATURE_MARK).map((k) => k.slice(1));
  return clusterSentences(candidates, topicWords(topic))
    .filter((c) => !alreadyTold(c.signature, toldSignatures))
    .sort((a, b) => b.salience - a.salience || a.members[0]!.article - b.members[0]!.article || a.members[0]!.sentence - b.members[0]!.sentence)
    .map((c) => {
      const best = bestMember(c).features;
      return { development: asDevelopment(c), centroid: c.centroid, actor: best.subject, verb: best.verb, leans: best.leans };
    });
}

/** True when a development says what one already chosen says. */
export function repeats(d: RankedDevelopment, chosen: readonly RankedDevelopment[]): boolean {
  return chosen.some((c) => {
    const similarity = overlap(c.centroid, d.centroid);
    // The same actor doing the same thing, told in other words ("agreed to set up teams", "agreed to start working").
    const sameAct = d.actor !== null && d.actor === c.actor && d.verb !== null && d.verb === c.verb;
    return similarity >= REPEAT || (sameAct && similarity >= REPEAT_SAME_ACT);
  });
}
const REPEAT = 0.4;
const REPEAT_SAME_ACT = 0.1;

/** The lower-case words of the topic's terms, actors and places: present in every article, they tell nothing apart. */
export function topicWords(topic: TopicConfig): Set<string> {
  const words = [...topic.terms, ...topic.actors, ...topic.places].flatMap((e) => e.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return new Set(words.filter((w) => w.length > 2).flatMap((w) => [w, w.replace(/s$/, '')]));
}

const CONCISE_WORDS = 20;

/** How well a member can stand for its cluster: central, in the lead, complete and standing alone. */
function memberScore(m: Candidate, centroid: Vector): number {
  let score = positionScore(m.sentence) + Math.min(m.features.names.length, 3) * 0.3 + (m.features.numbers.length ? 0.5 : 0);
  if (m.features.leans) score -= 4;
  if (m.quoted) score -= 1;
  if (m.background) score -= 2;
  if (m.sentence === -1) score -= 1;
  // A digest has few words: a shorter report of the same thing leaves room for another development.
  score -= Math.max(0, m.words - CONCISE_WORDS) * 0.08;
  return score + centrality(m, centroid) * 3;
}

function centrality(m: Candidate, centroid: Vector): number {
  const terms = [...m.features.lemmas, ...m.features.numbers.map((n) => `n:${n}`)];
  return terms.reduce((sum, t) => sum + (centroid.get(t) ?? 0), 0) / Math.sqrt(terms.length || 1);
}

function bestMember(c: Cluster): Candidate {
  return [...c.members].sort((a, b) => memberScore(b, c.centroid) - memberScore(a, c.centroid))[0]!;
}

function asDevelopment(c: Cluster): Development {
  const keys = [SIGNATURE_MARK, ...c.signature];
  const claims = c.members.map((m) => {
    const claim: Claim = { sentence: m.sentence, paragraph: m.paragraph, quoted: m.quoted, keys, weight: memberScore(m, c.centroid), background: m.background };
    return { claim, story: m.story, article: m.article, outlet: m.outlets.join('|'), spin: m.spin, time: m.time };
  });
  return { claims, keys, importance: c.salience };
}
