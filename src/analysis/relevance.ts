import type { TopicConfig } from '../config/index.ts';
import { escapeRegExp } from '../regexp.ts';

/**
 * Does an article belong to the topic? Shared words are not enough: a football derby in Doha
 * mentions Doha, "talks" and a contract "deal"; another war's prisoner swap mentions "truce",
 * "mediators" and even Qatar. What separates them is who the article is about: the share of its
 * named mentions that are the topic's actors and places.
 *
 *   Seed 004 (Hamas, Israel, Gaza, Cairo, Netanyahu … ) → 41 of 66 named mentions → on topic
 *   Doha derby (Al Sadd, Al Duhail, Akram Afif … Doha) → 3 of 31 → off topic
 */

export interface Relevance {
  onTopic: boolean;
  score: number;
  reason: string;
}

const MIN_SHARE = 0.25;
const MIN_DISTINCT_ENTITIES = 2;


function termPattern(term: string): RegExp {
  // "Israel" also counts as "Israeli" and "Israel's"; "hostage" as "hostages".
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term).replace(/\\s+/g, '\\s+')}(?:s|i|is|'s|’s)?(?![\\p{L}\\p{N}])`, 'giu');
}

const patternCache = new Map<string, RegExp>();
function cached(term: string): RegExp {
  let re = patternCache.get(term);
  if (!re) {
    re = termPattern(term);
    patternCache.set(term, re);
  }
  re.lastIndex = 0;
  return re;
}

function count(text: string, term: string): number {
  return text.match(cached(term))?.length ?? 0;
}

/** Capitalised words that are not the first word of a sentence: a cheap count of named mentions. */
function namedMentions(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/(?<![.!?:"“]\s)(?<!^)(?<=\s)\p{Lu}[\p{L}'’-]+/gmu)) if (m[0].length > 1) n++;
  return n;
}

export function relevance(title: string | null, text: string, topic: TopicConfig): Relevance {
  const body = `${title ?? ''}\n${text}`;
  const terms = topic.terms.filter((t) => count(body, t) > 0);
  const entities = [...topic.actors, ...topic.places];
  let entityMentions = 0;
  const seen: string[] = [];
  for (const e of entities) {
    const n = count(body, e);
    if (n > 0) {
      entityMentions += n;
      seen.push(e);
    }
  }
  const named = Math.max(namedMentions(body), entityMentions);
  const share = named ? entityMentions / named : 0;
  const score = Math.round((share * 100 + Math.min(terms.length, 5) * 4 + Math.min(seen.length, 6) * 3) * 10) / 10;
  const shown = seen.slice(0, 4).join(', ') || 'none';
  if (terms.length === 0) return { onTopic: false, score, reason: `off-topic: none of the topic's terms appear (actors or places seen: ${shown})` };
  if (seen.length < MIN_DISTINCT_ENTITIES) return { onTopic: false, score, reason: `off-topic: names ${seen.length} of the topic's actors and places (${shown})` };
  if (share < MIN_SHARE) {
    return { onTopic: false, score, reason: `off-topic: only ${entityMentions} of ${named} named mentions are the topic's actors or places (${shown})` };
  }
  return { onTopic: true, score, reason: `on topic: ${entityMentions} of ${named} named mentions are the topic's actors or places (${shown}); terms: ${terms.slice(0, 4).join(', ')}` };
}
