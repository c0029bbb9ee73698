import { normalizeTypography, wordCount, type Sentence } from './text.ts';

/**
 * Claims: the sentences of an article that report something happening, reduced to comparable
 * keys — the event (one concept per family of synonyms, so "left", "departed" and "quit" agree)
 * and who and where (names, places). Claims from different articles and outlets with enough keys
 * in common are one development (analysis/developments.ts).
 *
 *   "A Hamas delegation … has departed and is expected to return for further talks on Tuesday"
 *     → keys: ev:depart ev:return ev:talks delegation hamas tuesday
 *   "The Hamas delegation left Cairo on Sunday" → ev:depart delegation hamas cairo sunday
 *
 * Sentences about earlier, fixed events (the October 7 attack, the November truce, Qatar hosting
 * Hamas's office) are marked background: repeated in every article, never news.
 */

export interface Claim {
  /** Sentence index; -1 for the title. */
  sentence: number;
  /** Paragraph index; -1 for the title. */
  paragraph: number;
  text: string;
  keys: string[];
  /** How concrete and prominent the sentence is, before counting outlets (higher is better). */
  weight: number;
  background: boolean;
}

/** Families of event words; the first word names the concept. */
const EVENTS: string[][] = [
  ['depart', 'left', 'leave', 'leaves', 'leaving', 'departed', 'departs', 'departing', 'depart', 'quit', 'exited', 'walked out', 'pulled out'],
  ['arrive', 'arrive', 'arrived', 'arrives', 'arriving', 'travel', 'travelled', 'traveled', 'travels', 'fly', 'flew', 'flying', 'visit', 'visited', 'visits', 'headed to', 'heading to', 'on his way', 'on their way', 'landed', 'come to', 'will come'],
  ['return', 'return', 'returned', 'returns', 'returning', 'come back', 'back to'],
  ['accept', 'accept', 'accepted', 'accepts', 'agreed', 'agree', 'agrees', 'approved', 'approve', 'endorsed', 'endorse', 'signed off', 'welcomed', 'committed to'],
  ['reject', 'reject', 'rejected', 'rejects', 'refused', 'refuse', 'refuses', 'dismissed', 'rebuffed', 'turned down', 'cannot accept', 'flatly'],
  ['stall', 'stalled', 'stalling', 'deadlock', 'impasse', 'stalemate', 'standstill', 'stuck', 'broke down', 'collapsed', 'failed', 'no breakthrough', 'without a deal', 'gaps', 'sabotaging', 'obstructing', 'complicating', 'delaying'],
  ['round', 'new round', 'next round', 'round of talks', 'resume', 'resumed', 'resumption', 'reconvene', 'meet again', 'will meet', 'to meet', 'meeting', 'continue their meetings', 'summit', 'emergency talks'],
  ['propose', 'proposal', 'proposals', 'offer', 'offered', 'plan', 'draft', 'framework', 'terms', 'counterproposal', 'tabled', 'presented'],
  ['mediator-role', 'reassess', 'reassessing', 're-evaluating', 'reevaluating', 'reevaluate', 'review its role', 'role as a mediator', 'role as mediator', 'step back', 'stepping back', 'suspend its mediation', 're-engaged', 'reengaged'],
  ['invade', 'invade', 'invasion', 'assault on rafah', 'offensive on rafah', 'enter rafah', 'entering rafah', 'ground operation'],
  ['attack', 'rocket attack', 'claimed responsibility', 'strike', 'strikes', 'shelling', 'bombardment', 'airstrike'],
  ['withdraw', 'withdrawal', 'withdraw', 'pull out', 'troops', 'military presence'],
  ['pressure', 'pressure', 'pressured', 'urged', 'urge', 'calls on', 'called on', 'push', 'pushed'],
  ['killed-leader', 'assassination', 'assassinated', 'martyrdom', 'killing of'],
  ['aid', 'aid', 'humanitarian', 'crossing', 'convoy', 'trucks'],
  ['talks', 'talks', 'negotiations', 'negotiators', 'negotiating', 'discussions', 'diplomacy', 'mediators', 'mediation'],
  ['ceasefire', 'ceasefire', 'cease-fire', 'truce', 'pause', 'halt to fighting', 'end the war', 'end to the war'],
  ['hostage', 'hostages', 'hostage', 'captives', 'prisoners', 'abductees', 'detainees', 'prisoner exchange'],
];

/** Concepts present in nearly every article on the topic: they do not tell developments apart. */
export const GENERIC_CONCEPTS = new Set(['ev:talks', 'ev:ceasefire', 'ev:hostage']);

const EVENT_PATTERNS = EVENTS.map(([concept, ...words]) => ({
  key: `ev:${concept}`,
  re: new RegExp(`\\b(?:${words.map((w) => w.replace(/[-]/g, '[- ]?').replace(/\s+/g, '\\s+')).join('|')})\\b`, 'i'),
}));

const WEEKDAY = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|today|yesterday)\b/gi;

/** Past, fixed events and standing facts: context in every article, never news. */
const BACKGROUND = [
  /\bon october 7\b|\boctober 7\b|\b7 october\b/i,
  /\b(?:in|during|since) (?:january|february|march|april|may|june|july|august|september|october|november|december)(?: last year| \d{4})?\b/i,
  /\blast year\b|\bsince the war (?:began|started)\b|\bsince the start of the war\b/i,
  /\bhas (?:long )?(?:played|hosted|served|been hosting|maintained)\b|\bmaintains its (?:headquarters|office)\b|\bhosts? (?:hamas|the group)['’]s? (?:political )?(?:office|bureau|leadership)\b/i,
  /\bno formal diplomatic relations\b|\bit['’]s worth noting\b|\bit is important to note\b/i,
  /\blaunched (?:the|its) (?:offensive|war)\b|\bthe war (?:began|started)\b|\bretaliatory offensive\b/i,
  /\bconsecutive rounds\b|\bprevious(?:ly)? (?:rounds?|agreements?)\b/i,
];

const STOP_NAMES = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'but', 'and', 'as', 'it', 'its', 'this', 'that', 'he', 'she', 'they', 'we', 'i', 'after', 'while', 'meanwhile', 'although', 'however', 'following', 'according', 'when', 'if', 'since', 'with', 'for', 'to', 'of', 'by', 'from', 'mr', 'ms', 'mrs']);

/** Names and places in a sentence, lower-cased ("hamas", "cairo"), possessives dropped. */
export function namedKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(/\b\p{Lu}[\p{L}-]+(?:['’]s)?/gu)) {
    const k = m[0].toLowerCase().replace(/['’]s$/, '').replace(/^al-/, '');
    if (k.length > 2 && !STOP_NAMES.has(k)) keys.add(k.replace(/i$/, '').replace(/ian$/, ''));
  }
  return [...keys];
}

export function eventKeys(text: string): string[] {
  return EVENT_PATTERNS.filter((p) => p.re.test(text)).map((p) => p.key);
}

export function isBackground(text: string): boolean {
  return BACKGROUND.some((re) => re.test(text));
}

export function findClaims(sentences: readonly Sentence[], title: string | null): Claim[] {
  const claims: Claim[] = [];
  const all = title ? [{ paragraph: -1, index: -1, text: title }, ...sentences] : sentences;
  for (const s of all) {
    const text = normalizeTypography(s.text);
    const words = wordCount(text);
    if (words < 6 || words > 70) continue;
    // A sentence that is all quote is a quote, not a claim (quotes are picked separately).
    if (/^["'“‘]/.test(text) && /["”]/.test(text.slice(1, -1)) && !/^["'“‘][^"”]{0,40}["”]\s+\p{Lu}/u.test(text)) continue;
    const events = eventKeys(text);
    const specific = events.filter((e) => !GENERIC_CONCEPTS.has(e));
    if (events.length === 0) continue;
    const names = namedKeys(text);
    const when = [...text.matchAll(WEEKDAY)].map((m) => m[1]!.toLowerCase());
    const background = isBackground(text);
    let weight = 0;
    if (s.index === -1) weight += 3;
    else if (s.index < 2) weight += 2.5;
    else if (s.index < 5) weight += 1;
    weight += Math.min(specific.length, 3) * 1.5 + Math.min(names.length, 4) * 0.5 + (when.length ? 1 : 0) + (/\d/.test(text) ? 0.5 : 0);
    if (specific.length === 0) weight -= 2;
    claims.push({ sentence: s.index, paragraph: s.paragraph, text: s.text, keys: [...new Set([...events, ...names, ...when])], weight, background });
  }
  return claims;
}
