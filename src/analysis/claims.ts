import { insideQuote, normalizeTypography, wordCount, type Sentence } from './text.ts';

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
  /**
   * The sentence (or title). Not kept in the analysis cache, which would otherwise hold every
   * article twice: read back from the article when a claim is shown (claim-text.ts).
   */
  text?: string;
  /** Holds a quote mark: a summary made of it would carry half a quotation. */
  quoted: boolean;
  keys: string[];
  /** How concrete and prominent the sentence is, before counting outlets (higher is better). */
  weight: number;
  background: boolean;
  /** Who "He" or "She" opening the sentence is: the person the sentence before names (clusters engine). */
  antecedent?: string;
}

/** Families of event words; the first word names the concept. */
const EVENTS: string[][] = [
  ['depart', 'left', 'leave', 'leaves', 'leaving', 'departed', 'departs', 'departing', 'depart', 'quit', 'exited', 'walked out', 'pulled out', 'recalled', 'recalls', 'recalling', 'ordered back', 'called back'],
  ['arrive', 'arrive', 'arrived', 'arrives', 'arriving', 'travel', 'travelled', 'traveled', 'travels', 'fly', 'flew', 'flying', 'visit', 'visited', 'visits', 'headed to', 'heading to', 'on his way', 'on their way', 'landed', 'come to', 'will come', 'dispatch', 'dispatched', 'dispatching', 'will send', 'to send', 'sending', 'sends'],
  ['return', 'return', 'returned', 'returns', 'returning', 'come back', 'back to'],
  ['accept', 'accept', 'accepted', 'accepts', 'agreed', 'agree', 'agrees', 'approved', 'approve', 'ratified', 'ratify', 'ratifies', 'endorsed', 'endorse', 'signed off', 'welcomed', 'committed to'],
  ['reject', 'reject', 'rejected', 'rejects', 'refused', 'refuse', 'refuses', 'dismissed', 'rebuffed', 'turned down', 'cannot accept', 'flatly', 'oppose', 'opposes', 'opposed', 'vote against', 'voted against', 'will vote against', 'ruled out', 'rules out', 'ruling out', 'rule out'],
  ['stall', 'stalled', 'stalling', 'deadlock', 'impasse', 'stalemate', 'standstill', 'stuck', 'broke down', 'collapsed', 'failed', 'no breakthrough', 'without a deal', 'gaps', 'differences', 'disagreements', 'sticking points', 'sabotaging', 'obstructing', 'complicating', 'complicated', 'delaying', 'adjourned', 'postponed', 'suspended', 'broke off'],
  ['progress', 'progress', 'moved forward', 'narrowed', 'narrowing', 'closer to a deal', 'closer to an agreement', 'closer than ever', 'advances', 'advanced'],
  ['delegation', 'delegation', 'delegations', 'negotiating team', 'negotiating teams', 'envoys', 'envoy'],
  ['round', 'new round', 'next round', 'round of talks', 'resume', 'resumed', 'resumption', 'reconvene', 'meet again', 'will meet', 'to meet', 'meeting', 'continue their meetings', 'summit', 'emergency talks', 'have begun', 'has begun', 'have started', 'has started', 'kicked off', 'got under way', 'are under way', 'is under way', 'direct contacts', 'direct talks'],
  // A party's answer to an offer is its own development, however the answer is described.
  ['respond', 'response', 'responses', 'responded', 'responds', 'reply', 'replied', 'replies', 'its answer', 'their answer'],
  ['propose', 'proposal', 'proposals', 'offer', 'offered', 'plan', 'draft', 'framework', 'terms', 'counterproposal', 'tabled', 'presented'],
  ['mediator-role', 'reassess', 'reassessing', 're-evaluating', 'reevaluating', 'reevaluate', 'review its role', 'role as a mediator', 'role as mediator', 'step back', 'stepping back', 'suspend its mediation', 're-engaged', 'reengaged'],
  ['invade', 'invade', 'invasion', 'assault on rafah', 'offensive on rafah', 'enter rafah', 'entering rafah', 'ground operation'],
  ['attack', 'rocket attack', 'claimed responsibility', 'strike', 'strikes', 'shelling', 'bombardment', 'airstrike'],
  ['withdraw', 'withdrawal', 'withdraw', 'withdrawing', 'withdraws', 'withdrew', 'pull out', 'pulling out', 'pull back', 'pulled back', 'troops', 'military presence'],
  ['pressure', 'pressure', 'pressured', 'urged', 'urge', 'calls on', 'called on', 'push', 'pushed'],
  // Captives actually freed (a passive of the happening), not the release a deal is about.
  ['freed', 'were released', 'was released', 'have been released', 'has been released', 'were freed', 'was freed', 'have been freed', 'has been freed', 'released from captivity', 'freed from captivity', 'handed over to the red cross', 'set free', 'walked free'],
  // Assurances given (or refused) that a deal will hold: what a party asks before it signs.
  ['guarantee', 'guarantees from', 'assurances from', 'received guarantees', 'received assurances', 'written guarantees', 'no guarantees', 'no assurances'],
  // A refusal to free captives: a position that moves a negotiation, not the ever-present "hostages".
  ['withhold', 'not to release', 'not release', 'not be released', 'not to free', 'no hostages would', 'no hostages will', 'no captives would', 'no captives will'],
  ['killed-leader', 'assassination', 'assassinated', 'martyrdom', 'killing of'],
  ['in-effect', 'take effect', 'takes effect', 'took effect', 'went into effect', 'in effect', 'into force', 'came into force'],
  ['condemn', 'condemn', 'condemns', 'condemned', 'condemning', 'denounced', 'denounces', 'deplored', 'strongly rejects'],
  ['protest', 'protest', 'protests', 'protesters', 'protestors', 'rallied', 'rally', 'rallies', 'demonstrators', 'demonstrations', 'general strike', 'took to the streets'],
  ['aid', 'aid', 'humanitarian', 'crossing', 'convoy', 'trucks'],
  ['talks', 'talks', 'negotiations', 'negotiators', 'negotiating', 'discussions', 'diplomacy', 'mediators', 'mediation'],
  ['ceasefire', 'ceasefire', 'cease-fire', 'truce', 'pause', 'halt to fighting', 'end the war', 'end to the war'],
  ['hostage', 'hostages', 'hostage', 'captives', 'prisoners', 'abductees', 'detainees', 'prisoner exchange'],
];

/** Concepts present in nearly every article on the topic: they do not tell developments apart. */
export const GENERIC_CONCEPTS = new Set(['ev:talks', 'ev:ceasefire', 'ev:hostage']);

/** Events that move a negotiation weigh more than its ever-present context (aid, strikes, pressure). */
const SALIENCE: Record<string, number> = {
  'ev:stall': 2, 'ev:accept': 2, 'ev:reject': 2, 'ev:depart': 2, 'ev:arrive': 1.8, 'ev:round': 1.8, 'ev:mediator-role': 2, 'ev:invade': 1.5,
  'ev:progress': 1.8, 'ev:withhold': 2, 'ev:return': 1.2, 'ev:propose': 1.5, 'ev:respond': 1.8, 'ev:freed': 1.8, 'ev:guarantee': 1.5, 'ev:delegation': 1.2, 'ev:killed-leader': 1.5, 'ev:withdraw': 1, 'ev:protest': 1.2, 'ev:condemn': 1.2, 'ev:in-effect': 2, 'ev:pressure': 0.8, 'ev:attack': 0.8, 'ev:aid': 0.6,
};

/** Event phrases by their lower-case words ("walked out", "role as a mediator"), for n-gram lookup. */
const PHRASES = new Map<string, string>();
for (const [concept, ...words] of EVENTS) for (const w of words) PHRASES.set(w.toLowerCase().replace(/-/g, ' '), `ev:${concept}`);
const MAX_PHRASE = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));

const WEEKDAY = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|today|yesterday)\b/gi;
const NAMES_A_DAY = new RegExp(WEEKDAY.source, 'i');

/**
 * Dates and clauses that place a sentence in the past ("on October 7", "in January", "last year",
 * "the agreement that took effect …"): context, not news. A sentence that also names a day of this
 * week reports something new about them ("Hamas vowed Friday not to release the hostages seized in
 * its 7 October attack"): the date is a modifier there.
 */
const PAST_DATES = [
  /\bon october 7\b|\boctober 7\b|\b7 october\b/i,
  /\b(?:in|during|since) (?:january|february|march|april|may|june|july|august|september|october|november|december)(?: last year| \d{4})?\b/i,
  /\blast (?:year|month)\b|\bsince the war (?:began|started)\b|\bsince the start of the war\b/i,
  /\b(?:that|which) (?:went|came) into (?:effect|force)\b|\b(?:that|which) took effect\b/i,
];

/**
 * The past perfect tells what came before the news ("The killing had raised hopes of …"), unless
 * it is reported speech moved back a tense ("Al-Hayya said he had received guarantees").
 */
const PAST_PERFECT = /\bhad (?:already |long |previously |earlier )?(?:been )?[a-z]+(?:ed|en|wn)\b/;
const REPORTED_PERFECT = /\b(?:said|says|told|added|announced|confirmed|reported|stated)\b(?:\s+\S+){0,6}?\s+had\b/;

/** Standing facts every article repeats: a role long held, a relation, the war's start. */
const BACKGROUND = [
  /\bhas (?:long )?(?:played|hosted|served|been hosting|maintained)\b|\bmaintains its (?:headquarters|office)\b|\bhosts? (?:hamas|the group)['’]s? (?:political )?(?:office|bureau|leadership)\b/i,
  /\bno formal diplomatic relations\b|\bit['’]s worth noting\b|\bit is important to note\b/i,
  /\blaunched (?:the|its) (?:offensive|war)\b|\bthe war (?:began|started)\b|\bretaliatory offensive\b/i,
  /\bconsecutive rounds\b|\bprevious(?:ly)? (?:rounds?|agreements?)\b/i,
];

const STOP_NAMES = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'but', 'and', 'as', 'it', 'its', 'this', 'that', 'he', 'she', 'they', 'we', 'i', 'after', 'while', 'meanwhile', 'although', 'however', 'following', 'according', 'when', 'if', 'since', 'with', 'for', 'to', 'of', 'by', 'from', 'mr', 'ms', 'mrs']);

/** A name as a key: lower-cased, possessive and "al-" dropped, nationality folded into the country ("qatari" → "qatar"). */
export function nameKey(word: string): string {
  return word.toLowerCase().replace(/['’]s$/, '').replace(/^al-/, '').replace(/ian$/, '').replace(/i$/, '');
}

/**
 * Names and places in a sentence. A capitalised first word counts only when the article also
 * writes it capitalised mid-sentence (`known`), so "Differences" or "Parties" opening a sentence
 * is not taken for a name.
 */
export function namedKeys(text: string, known?: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  let first = true;
  for (const raw of text.split(/[\s/]+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}'’]+$/u, '');
    if (token === '') continue;
    const isFirst = first;
    first = false;
    const c = token.charCodeAt(0);
    if (!(c >= 65 && c <= 90) && !(c > 127 && /^\p{Lu}/u.test(token))) continue;
    const word = token.replace(/['’](?!s$).*$/, '');
    const k = nameKey(word);
    if (k.length <= 2 || STOP_NAMES.has(word.toLowerCase())) continue;
    if (isFirst && known && !known.has(k)) continue;
    keys.add(k);
  }
  return [...keys];
}

/** "left Cairo", "left for Doha", "left the Egyptian capital" — not "have left much of Gaza in ruins". */
const LEFT_FOR_A_PLACE = /\bleft\s+(?:for\s+|the\s+(?:\p{Ll}+\s+)?(?:capital|city|talks|country)|\p{Lu})/u;

export function eventKeys(text: string): string[] {
  const words = text.toLowerCase().replace(/[-\u2010\u2011]/g, ' ').match(/[\p{L}\p{N}'’]+/gu) ?? [];
  const found = new Set<string>();
  let departByLeftOnly = true;
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let n = 0; n < MAX_PHRASE && i + n < words.length; n++) {
      phrase = n === 0 ? words[i]! : `${phrase} ${words[i + n]}`;
      const concept = PHRASES.get(phrase);
      if (!concept) continue;
      found.add(concept);
      if (concept === 'ev:depart' && phrase !== 'left') departByLeftOnly = false;
    }
  }
  if (found.has('ev:depart') && departByLeftOnly && !LEFT_FOR_A_PLACE.test(text)) found.delete('ev:depart');
  // Keep the families' order, so keys read the same whatever the sentence's word order.
  return EVENTS.map(([concept]) => `ev:${concept}`).filter((k) => found.has(k));
}

export function isBackground(text: string): boolean {
  if (BACKGROUND.some((re) => re.test(text))) return true;
  const past = PAST_DATES.some((re) => re.test(text)) || (PAST_PERFECT.test(text) && !REPORTED_PERFECT.test(text));
  return past && !NAMES_A_DAY.test(text);
}

/** Most of the longer words capitalised: "Netanyahu Says He Won't Withdraw From Gaza for New Hostage Deal". */
function titleCase(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’]{3,}/gu) ?? [];
  return words.length >= 3 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.6 * words.length;
}

export function findClaims(sentences: readonly Sentence[], title: string | null): Claim[] {
  const claims: Claim[] = [];
  const known = new Set<string>();
  for (const s of sentences) for (const k of namedKeys(s.text.replace(/^\S+/, ''))) known.add(k);
  const all = title ? [{ paragraph: -1, index: -1, text: title }, ...sentences] : sentences;
  for (const s of all) {
    const text = normalizeTypography(s.text);
    const words = wordCount(text);
    if (words < 6 || words > 70) continue;
    // Quotes are picked separately; a sentence inside one is not a claim.
    if (s.index !== -1 && insideQuote(s.text)) continue;
    const events = eventKeys(text);
    const specific = events.filter((e) => !GENERIC_CONCEPTS.has(e));
    if (events.length === 0) continue;
    // A headline in Title Case capitalises every word: there, only words the body also writes
    // with a capital are names ("Netanyahu Says He Won't Withdraw …" names Netanyahu, not "Says").
    const names = s.index !== -1 ? namedKeys(text, known) : titleCase(text) ? namedKeys(text).filter((k) => known.has(k)) : namedKeys(text);
    const when = [...text.matchAll(WEEKDAY)].map((m) => m[1]!.toLowerCase());
    // Numbers tell apart developments that are otherwise worded alike ("day 30", "50 hostages"); years do not.
    const numbers = [...text.matchAll(/(?<![\p{L}\d,.])\d[\d,]*(?![\d])/gu)].map((m) => m[0].replace(/,/g, '')).filter((n) => !/^(19|20)\d\d$/.test(n)).map((n) => `n:${n}`);
    const background = isBackground(text);
    let weight = 0;
    if (s.index === -1) weight += 3;
    else if (s.index < 2) weight += 2.5;
    else if (s.index < 5) weight += 1;
    const salience = specific.map((e) => SALIENCE[e] ?? 1).sort((a, b) => b - a).slice(0, 3);
    weight += salience.reduce((a, b) => a + b, 0) + Math.min(names.length, 4) * 0.5 + (when.length ? 1 : 0) + (/\d/.test(text) ? 0.5 : 0);
    if (specific.length === 0) weight -= 2;
    claims.push({ sentence: s.index, paragraph: s.paragraph, text: s.text, quoted: /["“”]/.test(s.text), keys: [...new Set([...events, ...names, ...when, ...numbers])], weight, background });
  }
  return claims;
}
