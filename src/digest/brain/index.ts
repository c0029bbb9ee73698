import type { Claim } from '../../analysis/claims.ts';
import { datesEarlier } from '../../analysis/event-date.ts';
import type { Development } from '../../analysis/developments.ts';
import type { TopicConfig } from '../../config/index.ts';
import type { Executor } from '../../store/index.ts';
import { alreadyTold, clusterSentences, positionScore, type Candidate, type Cluster, type Vector } from './clusters.ts';
import type { Choice } from './select.ts';
import { candidateSentences } from './sentence-store.ts';

/**
 * The cluster engine (`digest.engine: clusters`): developments are clusters of the candidate
 * sentences of every fresh story (clusters.ts), ranked by salience, less what the channel was told.
 * Each comes out in the shape the composer reads (a Development of claims), with what selection
 * needs to leave out one that repeats a development shown (select.ts).
 */

export interface StoryInput {
  root: number;
  /** The copy that speaks for the story. */
  article: number;
  outlets: readonly string[];
  spin: number;
  time: number;
}

export interface RankedDevelopment extends Omit<Choice, 'words'> {
  development: Development;
  /** The term weights of each of its claims, in their order: a summary made of one is compared by its terms. */
  vectors: readonly Vector[];
  /** What its salience is made of. */
  parts: Record<string, number>;
}

/** Marks a told development written by this engine: its key is a signature of terms, not event keys. */
export const SIGNATURE_MARK = '@terms';

export interface Ranking {
  /** Developments the channel has not been told, the most salient first. */
  ranked: RankedDevelopment[];
  /** Those it has: left out, and said so in the digest's explanation. */
  told: RankedDevelopment[];
}

export async function rankDevelopments(db: Executor, stories: readonly StoryInput[], topic: TopicConfig, told: readonly string[][]): Promise<Ranking> {
  const sentences = await candidateSentences(db, stories.map((s) => s.article));
  const candidates: Candidate[] = [];
  for (const s of stories) {
    const ofArticle = sentences.get(s.article) ?? [];
    const at = new Map(ofArticle.map((c) => [c.sentence, c]));
    for (const c of ofArticle) {
      const background = c.background || c.features.dates.some((d) => datesEarlier(d, s.time));
      // "He said …" right after a sentence whose subject is a person named in full: that person.
      const before = c.features.pronounSpeaker ? at.get(c.sentence - 1) : undefined;
      const antecedent = before && before.paragraph === c.paragraph ? (before.features.person ?? undefined) : undefined;
      candidates.push({ story: s.root, article: s.article, outlets: s.outlets, spin: s.spin, time: s.time, sentence: c.sentence, paragraph: c.paragraph, quoted: c.quoted, words: c.words, features: c.features, background, antecedent });
    }
  }
  const toldSignatures = told.filter((k) => k[0] === SIGNATURE_MARK).map((k) => k.slice(1));
  const all = clusterSentences(candidates, topicWords(topic))
    .sort((a, b) => b.salience - a.salience || a.members[0]!.article - b.members[0]!.article || a.members[0]!.sentence - b.members[0]!.sentence)
    .map((c) => ({ ranked: ranked(c), told: alreadyTold(c.signature, toldSignatures) }));
  return { ranked: all.filter((x) => !x.told).map((x) => x.ranked), told: all.filter((x) => x.told).map((x) => x.ranked) };
}

function ranked(c: Cluster): RankedDevelopment {
  const at = bestMember(c);
  const best = c.members[at]!.features;
  const stories = [...new Set(c.members.map((m) => m.story))];
  // A sentence without a main verb ("Prime Minister Giorgia Meloni,") says nothing alone either.
  return { development: asDevelopment(c), vectors: c.vectors, terms: c.vectors[at]!, actor: best.subject, verb: best.verb, leans: (best.leans && !c.members[at]!.antecedent) || best.verb === null, background: c.members.every((m) => m.background), salience: c.salience, parts: c.parts, stories };
}

/** The lower-case words of the topic's terms, actors and places: present in every article, they tell nothing apart. */
export function topicWords(topic: TopicConfig): Set<string> {
  const words = [...topic.terms, ...topic.actors, ...topic.places].flatMap((e) => e.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return new Set(words.filter((w) => w.length > 2).flatMap((w) => [w, w.replace(/s$/, '')]));
}

const CONCISE_WORDS = 20;
const TITLE_BONUS = 1;

/**
 * How well a member can stand for its cluster: central, in the lead, complete and standing alone,
 * and in the tense of what happened — "are set to hold talks" is stale once a report says they met.
 */
function memberScore(m: Candidate, centroid: Vector, happened: boolean): number {
  let score = positionScore(m.sentence) + Math.min(m.features.names.length, 3) * 0.3 + (m.features.numbers.length ? 0.5 : 0);
  if (m.features.leans && !m.antecedent) score -= 4;
  if (m.quoted) score -= 1;
  if (m.background) score -= 2;
  // A title that states what happened says it in the fewest words; one that asks or teases does not.
  if (m.sentence === -1) score += m.features.question || m.features.verb === null ? -3 : TITLE_BONUS;
  if (happened && m.features.future) score -= 1.5;
  // A digest has few words: a shorter report of the same thing leaves room for another development.
  score -= Math.max(0, m.words - CONCISE_WORDS) * 0.08;
  return score + centrality(m, centroid) * 3;
}

function centrality(m: Candidate, centroid: Vector): number {
  const terms = [...m.features.lemmas, ...m.features.numbers.map((n) => `n:${n}`)];
  return terms.reduce((sum, t) => sum + (centroid.get(t) ?? 0), 0) / Math.sqrt(terms.length || 1);
}

/** The index of the member that best stands for its cluster. */
function bestMember(c: Cluster): number {
  const happened = hasHappened(c);
  const scores = c.members.map((m) => memberScore(m, c.centroid, happened));
  return scores.indexOf(Math.max(...scores));
}

/** Some member reports the development as done, not as to come. */
function hasHappened(c: Cluster): boolean {
  return c.members.some((m) => !m.features.future && m.sentence >= 0);
}

function asDevelopment(c: Cluster): Development {
  const keys = [SIGNATURE_MARK, ...c.signature];
  const happened = hasHappened(c);
  const claims = c.members.map((m) => {
    const claim: Claim = { sentence: m.sentence, paragraph: m.paragraph, quoted: m.quoted, keys, weight: memberScore(m, c.centroid, happened), background: m.background, ...(m.antecedent ? { antecedent: m.antecedent } : {}) };
    return { claim, story: m.story, article: m.article, outlet: m.outlets.join('|'), spin: m.spin, time: m.time };
  });
  return { claims, keys, importance: c.salience };
}
