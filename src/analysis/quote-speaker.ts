import { escapeRegExp } from '../regexp.ts';
import { closest, isCapitalized, matchPerson, normalizeToken, position, TITLE_WORDS, tokenize, type Person } from './people.ts';
import type { QuoteSpan } from './quotes.ts';
import type { Paragraph } from './text.ts';

/**
 * Who said a quote, from the words around it and nothing else:
 *
 *   “…,” Prime Minister Netanyahu said.        → the name, completed from the article ("Benjamin Netanyahu")
 *   “…,” said Al Thani, who …                  → inverted attribution
 *   Abu Zuhri told Reuters on Wednesday, "…"   → attribution before the quote
 *   Hamdan said Tuesday that … a “full withdrawal” → partial quote inside reported speech
 *   “…,” he said.                              → the last person the article reported as speaking
 *   “…,” the security minister said.           → the one person the article gave that title
 *   “…,” the official told Reuters.            → nobody named: null, never a guess
 *
 * Spun copies swap the verb ("mentioned", "instructed reporters"), so the verb list is wide.
 */

export interface AttributedQuote extends QuoteSpan {
  speaker: string | null;
  /** The words that attributed it ("the security minister"), for explaining the choice. */
  attribution: string | null;
  /** The attribution verb was one a synonym spinner produces ("mentioned", "instructed"). */
  spunVerb: boolean;
}

const VERB_LIST =
  `said says say told tells added adds stated states noted notes explained explains mentioned mentions instructed informed warned warns
  insisted insists asserted asserts argued argues declared declares announced announces responded replied wrote writes continued
  remarked urged urges stressed stresses emphasised emphasized claimed claims acknowledged reiterated reiterates asked cautioned
  confirmed confirms observed posted tweeted reported reports accused accuses recalled predicted conceded complained vowed pledged
  promised suggested countered retorted admitted affirmed alleged commented conveyed indicated highlighted lamented denounced
  criticised criticized blamed explaining saying adding noting telling warning stressing insisting arguing declaring called calls
  calling described describes describing hailed termed branded dubbed`
    .split(/\s+/)
    .filter(Boolean);
const VERBS = new Set(VERB_LIST);
const SPUN_VERBS = new Set(['mentioned', 'mentions', 'instructed']);

/** Lower-case words that can belong to a noun phrase naming a speaker ("the top US diplomat"). */
const NP_WORDS = new Set(
  `the a an top highest senior leading high-ranking most veteran chief former national security foreign defense defence prime minister
  official officials spokesman spokesperson spokeswoman diplomat diplomats envoy negotiator negotiators mediator mediators source sources
  officer officers leader leaders president secretary adviser advisor member analyst correspondent reporter commander director head
  ambassador general state media military army government ministry premier emir king spokesmen two three several another unnamed
  israeli qatari egyptian palestinian american office statement account agency channel committee council cabinet movement group wing
  brigades family authorities police forces unnamed anonymous joint separate brief written news outlet broadcaster radio television
  analysts experts expert one ministers`
    .split(/\s+/)
    .filter(Boolean),
);
const ADVERBS = new Set(['also', 'later', 'earlier', 'previously', 'then', 'again', 'further', 'separately', 'reportedly', 'publicly', 'has', 'have', 'had', 'once', 'recently', 'repeatedly', 'flatly']);
const PRONOUNS = new Set(['he', 'she']);
/** Capitalised words that open a clause, never a name ("When asked …", "As he …"). */
const CLAUSE_WORDS = new Set(['when', 'while', 'if', 'as', 'after', 'before', 'but', 'and', 'although', 'though', 'since', 'because', 'however', 'meanwhile', 'in', 'on', 'at', 'for', 'with', 'it', 'this', 'that', 'there', 'asked', 'following', 'according', 'during', 'despite', 'amid', 'later', 'earlier', 'also', 'so', 'yet', 'then', 'now', 'here']);
const GROUP_PRONOUNS = new Set(['they', 'we', 'i', 'you', 'it']);
const CALENDAR = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|yesterday|tonight)$/i;

/**
 * Heads that name nobody in particular ("officials said", "a source told"): the speaker is the
 * phrase as written ("a senior Hamas official"), never a guessed name.
 */
const GENERIC_HEADS = new Set(['official', 'officials', 'ministers', 'source', 'sources', 'media', 'officer', 'officers', 'diplomat', 'diplomats', 'negotiators', 'mediators', 'leaders', 'spokesmen', 'people', 'residents', 'witnesses', 'analysts', 'experts']);
/** Heads that name an organisation or a body speaking as one: "the prime minister's office", "a joint statement". */
const BODY_HEADS = new Set(['office', 'ministry', 'statement', 'account', 'agency', 'committee', 'council', 'cabinet', 'movement', 'group', 'wing', 'brigades', 'family', 'authorities', 'police', 'forces', 'military', 'army', 'government', 'media', 'channel', 'radio', 'television', 'broadcaster', 'outlet', 'news']);
const DESCRIBED_SOURCE = /((?:a|an|the|one|two|three)\s+(?:[\p{L}-]+\s+){0,3}(?:source|sources|official|officials|diplomat|diplomats)\s+(?:familiar with|close to|briefed on|with knowledge of)\s+(?:the\s+)?[\p{L}-]+)\s*$/iu;

/** The condition an unnamed source spoke on: a clause that describes the speaker, not a statement. */
const ANONYMITY = /^\s*(?:who\s+)?(?:speaking|spoke|asking|asked|requesting|requested|declining|declined)\b[^,]{0,60}\b(?:anonymity|named|identified|identity)\b/i;

/** Words that name an office or a role, never a body: "Minister", "President", "Spokesman". */
const ROLE_WORDS = new Set(
  `minister ministers secretary president vice director chief spokesman spokesperson spokeswoman official officials leader head ambassador
  envoy sheikh mr mrs ms dr general gen king emir prince speaker chairman commander colonel lieutenant major admiral deputy adviser advisor
  member negotiator mediator correspondent reporter editor analyst professor governor mayor senator representative premier pm`
    .split(/\s+/)
    .filter(Boolean),
);

/** Places are spoken about, not speakers: "Gaza" before a verb is a subject of another kind. */
const PLACES = new Set(['gaza', 'rafah', 'doha', 'cairo', 'jerusalem', 'beirut', 'tehran', 'ramallah', 'strip', 'khan', 'younis', 'philadelphi']);

const HEAD_SYNONYMS: Record<string, string[]> = {
  diplomat: ['diplomat', 'secretary of state', 'foreign minister', 'foreign secretary', 'envoy', 'ambassador'],
  premier: ['premier', 'prime minister'],
  spokesman: ['spokesman', 'spokesperson', 'spokeswoman'],
  spokesperson: ['spokesman', 'spokesperson', 'spokeswoman'],
  spokeswoman: ['spokesman', 'spokesperson', 'spokeswoman'],
  chief: ['chief', 'head', 'director', 'leader'],
  leader: ['leader', 'chief', 'head'],
  head: ['head', 'chief', 'director', 'leader'],
};
const MODIFIER_STOP = new Set(['the', 'a', 'an', 'top', 'highest', 'senior', 'leading', 'high-ranking', 'most', 'veteran', 'same', 'this', 'that']);
const MODIFIER_FORMS: Record<string, string[]> = {
  us: ['us', 'u.s.', 'american', 'united states', 'washington', 'usa'],
  american: ['us', 'u.s.', 'american', 'united states', 'washington'],
};

interface Np {
  /** "according to Israeli army radio": the phrase names the source as written, whatever it is. */
  literal?: boolean;
  words: string[];
  /** Position of the phrase, for "most recently named" decisions. */
  at: number;
}

const PUNCT = /[,;:.!?“”"()\[\]—]/;
/** Lower-case words that are part of a name: "Khalil al-Hayya", "Mohammed bin Abdulrahman". */
const NAME_PARTICLE = /^(?:al|el|bin|ibn|abu|de|van|von)(?:-|$)/;

/** How far back a speaker phrase is looked for: longer than any name and title, short enough to keep attribution linear. */
const NP_WINDOW = 240;

/**
 * The noun phrase ending just before `end` (a speech verb): capitalised words, particles and the
 * few lower-case words a title or role is made of, stopping at punctuation.
 */
function npBefore(text: string, end: number): Np | null {
  const from = Math.max(0, end - NP_WINDOW);
  const words = tokenize(text.slice(from, end)).map((t) => ({ text: t.text, start: t.start + from, end: t.end + from }));
  // The window may begin inside a word.
  if (from > 0) words.shift();
  let i = words.length - 1;
  let boundary = end;
  // Adverbs between the phrase and its verb ("Hamas later said"), but not a noun ending in -ly ("his family said").
  while (i >= 0 && (ADVERBS.has(words[i]!.text) || (/^\p{Ll}+ly$/u.test(words[i]!.text) && !NP_WORDS.has(words[i]!.text))) && !PUNCT.test(text.slice(words[i]!.end, boundary))) {
    boundary = words[i]!.start;
    i--;
  }
  const out: { text: string; start: number }[] = [];
  for (; i >= 0; i--) {
    const w = words[i]!;
    if (PUNCT.test(text.slice(w.end, boundary))) break;
    const lower = w.text.toLowerCase();
    if (out.length === 0 && (PRONOUNS.has(lower) || GROUP_PRONOUNS.has(lower))) {
      out.unshift(w);
      break;
    }
    if (CALENDAR.test(w.text) || CLAUSE_WORDS.has(lower)) break;
    if (isCapitalized(w.text) || NAME_PARTICLE.test(w.text) || NP_WORDS.has(lower.replace(/['’]s$/, ''))) {
      out.unshift(w);
      boundary = w.start;
      continue;
    }
    break;
  }
  if (out.length === 0) return null;
  return { words: out.map((w) => w.text), at: out[0]!.start };
}

/**
 * The speaker phrase of a verb, looking past an appositive or a relative clause between them:
 * "Abu Obeida, the spokesman for the Al-Qassam Brigades, said" → "Abu Obeida";
 * "Khalil al-Hayya, who mourned Sinwar in a video statement, reiterated" → "Khalil al-Hayya".
 */
function speakerBefore(text: string, verbStart: number): Np | null {
  const direct = npBefore(text, verbStart);
  if (direct) return direct;
  let end = verbStart;
  for (let skipped = 0; skipped < 3; skipped++) {
    const before = text.slice(Math.max(0, end - 160), end);
    const m = /,\s*$/.exec(before);
    if (!m) return null;
    const inner = before.slice(0, m.index);
    const comma = inner.lastIndexOf(',');
    if (comma < 0) return null;
    const clause = inner.slice(comma + 1);
    // An appositive or relative clause is a phrase, not a statement with its own speech verb or
    // quote; an unnamed source's condition ("speaking on condition of anonymity", "who asked not
    // to be named") is the one clause with such a verb that still describes the speaker.
    if (clause.length > 120 || /["“”]/.test(clause)) return null;
    if (!ANONYMITY.test(clause) && findVerbs(clause).some((v) => !['called', 'described'].includes(v.verb))) return null;
    // "the defence minister, Omar Lavi, told": the clause is the name itself.
    if (/^\s*(?:\p{Lu}[\p{L}'’-]+\s*){2,4}$/u.test(clause)) {
      const words = clause.trim().split(/\s+/);
      return { words, at: Math.max(0, end - 160) + comma + 1 + clause.indexOf(words[0]!) };
    }
    end = Math.max(0, end - 160) + comma + 1;
    const np = npBefore(text, end - 1);
    const head = np?.words[np.words.length - 1]!;
    // "Abu Obeida, the spokesman for the Al-Qassam Brigades, the military wing …, said": a name
    // after a preposition is inside another appositive; the speaker is further back.
    if (np && /\b(?:for|of|at|in|from|with|to)\s+$/.test(text.slice(0, np.at).slice(-40))) continue;
    if (np && (/^(?:\p{Lu}|(?:al|el|abu|bin)-\p{Lu})/u.test(head) || GENERIC_HEADS.has(head.toLowerCase()))) return np;
  }
  return null;
}

/** The noun phrase starting at `start` (after an inverted "said"): "Al Thani", "the official". */
function npAfter(text: string, start: number): Np | null {
  const rest = text.slice(start);
  const tokens = tokenize(rest);
  const out: string[] = [];
  let at = -1;
  let prevEnd = 0;
  for (const t of tokens) {
    if (out.length && /[,;:.!?“”"()\[\]—]/.test(rest.slice(prevEnd, t.start))) break;
    if (!out.length && /[,;:.!?“”"()\[\]—]/.test(rest.slice(0, t.start))) break;
    const lower = t.text.toLowerCase();
    if (CALENDAR.test(t.text) || CLAUSE_WORDS.has(lower) || (!isCapitalized(t.text) && !NP_WORDS.has(lower) && !NAME_PARTICLE.test(t.text))) break;
    if (at < 0) at = start + t.start;
    out.push(t.text);
    prevEnd = t.end;
    if (out.length > 8) break;
  }
  return out.length ? { words: out, at } : null;
}

/** A participle that gives the subject's own words: ", calling it", ", describing the talks as". */
const CALLING_IT = /,\s+(?:calling|describing|terming|dubbing|labell?ing)\s+(?:it|this|that|him|her|them|the\s+[\p{L}-]+(?:\s+[\p{L}-]+)?)\s+(?:as\s+)?(?:an?\s+)?$/u;

/** "was quoted (by Channel 12) as" between a speaker and "saying". */
const QUOTED_AS = /\s+(?:was|were|is|has been|had been)\s+(?:quoted|cited)\s+(?:by\s+[^,;"“”]{1,40}?\s+)?as\s+$/;

/** "a statement from|by|issued by" just before a speaker phrase. */
const STATEMENT_OF = /\bstatement\s+(?:from|by|(?:issued|released|published)\s+by)\s+$/i;
/** "… said in a statement", "… said Monday in a joint statement" right after the verb. */
const IN_A_STATEMENT = /^\s*(?:\p{L}+\s+){0,2}?in\s+an?\s+(?:joint\s+|written\s+)?statement\b/iu;

const VERB_RE = new RegExp(`\\b(${VERB_LIST.join('|')})\\b`, 'gi');

export interface SpeakerContext {
  people: readonly Person[];
  /** The last person the article reported as speaking, for "he said". */
  lastPerson: Person | null;
  /** The last organisation the article reported as speaking, for "it said". */
  lastBody: string | null;
  /** Who issued the last statement the article named ("a statement from X said"), for "the statement said". */
  lastStatement: string | null;
  paragraph: number;
}

/** Resolves a speaker phrase to a name, or null when it names nobody. */
export function resolveSpeaker(np: Np, ctx: SpeakerContext): { name: string | null; person: Person | null } {
  let words = np.words.slice();
  const first = words[0]!.toLowerCase();
  const at = position(ctx.paragraph, np.at);
  if (words.length === 1 && PRONOUNS.has(first)) {
    // The last person reported speaking, else the last person named before the pronoun.
    const person = ctx.lastPerson ?? lastNamed(ctx.people, at);
    return { name: person?.name ?? null, person };
  }
  // "it added": the organisation that spoke last ("Netanyahu's office said …").
  if (words.length === 1 && first === 'it') return { name: ctx.lastBody, person: null };
  if (GROUP_PRONOUNS.has(first)) return { name: null, person: null };
  // "the statement said": the statement the article named last, by whoever issued it.
  if (/^(?:the|that|this)$/.test(first) && /^(?:(?:joint|written|official)\s+)?statement$/i.test(words.slice(1).join(' '))) return { name: ctx.lastStatement, person: null };
  // "his family said", "her office said": the body of the person named last, or nobody in particular.
  if (words.length >= 2 && /^(?:his|her)$/.test(first) && BODY_HEADS.has(words[words.length - 1]!.toLowerCase())) {
    const owner = lastNamed(ctx.people, at);
    return { name: owner ? `${owner.name}’s ${words.slice(1).join(' ')}` : null, person: null };
  }
  // "Al Jazeera's Hamdah Salhut": the possessive names the employer; keep it as a modifier.
  const possessive = words.findLastIndex((w) => /['’]s$/.test(w));
  const owner = possessive >= 0 ? words.slice(0, possessive + 1).map(normalizeToken) : [];
  if (possessive >= 0) words = words.slice(possessive + 1);
  if (words.length === 0) return { name: null, person: null };
  if (np.literal) {
    const resolved = resolveSpeaker({ words: np.words, at: np.at }, ctx);
    if (resolved.name !== null) return resolved;
    const last = np.words[np.words.length - 1]!.toLowerCase();
    if (GENERIC_HEADS.has(last) || /^(report|reports|statement|statements|reporting|data|figures|tally)$/.test(last)) return { name: null, person: null };
    return { name: np.words.filter((w, i) => i > 0 || !/^(the|a|an)$/i.test(w)).join(' '), person: null };
  }

  const head = words[words.length - 1]!;
  const headLower = head.toLowerCase();
  if ((isCapitalized(head) || /^(?:al|el|abu|bin)-\p{Lu}/u.test(head)) && !TITLE_WORDS.has(headLower)) {
    // A name, perhaps behind a title: "Prime Minister Netanyahu", "Osama Hamdan", "Hamas".
    let k = 0;
    while (k < words.length - 1 && (TITLE_WORDS.has(words[k]!.toLowerCase()) || !isCapitalized(words[k]!) || /^[\p{Lu}][\p{Lu}.]+$/u.test(words[k]!))) k++;
    // "State Department spokesman Matthew Miller": the name follows the last lower-case title word.
    const lastLower = words.findLastIndex((w, i) => i < words.length - 1 && !isCapitalized(w) && !NAME_PARTICLE.test(w));
    if (lastLower >= k) k = lastLower + 1;
    const name = words.slice(k);
    if (name.length === 1 && PLACES.has(name[0]!.toLowerCase())) return { name: null, person: null };
    const person = matchPerson(ctx.people, name, at);
    if (person) return { name: person.name, person };
    const isPersonLike = name.length >= 2 && name.every((w) => /\p{Ll}/u.test(w));
    return { name: name.join(' '), person: isPersonLike ? { name: name.join(' '), tokens: name.map(normalizeToken), titles: [], mentions: [at] } : null };
  }
  // A state, a group or a body named as one ("Hamas said", "The White House said", "Israel's
  // cabinet"): the name as written. A capitalised role ("the Minister") is resolved below.
  if (isCapitalized(head) && !ROLE_WORDS.has(headLower) && !PLACES.has(headLower)) {
    return { name: np.words.filter((w, i) => i > 0 || !/^(the|a|an)$/i.test(w)).join(' '), person: null };
  }
  const role = resolveRole([...owner, ...words.map((w) => w.toLowerCase())], ctx, at);
  if (role.name !== null) return role;
  // Nobody in particular, or a body: the speaker is the phrase the text gives ("a senior Hamas
  // official", "Netanyahu's office"), when it says more than a bare "officials".
  // "the official" alone points back to someone the text described before: not a name to print.
  // "a source told CNN" is an unnamed source, and says so; "the source" points back to one.
  const described = np.words.filter((w) => !/^(the|a|an)$/i.test(w)).length >= 2 || (/^(a|an)$/i.test(np.words[0]!) && np.words.length === 2);
  if ((GENERIC_HEADS.has(headLower) || BODY_HEADS.has(headLower)) && described && !ambiguousRole(np.words)) return { name: np.words.join(' '), person: null };
  return role;
}

/** "the prime minister": a role the article gives two people is not a phrase to print as a speaker. */
function ambiguousRole(words: readonly string[]): boolean {
  return words.length <= 3 && /^(the|a|an)$/i.test(words[0]!) && !GENERIC_HEADS.has(words[words.length - 1]!.toLowerCase()) && !BODY_HEADS.has(words[words.length - 1]!.toLowerCase());
}

/** The person named most recently before `at`. */
function lastNamed(people: readonly Person[], at: number): Person | null {
  let best: Person | null = null;
  let bestAt = -1;
  for (const p of people) {
    for (const m of p.mentions) {
      if (m <= at && m > bestAt) {
        best = p;
        bestAt = m;
      }
    }
  }
  return best;
}

/** "the top US diplomat" → the one person whose title in this article matches every part of the role. */
function resolveRole(words: string[], ctx: SpeakerContext, at: number): { name: string | null; person: Person | null } {
  const head = words[words.length - 1]!;
  const modifiers = words.slice(0, -1).filter((w) => !MODIFIER_STOP.has(w));
  if (GENERIC_HEADS.has(head) && modifiers.length === 0) return { name: null, person: null };
  if (head.endsWith('s') && !['us', 'ms', 'boss'].includes(head) && !HEAD_SYNONYMS[head]) return { name: null, person: null };
  const heads = HEAD_SYNONYMS[head] ?? [head];
  const matchesModifier = (title: string, modifier: string) => {
    const forms = MODIFIER_FORMS[modifier] ?? [modifier];
    return forms.some((f) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(f.length > 5 ? f.slice(0, 5) : f)}`, 'u').test(title));
  };
  const candidates = ctx.people.filter((p) =>
    p.titles.some((title) => heads.some((h) => new RegExp(`\\b${escapeRegExp(h)}\\b`).test(title)) && modifiers.every((m) => matchesModifier(title, m))),
  );
  // Two people with the title ("the prime minister" with two prime ministers named): not a guess
  // we make, unless one of them is the last person reported speaking, or the only one named in
  // this very paragraph.
  if (candidates.length > 1 && ctx.lastPerson && candidates.includes(ctx.lastPerson)) return { name: ctx.lastPerson.name, person: ctx.lastPerson };
  const here = candidates.filter((p) => p.mentions.some((m) => Math.floor(m / 1e6) === Math.floor(at / 1e6) && m <= at));
  if (candidates.length !== 1 && here.length !== 1) return { name: null, person: null };
  const person = candidates.length === 1 ? closest(candidates, at) : here[0]!;
  return { name: person?.name ?? null, person };
}


function findVerbs(text: string): { verb: string; start: number; end: number }[] {
  const out: { verb: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(VERB_RE)) {
    // "the United States", "Calls for a truce": a capitalised word is a name or a heading, not a speech verb.
    if (/^\p{Lu}/u.test(m[1]!)) continue;
    out.push({ verb: m[1]!.toLowerCase(), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/**
 * Attribution right after a closing mark: `, he said`, `, said Al Thani`, `, according to X`.
 * When the quote itself ended the sentence (`…forward." Qatar's prime minister announced that …`),
 * what follows is a new sentence, and only a bare `X said.` still attributes the quote.
 */
function attributionAfter(text: string, quoteEndsSentence = false): { np: Np; verb: string } | null {
  const lead = /^\s*[,.!?;]?\s*["”’]?\s*/.exec(text)![0].length;
  const rest = text.slice(lead);
  const according = /^according to\s+/i.exec(rest);
  if (according) {
    const np = npAfter(text, lead + according[0].length);
    return np ? { np, verb: 'according' } : null;
  }
  const inverted = /^(\p{L}+)\s+/u.exec(rest);
  if (inverted && VERBS.has(inverted[1]!.toLowerCase())) {
    const np = npAfter(text, lead + inverted[0].length);
    if (np) return { np, verb: inverted[1]!.toLowerCase() };
  }
  // "NP (adverb) VERB" with the phrase starting right here.
  const v = findVerbs(rest.slice(0, 200))[0];
  const described = v ? DESCRIBED_SOURCE.exec(rest.slice(0, v.start)) : null;
  if (v && described && described.index === 0) return { np: { literal: true, words: described[1]!.split(/\s+/), at: lead }, verb: v.verb };
  if (!v || v.start > 160) return null;
  // "Katz was quoted as saying": the speaker stands before the passive.
  const passive = QUOTED_AS.exec(rest.slice(0, v.start));
  const np = speakerBefore(rest, passive ? passive.index : v.start);
  // The phrase starts right here, right after a role it names ("the defence minister, Omar Lavi,
  // told"), or after the lower-case words of its title ("Israeli political analyst Dov Amir told").
  if (!np || !/^(?:[^"“”.;,]{3,60},\s*|(?:[\p{L}'’-]+\s+){1,5})?$/u.test(rest.slice(0, np.at))) return null;
  if (quoteEndsSentence && !/^\s*(?:\S+\s+){0,4}?\S*[.!?]?\s*$/.test(rest.slice(v.end)) && !/^\s*[.!?]/.test(rest.slice(v.end))) return null;
  return { np: { words: np.words, at: np.at + lead }, verb: v.verb };
}

/** Attribution before an opening mark in the same sentence: `X told Reuters on Wednesday, "…"`, `X said that … “…”`. */
function attributionBefore(text: string): { np: Np; verb: string }[] {
  const according = /according to\s+([^,“"]+),\s*$/i.exec(text);
  const found: { np: Np; verb: string }[] = [];
  if (according) {
    const phrase = according[1]!.trim();
    found.push({ np: { literal: true, words: phrase.split(/\s+/), at: according.index + 'according to '.length }, verb: 'according' });
  }
  // "The channel quoted an unnamed Israeli source as saying: …"; "a senior Israeli source was quoted by Channel 12 as saying".
  const quotedAs = /(?<!\b(?:was|were)\s+)\bquoted\s+(?!by\b)([^,;:“”"]{3,90}?)\s+as\s+saying\b/i.exec(text);
  if (quotedAs) found.push({ np: { words: quotedAs[1]!.split(/\s+/), at: quotedAs.index + quotedAs[0].indexOf(quotedAs[1]!) }, verb: 'quoted' });
  const passive = /\s(?:was|were)\s+quoted\b[^“”"]{0,80}?\bas\s+saying\b/i.exec(text);
  if (passive) {
    const np = speakerBefore(text, passive.index);
    if (np) found.push({ np, verb: 'quoted' });
  }
  // "Qatar condemned the killing, calling it “a dangerous escalation”": the sentence's subject.
  if (CALLING_IT.test(text)) {
    const np = npAfter(text, 0);
    if (np) found.push({ np, verb: 'called' });
  }
  const verbs = findVerbs(text).reverse();
  for (const v of verbs) {
    // "a source familiar with the negotiations stated": the source, described after its head.
    const described = DESCRIBED_SOURCE.exec(text.slice(Math.max(0, v.start - 160), v.start));
    if (described) {
      found.push({ np: { literal: true, words: described[1]!.split(/\s+/), at: v.start - described[0].length }, verb: v.verb });
      continue;
    }
    const np = speakerBefore(text, v.start);
    if (np) found.push({ np, verb: v.verb });
  }
  return found;
}

/** Index of the closing mark of a quote whose text ends at `end` (trailing commas are left outside the text). */
function closeIndex(text: string, end: number): number {
  const m = /^[\s,;:]*["”]/.exec(text.slice(end));
  return m ? end + m[0].length - 1 : end;
}

/** Sentences longer than this are read from their last part only, which keeps attribution linear. */
const LONGEST_SENTENCE = 2_000;

/** The start of the sentence containing `pos`: after the last stop or closing quote before it. */
function sentenceStart(text: string, pos: number): number {
  const from = Math.max(0, pos - LONGEST_SENTENCE);
  let start = from;
  for (const m of text.slice(from, pos).matchAll(/[.!?]["”’)\]]*\s+|["”]\s*/g)) start = from + m.index! + m[0].length;
  return start;
}

/** The end of the sentence from `pos`: a stop, but not the one of an initialism ("U.S. State Department spokesman …"). */
function sentenceEnd(text: string, pos: number): number {
  const m = /(?<!(?:^|[^\p{L}])\p{Lu}\.\p{Lu})[.!?](?=\s|$)|[“]/u.exec(text.slice(pos));
  return m ? pos + m.index + 1 : text.length;
}

/**
 * Attributes every quote of an article. Quotes and "X said" statements are visited in text order,
 * so a pronoun resolves to the last person reported speaking before it.
 */
export function attributeQuotes(paragraphs: readonly Paragraph[], quotes: readonly QuoteSpan[], people: readonly Person[]): AttributedQuote[] {
  type Event = { at: number; apply: () => void };
  const ctx: SpeakerContext = { people, lastPerson: null, lastBody: null, lastStatement: null, paragraph: 0 };
  const results = new Map<QuoteSpan, AttributedQuote>();
  const events: Event[] = [];
  const byParagraph = new Map(paragraphs.map((p) => [p.index, p.text]));
  // Who spoke last, for a later "he said" (a person) or "it said" (a body named in more than a word).
  const remember = (np: Np, speaker: { name: string | null; person: Person | null }) => {
    if (speaker.person) ctx.lastPerson = speaker.person;
    else if (speaker.name && np.words.length > 1) ctx.lastBody = speaker.name;
    return speaker;
  };

  // Statements without quotes ("Bernard Smith reports that …") also make someone the last speaker.
  for (const p of paragraphs) {
    for (const v of findVerbs(p.text)) {
      events.push({
        at: position(p.index, v.start),
        apply: () => {
          const np = speakerBefore(p.text, v.start);
          if (!np || PRONOUNS.has(np.words[0]!.toLowerCase())) return;
          ctx.paragraph = p.index;
          const { name } = remember(np, resolveSpeaker(np, ctx));
          if (name && (STATEMENT_OF.test(p.text.slice(0, np.at)) || IN_A_STATEMENT.test(p.text.slice(v.end, v.end + 60)))) ctx.lastStatement = name;
        },
      });
    }
  }

  quotes.forEach((q, n) => {
    const first = q.segments[0]!;
    const last = q.segments[q.segments.length - 1]!;
    events.push({
      // Resolve a quote before the statement verb that follows it, so "he said" sees the earlier speaker.
      at: position(last.paragraph, last.end) - 0.5,
      apply: () => {
        const lastText = byParagraph.get(last.paragraph)!;
        const firstText = byParagraph.get(first.paragraph)!;
        let found: { np: Np; verb: string; paragraph: number } | null = null;
        const close = closeIndex(lastText, last.end);
        const afterText = lastText.slice(close + 1, sentenceEnd(lastText, close + 1) + 1);
        const endsSentence = /[.!?]$/.test(last.text) && !/^\s*[,;]/.test(afterText) && /^\s*\p{Lu}/u.test(afterText);
        let after = attributionAfter(afterText.replace(/^["”]/, ''), endsSentence);
        // "X said … “…,” the BBC reports": the outlet reports what X said; X is the speaker.
        if (after && /^report/.test(after.verb) && attributionBefore(firstText.slice(sentenceStart(firstText, first.start - 1), first.start - 1)).length > 0) after = null;
        if (after) found = { ...after, np: { ...after.np, at: after.np.at + close + 1 }, paragraph: last.paragraph };
        if (!found) {
          // A stray closing mark later in the sentence: “… option” to prevent …, and all that nonsense," the minister said.
          const stray = /["”]/.exec(afterText);
          if (stray) {
            const again = attributionAfter(afterText.slice(stray.index + 1));
            if (again) found = { ...again, np: { ...again.np, at: close + 1 + stray.index + 1 + again.np.at }, paragraph: last.paragraph };
          }
        }
        if (!found) {
          const open = first.start - 1;
          const start = sentenceStart(firstText, open);
          for (const b of attributionBefore(firstText.slice(start, open))) {
            ctx.paragraph = first.paragraph;
            const np = { ...b.np, at: b.np.at + start };
            if (resolveSpeaker(np, ctx).name !== null) {
              found = { np, verb: b.verb, paragraph: first.paragraph };
              break;
            }
          }
        }
        if (!found && n > 0) {
          // The quote goes on with the speaker of the one before it when it continues it.
          const prev = results.get(quotes[n - 1]!);
          const prevLast = quotes[n - 1]!.segments[quotes[n - 1]!.segments.length - 1]!;
          let continues = false;
          if (prev?.attribution && prevLast.paragraph === first.paragraph) {
            // “Part one,” he said. “Part two.” — or the second quote of one sentence: X warned that “…” could “…”.
            const between = firstText.slice(closeIndex(firstText, prevLast.end) + 1, first.start - 1);
            const sameSentence = between.length < 120 && !/[.!?]/.test(between);
            // Or the next sentence after the attribution: “…,” Kirby said Monday, given that …. “…”
            const attributedBetween = between.length < 200 && between.includes(prev.attribution) && findVerbs(between).length === 1;
            continues = !/["“”]/.test(between) && ((between.length < 80 && findVerbs(between).length > 0) || sameSentence || attributedBetween);
          } else if (prev?.speaker && prevLast.paragraph === first.paragraph - 1) {
            // A paragraph that is nothing but a quote, after a paragraph whose quote was attributed
            // ("…," Kirby said. / "We've been in this position before.").
            continues = firstText.slice(0, first.start).trim().length <= 1 && lastText.slice(closeIndex(lastText, last.end) + 1).trim() === '';
          }
          if (continues) {
            results.set(q, { ...q, speaker: prev!.speaker, attribution: prev!.attribution, spunVerb: prev!.spunVerb });
            return;
          }
        }
        if (!found) {
          results.set(q, { ...q, speaker: null, attribution: null, spunVerb: false });
          return;
        }
        ctx.paragraph = found.paragraph;
        const { name } = remember(found.np, resolveSpeaker(found.np, ctx));
        results.set(q, { ...q, speaker: name, attribution: found.np.words.join(' '), spunVerb: SPUN_VERBS.has(found.verb) });
      },
    });
  });

  events.sort((a, b) => a.at - b.at);
  for (const e of events) e.apply();
  return quotes.map((q) => results.get(q)!);
}

/** How many attributions use a verb synonym spinners produce: a sign of a machine-rewritten copy. */
export function spunAttributions(paragraphs: readonly Paragraph[]): number {
  let n = 0;
  for (const p of paragraphs) for (const v of findVerbs(p.text)) if (SPUN_VERBS.has(v.verb) && npBefore(p.text, v.start)) n++;
  return n;
}
