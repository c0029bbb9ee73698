import { tellsBackground } from './background.ts';
import type { Sentence } from './text.ts';

/**
 * Numbers a reader can trust: each says what it counts in the words of its own sentence, and
 * whether it is a running count the reporting keeps updating, the term of an offer, or a one-off
 * event. General English only (participles, qualifiers, tense): what is counted comes from the text.
 *
 *   "At least 35,034 Palestinians have been killed and 78,755 wounded in the territory"
 *     → count "Palestinians killed" 35034 · count "wounded in the territory" 78755
 *   "Under the proposal, 33 hostages would be released in a first phase"
 *     → term "hostages released" 33
 *   "Rescuers pulled 12 survivors from the rubble on Tuesday" → event "survivors" 12
 *
 * Digits only: a figure posted must appear in its source as written, so "six" is not turned into 6.
 */

export interface FigureMention {
  /** What the number counts, in words of its sentence ("Palestinians killed in Gaza"). */
  label: string;
  value: number;
  /** The number as written ("34,683", "more than 30,000"). */
  written: string;
  sentence: number;
  /**
   * `count`: a total the reporting keeps updating (a toll, how many are still held); `term`: what
   * an offer or agreement would do; `event`: what one event did.
   */
  kind: 'count' | 'term' | 'event';
  /** About an earlier, fixed event (a standing fact, "last year"): context, never news. */
  background: boolean;
  /** The month (and day) the sentence dates itself to ("October 7", "November"), unless it is where a count starts ("since October 7"). */
  dated: string | null;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s+(?:million|thousand))?`;
const QUALIFIER = String.raw`(?:at least|more than|greater than|upwards of|in excess of|over|nearly|almost|about|around|some|roughly|approximately|an estimated|estimated|up to|fewer than|less than)`;
const NUMBER = new RegExp(String.raw`(?<![\d.,:/$€£-])(?:${QUALIFIER}\s+)?(${NUM})${SCALE}(?![\d:]|\.\d|[-–]\d|-(?:year|day|week|month|hour|minute|point|page|member|mile|km|strong|odd)\b)`, 'gi');

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE_BEFORE = new RegExp(`\\b${MONTH}\\s*$`, 'i');
const DATE_AFTER = new RegExp(`^(?:st|nd|rd|th)?\\s+${MONTH}\\b|^(?:st|nd|rd|th)\\b`, 'i');
/** An age, a share, a sum, a time of day: not a count of anything the story tracks. */
const NOT_A_COUNT_AFTER = /^\s*(?:%|percent\b|per cent\b|percentage\b|years? old\b|-year-old\b|a\.m\.|p\.m\.|am\b|pm\b|o'clock\b|times\b|dollars\b|euros\b|pounds\b)/i;
const NOT_A_COUNT_BEFORE = /(?:\baged|\bage of|\bpage|\bnumber|\bno\.|\bresolution|\bround|\bphase|\barticle|\bpoint|\bday|\bflight|\broute|\bhighway)\s*$/i;
/** Units of time and measure: a length or a distance, not a count. */
const UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'hours', 'minute', 'minutes', 'second', 'seconds', 'km', 'kilometres', 'kilometers', 'miles', 'metres', 'meters', 'feet', 'tonnes', 'tons', 'kg', 'points', 'point', 'percent', 'times', 'million', 'billion']);

/** Words that end a counted noun phrase: function words, auxiliaries, reporting verbs. */
const STOP = new Set(
  ('the a an of in on at to for from by with and or but as than that which who whom whose this these those their its his her our your ' +
    'is are was were be been being has have had do does did will would could should may might must can shall not no ' +
    'said says say told according including such into over under after before during since while when where if so also more less most many ' +
    'each per both all other another some any every still just only about around nearly almost within without between among across inside outside near toward towards against via through throughout until behind beyond amid').split(' '),
);
/** The head of a counted noun phrase: a plural, or a noun for people. */
const PLURAL = /(?:[a-z]s|people|children|men|women|personnel|staff|police)$/i;
/** Nouns that count people in general: the same count whoever writes "people" or a nationality. */
const GENERIC_PEOPLE = new Set(['people', 'persons', 'folks', 'others', 'civilians', 'individuals', 'residents', 'inhabitants']);
/** Participles that do not end in -ed or -en, and adjectives that say the state of who is counted. */
const STATES = new Set(['held', 'hurt', 'slain', 'kept', 'left', 'dead', 'missing', 'alive', 'killed', 'freed', 'lost', 'fled', 'sent', 'brought', 'caught']);
const PARTICIPLE = /^(?:[a-z]{3,}(?:ed|en)|held|hurt|slain|kept|left|dead|missing|alive|lost|fled|sent|brought|caught)$/;
/** "killing at least 1,200 people" → "people killed": the verb before the number, as a participle. */
const VERB_BEFORE = /\b(the\s+)?([a-z]{3,}(?:ed|ing)|freed|frees|free|release|releases|exchange|swap|return)(\s+of)?\s+(?:at least\s+|more than\s+|about\s+|some\s+|nearly\s+|around\s+|roughly\s+|over\s+|an estimated\s+|all\s+)?$/i;
/** Verbs whose object is what the number counts ("killed 30 people", "freeing 33 hostages"). */
const DOES_TO = /^(?:kill|wound|injur|free|releas|exchang|swap|return|displac|evacuat|arrest|detain|abduct|kidnap|rescu|deport|execut|captur|expel|evict|deliver|destroy|damag|hous|shelter|treat|employ|lay|fire|dismiss|recruit|vaccinat|feed)/;
/** Verbs whose participle is not their stem with -ed ("holding" → "held"). */
const IRREGULAR = new Set(['hold', 'tak', 'keep', 'los', 'leav', 'send', 'bring', 'catch', 'find', 'giv', 'get', 'mak', 'see', 'know', 'put', 'set', 'let', 'shoot', 'fight', 'seek', 'buy', 'sell', 'build', 'spend', 'lead', 'meet', 'win', 'run', 'sit', 'stand', 'hit', 'cut', 'hurt']);
/** "including 100 serving life sentences", "one of the 240": a part of another count. */
const PART_OF = new RegExp(`\\b(?:including|among them|of whom|of which|one of|out of)\\s+(?:${QUALIFIER}\\s+)?(?:the\\s+)?$`, 'i');
const TOLL = new RegExp(String.raw`\b((?:[Dd]eath )?[Tt]oll)\b(?:\s+(?:in|from|of)\s+((?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)(?!['’]s))?[^.;\d]{0,60}?(?:to|of|at|reached|reaches|is|was|stands at|stood at|passed|passes|topped|tops|surpassed|surpasses|exceeded|exceeds|hit|hits|rose|climbed)\s+(?:${QUALIFIER}\s+)?$`);

/** What an offer, a plan or an agreement would do, not what happened. */
const TERM = /\b(?:would|will|could|should|shall|is to|are to|set to|due to|expected to|to be (?:[a-z]+ed|freed|released|held|swapped|exchanged|returned|handed)|proposed|proposal|offer|under the (?:deal|plan|proposal|agreement|terms|framework|draft)|in exchange for|in return for|each|agreed to|agree to|agrees to|planned|plans|planning|scheduled|slated|plan calls|calls for|demanded|demands)\b/i;
/** A total the reporting keeps updating: a toll, a perfect tense, "still held", "so far". */
const RUNNING = /\btoll\b|\b(?:has|have) (?:been|[a-z]+ed)\b|\b(?:still|remain|remains|remaining|so far|in total|total|to date|since)\b/i;
/** "at least 3,000": a total too, unless the sentence dates it to a day ("more than 40 drones late on Tuesday"). */
const ESTIMATE = /\b(?:at least|more than|greater than|over|nearly|an estimated|estimated|some|around|about)\s+\d/i;
const ONE_DAY = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|overnight|tonight)\b/i;
/** Verbs before a number that do not say what happened to what is counted. */
const NOT_AN_EVENT = new Set(['citing', 'cited', 'quoting', 'using', 'including', 'excluding', 'according', 'following', 'regarding', 'concerning', 'involving', 'totaling', 'totalling', 'numbering', 'bringing', 'reached', 'reaching', 'estimated', 'exceeded', 'exceeding', 'surpassed', 'passed', 'topped', 'numbered', 'counted', 'reported', 'recorded', 'registered', 'said', 'stated', 'added', 'claimed']);
/** "on October 7", "in November", "a November deal", "7 October": a month, with its day when given. */
const DATED = new RegExp(`\\b(since\\s+|in\\s+|on\\s+|during\\s+|a\\s+|the\\s+|last\\s+)(?:early\\s+|late\\s+|mid-)?(\\d{1,2}\\s+)?(${MONTH}(?:\\s+\\d{1,2}\\b)?)(?!\\w)`, 'gi');

/** The first month-date the sentence names, other than where a running count starts ("since October 7"). */
function dateOf(sentence: string): string | null {
  const m = [...sentence.matchAll(DATED)].find((x) => !/^since/i.test(x[1]!));
  return m ? `${m[2] ?? ''}${m[3]!}`.trim() : null;
}

export function parseNumber(text: string): number | null {
  const t = text.toLowerCase().trim();
  const scale = /million$/.test(t) ? 1_000_000 : /thousand$/.test(t) ? 1000 : 1;
  const n = Number(t.replace(/\s+(million|thousand)$/, '').replace(/,/g, ''));
  return Number.isFinite(n) ? Math.round(n * scale) : null;
}

export function findFigures(sentences: readonly Sentence[]): FigureMention[] {
  const out: FigureMention[] = [];
  for (const s of sentences) {
    const seen = new Set<string>();
    // Inside a quotation, a number is the speaker's, said in passing.
    if (/^["“]/.test(s.text)) continue;
    const kind = TERM.test(s.text) ? 'term' : RUNNING.test(s.text) || (ESTIMATE.test(s.text) && !ONE_DAY.test(s.text)) ? 'count' : 'event';
    const background = tellsBackground(s.text);
    // "still held … taken on October 7": the count is today's, the date is of how it began.
    const dated = /\bstill\b/i.test(s.text) ? null : dateOf(s.text);
    NUMBER.lastIndex = 0;
    for (let m = NUMBER.exec(s.text); m; m = NUMBER.exec(s.text)) {
      const before = s.text.slice(0, m.index);
      const after = s.text.slice(m.index + m[0].length);
      const written = m[0].trim();
      const value = parseNumber(written.replace(new RegExp(`^${QUALIFIER}\\s+`, 'i'), ''));
      if (value === null || value === 0) continue;
      if (/^(?:19|20)\d\d$/.test(m[1]!) || PART_OF.test(before) || DATE_BEFORE.test(before) || DATE_AFTER.test(after) || NOT_A_COUNT_AFTER.test(after) || NOT_A_COUNT_BEFORE.test(before)) continue;
      const label = labelOf(before, after, kind === 'term');
      // Of an offer or one event, a figure says what happens to whom ("prisoners freed"), not only whom.
      if (!label || seen.has(countKey(label)) || (kind !== 'count' && !/\btoll\b/.test(label) && countKey(label).split(' ').length < 2)) continue;
      seen.add(countKey(label));
      out.push({ label, value, written, sentence: s.index, kind: /\btoll\b/i.test(label) && kind === 'event' ? 'count' : kind, background, dated });
    }
  }
  return out;
}

/**
 * What the number counts: the noun phrase after it, what happened to them (a participle after the
 * noun, or the verb before the number), and where ("in Gaza"); or the toll the number is the value of.
 */
function labelOf(before: string, after: string, term: boolean): string | null {
  const toll = TOLL.exec(before);
  if (toll) return [toll[1]!.toLowerCase(), toll[2] ? `in ${toll[2]}` : ''].filter(Boolean).join(' ');
  // "a 175-for-175 prisoner exchange": each side's number, then what is exchanged.
  const each = /^(?:-for-|\s+for\s+)\d[\d,]*\s+([a-z]+(?:\s+[a-z]+)?)\b/.exec(after);
  if (each) {
    const named = each[1]!.split(' ').filter((w) => !STOP.has(w));
    return named.length === 2 ? named.join(' ') : null;
  }
  const words = after.trim().split(/\s+/);
  // The counted noun phrase ends on its plural head ("living hostages", "Palestinian prisoners"),
  // with one word after "of" ("prisoners of war").
  const noun: string[] = [];
  let i = 0;
  for (; i < words.length && noun.length < 3; i++) {
    const w = words[i]!.replace(/^[("“'‘]+/, '');
    const bare = w.replace(/[,.;:)"”'’]+$/, '');
    if (!/^[\p{L}][\p{L}'’-]*$/u.test(bare) || STOP.has(bare.toLowerCase()) || (noun.length === 0 && PARTICIPLE.test(bare.toLowerCase()))) break;
    noun.push(bare);
    if (PLURAL.test(bare)) {
      i++;
      const next = words[i + 1]?.replace(/[,.;:)"”'’]+$/, '');
      if (bare === w && words[i] === 'of' && next && /^[a-z]+$/.test(next) && !STOP.has(next)) {
        noun.push('of', next);
        i += 2;
      }
      break;
    }
    if (bare !== w) return null;
  }
  const head = noun.includes('of') ? noun[noun.indexOf('of') - 1]! : noun.at(-1);
  if (head !== undefined && (!PLURAL.test(head) || UNITS.has(head.toLowerCase()))) return null;
  // "wounded 87,903 others": the word for who else is counted says nothing.
  const others = noun.length === 1 && head?.toLowerCase() === 'others';
  if (others) noun.pop();
  // "34,683 people, mostly women and children, have been killed": past the aside.
  const aside = /,$/.test(words[i - 1] ?? '') ? words.slice(i).findIndex((w) => /,$/.test(w)) : -1;
  // A verb before the number tells what happened to a noun after it, never to a bare number ("voted 14-0").
  const verb = noun.length || others ? stateBefore(before) : null;
  // In an offer, "the release of 40 hostages still held" counts what the offer does with them;
  // elsewhere ("to ensure the release of 100 hostages still held") what is the case.
  const state = verb && term && /\bof\s+(?:\S+\s+)?$/.test(before) ? null : (stateAfter(words.slice(i)) ?? (aside >= 0 && aside < 6 ? stateAfter(words.slice(i + aside + 1)) : null));
  const place = placeAfter(words.slice(i));
  if (!noun.length && !state && !verb) return null;
  if (verb?.first) return [verb.word, ...noun, place ? `in ${place}` : ''].filter(Boolean).join(' ');
  return [...noun, state ?? verb?.word ?? '', place ? `in ${place}` : ''].filter(Boolean).join(' ');
}

/** "have been killed", "still held", "were wounded": the participle after the noun phrase. */
function stateAfter(words: readonly string[]): string | null {
  let i = 0;
  const skip = new Set(['who', 'that', 'have', 'has', 'had', 'been', 'were', 'are', 'was', 'is', 'being', 'still', 'remain', 'remained', 'remaining', 'reportedly', 'now', 'believed', 'thought', 'to', 'be', 'would', 'will', 'could', 'should', 'may', 'might', 'already', 'also']);
  while (i < words.length && i < 5 && skip.has(words[i]!.toLowerCase())) i++;
  const w = words[i]?.toLowerCase().replace(/[,.;:)"”'’]+$/, '');
  if (!w) return null;
  if (i === 0 && !STATES.has(w) && !/^[a-z]{3,}ed$/.test(w)) return null;
  if (!PARTICIPLE.test(w)) return null;
  // "presumed dead", "believed killed": the state it presumes.
  const then = /^[a-z]+$/.test(words[i] ?? '') ? words[i + 1]?.toLowerCase().replace(/[,.;:)"”'’]+$/, '') : undefined;
  return then && ['dead', 'alive', 'missing', 'killed', 'wounded', 'injured'].includes(then) ? `${w} ${then}` : w;
}

/** "killing at least 1,200 people", "holding 130 hostages": the verb before the number, as a participle. */
function stateBefore(before: string): { word: string; first: boolean } | null {
  const m = VERB_BEFORE.exec(before);
  if (!m) return null;
  const verb = m[2]!.toLowerCase();
  if (NOT_AN_EVENT.has(verb) || (!m[1] && !DOES_TO.test(verb))) return null;
  // "the remaining 101 hostages": an adjective, kept before the noun as written.
  if (m[1] && !m[3]) return verb.endsWith('ing') ? { word: verb, first: true } : null;
  if (verb.endsWith('ed')) return { word: verb, first: false };
  // "killing" → "killed", "freeing" → "freed", "release of" → "released": a participle that begins
  // as the sentence's own word does ("holding" → "held" would not, and is left out).
  const stem = verb.endsWith('ing') ? verb.slice(0, -3) : verb.replace(/s$/, '');
  if (IRREGULAR.has(stem)) return null;
  const participle = stem.endsWith('e') ? `${stem}d` : /[^aeiou][aeiou][pt]$/.test(stem) && stem.length <= 4 ? `${stem}${stem.at(-1)}ed` : `${stem}ed`;
  return participle.slice(0, 4) === verb.slice(0, 4) ? { word: participle, first: false } : null;
}

/** "in Gaza", "across the West Bank": where, a proper name right after. */
function placeAfter(words: readonly string[]): string | null {
  const text = words.slice(0, 8).join(' ');
  const m = /^(?:(?:who|that|have|has|had|been|were|are|was|is|still|remain|remaining|\w+ed|held|hurt|dead|missing)\s+){0,4}(?:in|across|inside)\s+((?:the\s+)?[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*)?)/u.exec(text);
  // "in Israel's offensive": a possessive names whose, not where.
  return m && !/['’]s$/.test(m[1]!) ? m[1]! : null;
}

/** Words for one count: a toll counts the killed, the injured are the wounded. */
const SAME_COUNT: Record<string, string> = { toll: 'kille', injur: 'wound', dead: 'kille' };

/**
 * Which running count a label names, the same whoever wrote it: "Palestinians killed", "people
 * killed in Gaza" and "death toll in Gaza" are one count. Words cut to five letters; who is counted
 * by name, generic nouns for people and the place left out (a report names the place or not).
 */
export function countKey(label: string): string {
  const words = label.split(/\s+/);
  const at = words.findIndex((w) => w === 'in' || w === 'across' || w === 'inside');
  const counted = (at >= 0 ? words.slice(0, at) : words).map((w) => w.toLowerCase().slice(0, 5));
  const key = (at >= 0 ? words.slice(0, at) : words)
    .filter((w) => !/^\p{Lu}/u.test(w) && !GENERIC_PEOPLE.has(w.toLowerCase()) && w.toLowerCase() !== 'death')
    .map((w) => SAME_COUNT[w.toLowerCase().slice(0, 5)] ?? w.toLowerCase().slice(0, 5))
    .join(' ');
  // Only who is counted ("Palestinians"): that is the count.
  return key || counted.join(' ');
}
