import type { AnalyzedQuote, ArticleAnalysis } from '../analysis/analyze-article.ts';
import type { Development } from '../analysis/developments.ts';
import { leansOnContext, lowerWords, quotesBalanced, splitSentences, standAlone, withoutDateline, wordCount } from '../analysis/text.ts';

/**
 * Turning a development into what a reader sees: a short extractive summary (one source
 * sentence, connectors and page junk trimmed), its best quote with speaker, and a headline.
 */

const MAX_SUMMARY_WORDS = 45;

/**
 * One source sentence, standing alone and without what a reader can skip: a non-restrictive
 * relative clause ("Qatar, which has acted as a mediator, suggested …"), a parenthesis between
 * dashes, a long scene-setting opening ("As reports emerged about …, Netanyahu told …"). A
 * sentence still longer than MAX_SUMMARY_WORDS is cut where a clause that adds to the main one
 * begins ("; …", " — …", ", while …", ", saying …"), never at a bare comma, which may sit between
 * a subject and its verb, and never inside a quotation; a sentence with no such place stays whole.
 */
export function summarize(sentence: string, maxWords = MAX_SUMMARY_WORDS): string {
  let s = compress(standAlone(sentence.replace(/\s+/g, ' ').trim()));
  if (maxWords < MAX_SUMMARY_WORDS) s = shortAttribution(s);
  if (wordCount(s) > maxWords) {
    const head = s.split(' ').slice(0, maxWords).join(' ');
    let cut = -1;
    for (const m of head.matchAll(ADDED_CLAUSE)) if (m.index > head.length * 0.4 && quotesBalanced(head.slice(0, m.index))) cut = m.index;
    if (cut > 0) s = `${head.slice(0, cut)} …`;
  }
  if (!/[.!?…"”]$/.test(s)) s += '.';
  return s;
}

/**
 * A closing attribution by the speaker's surname, and without what follows the verb:
 *   "…, US President Donald Trump's special envoy Steve Witkoff said Tuesday." → "…, Witkoff said Tuesday."
 *   "…, the White House said in a readout of the call." → "…, the White House said."
 * An attribution that ends on no name ("…, two officials said"), or names an institution ("the
 * White House"), keeps its words.
 */
export function shortAttribution(sentence: string): string {
  return sentence
    .replace(ATTRIBUTION_AFTERWORDS, '$1.')
    .replace(TITLED_ATTRIBUTION, (all, titles: string, surname: string, verb: string) =>
      INSTITUTION.test(`${titles} ${surname}`) || !quotesBalanced(sentence.slice(0, sentence.length - all.length)) ? all : `, ${surname} ${verb}`,
    );
}
const REPORTING = '(?:said|says|told reporters|told|added|announced|stated|wrote|posted|confirmed|reported)';
/** ", the White House said in a readout of the call." — the verb's own circumstances. */
const ATTRIBUTION_AFTERWORDS = new RegExp(`(, [^,;"“”]{2,90}? ${REPORTING}) (?:in|on|at|during|after) (?:an? |the |his |her |its |their )[^,;"“”]{2,50}\\.$`, 'u');
/** "the White House", "the State Department": a name after "the" is an institution's, not a person's. */
const INSTITUTION = /^(?:the|a|an) (?:\p{Lu}[\p{L}'’.-]*\s?)+$/u;
/** ", <titles> Firstname Surname said…" at the end of a sentence. */
const TITLED_ATTRIBUTION = new RegExp(`, ((?:[^,;"“”]{0,80}? )?\\p{Lu}[\\p{L}'’.-]+) (\\p{Lu}[\\p{L}'’-]+) (${REPORTING}(?: [^,;"“”]{0,20})?[.!]?)$`, 'u');

/** ", who is in Dubai for the summit," between a name and its verb. */
const RELATIVE_CLAUSE = /, (?:who|which|whose) [^,;:"“”—–()]{3,140}?, (?=\p{Ll})/gu;
/** "Burns, a key US negotiator, was due …", "Sinwar, the mastermind of the attack, had …": an appositive after a name. */
const APPOSITIVE = /(?<=\p{Lu}[\p{L}'’.-]*), (?:a|an|the) [^,;:"“”—–()]{3,40}?, (?=\p{Ll})/gu;
/** ", in a statement,", ", speaking on condition of anonymity," between a speaker and the verb. */
const ASIDE = /, (?:in an? (?:joint |written )?statement|speaking on (?:the )?condition of anonymity|who (?:asked|spoke on condition) [^,]{0,40}),(?= )/gu;
/** "(Oct 10)", "(October 9)": a date the sentence already gives by its day. */
const DATE_IN_BRACKETS = / \((?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})\)/g;
/** " — including a maimed Israeli-US citizen, … — " inside a sentence. */
const DASH_PARENTHESIS = / [—–] [^—–"“”]{3,160}? [—–] (?=\p{Ll})/gu;
/** "As reports emerged about a potential deal that …, " before the subject. */
const SCENE_SETTING = /^(?:As|Before|After|Ahead of|Amid|Despite|Following|While|Just|With|Since|Days|Hours|Weeks)\b[^,;"“”]{20,220}?, /u;
/** What follows an opening cut inside a place's name ("After talks in Jeddah, Saudi Arabia, Rubio said …"). */
const PLACE_GOES_ON = /^\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,2}, /u;
/** What follows an opening that was itself cut inside a list ("Despite pressure from the US, Egypt and Qatar, …"). */
const LIST_GOES_ON = /^[^,]{0,40}\b(?:and|or)\b[^,]{0,40},/;

function compress(sentence: string): string {
  let s = sentence;
  for (const pattern of [RELATIVE_CLAUSE, APPOSITIVE, ASIDE, DASH_PARENTHESIS, DATE_IN_BRACKETS]) {
    s = s.replace(pattern, (clause, at: number) => (quotesBalanced(s.slice(0, at)) ? ' ' : clause));
  }
  s = s.replace(/ +/g, ' ').replace(/ ,/g, ',');
  const opening = SCENE_SETTING.exec(s);
  const rest = opening ? s.slice(opening[0].length) : '';
  if (opening && quotesBalanced(opening[0]) && wordCount(rest) >= 8 && !LIST_GOES_ON.test(rest) && !PLACE_GOES_ON.test(rest)) s = rest;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Where a clause that adds to the main one begins. */
const ADDED_CLAUSE = /; | [–—] |, (?=(?:and|but|while|as|after|amid|with|saying|adding|noting|according|which|who|where|even as|despite|following)\b)/g;

/** The claim a development is summarised by: a body sentence from the cleanest copy, the title only if nothing else. */
export function summaryClaim(d: Development) {
  return summaryClaims(d)[0]!;
}

/** A summary and the claim of the development it was made of (its index in `claims`). */
export interface BriefSummary {
  text: string;
  from: number;
}

/**
 * A short summary for a words budget: of the claims that are news, in the order of their weight
 * (for the clusters engine, how well each stands for its development), the first that says its point
 * within `maxWords` without being cut; else the first that is whole, however long; else the first
 * cut one whose main clause comes first. Empty when there is none, or when each leans on another sentence.
 */
export function briefSummary(d: Development, maxWords: number, headline?: string): BriefSummary {
  const ranked = d.claims.map((c, from) => ({ c, from })).sort((a, b) => b.c.claim.weight - a.c.claim.weight || a.c.article - b.c.article || a.c.claim.sentence - b.c.claim.sentence);
  const told = ranked.map(({ c, from }) => ({ text: summarize(named(withoutTitleSuffix(c.claim.text ?? ''), c.claim.antecedent), maxWords), from, background: c.claim.background }));
  const news = told.filter((s) => !s.background);
  const all = news.length ? news : told;
  // Under a headline that already says it, another report of the development adds what the headline left out.
  const fresh = headline === undefined ? all : all.filter((s) => !saidIn(s.text, headline));
  const summaries = fresh.length ? fresh : all;
  const whole = summaries.filter((s) => !s.text.endsWith('…') && !leansOnContext(s.text));
  // "Asked whether the offer was fair …": cut before its main clause, a sentence says nothing.
  const best = whole.find((s) => wordCount(s.text) <= maxWords) ?? whole[0] ?? summaries.find((s) => !SUBORDINATE_OPENING.test(s.text) && !leansOnContext(s.text));
  return best ? { text: best.text, from: best.from } : { text: '', from: 0 };
}

const SUBORDINATE_OPENING = /^(?:asked|speaking|as|while|when|whether|if|although|though|because|since|after|before|following|despite|amid|in response)\b/i;

/** Most words of `text` are words of `headline`. */
function saidIn(text: string, headline: string): boolean {
  const words = (t: string) => lowerWords(t).filter((w) => w.length > 2);
  const inHeadline = new Set(words(headline));
  const own = words(text);
  return own.length > 0 && own.filter((w) => inHeadline.has(w)).length >= SAID_IN_HEADLINE * own.length;
}
const SAID_IN_HEADLINE = 0.8;

/** "He said …", "…, she told reporters", "according to him": the pronoun that stands for who spoke. */
const PRONOUN_SPEAKER = /^(?:He|She)\b|(?<=, )(?:he|she)\b(?= \p{Ll})|(?<=\baccording to )(?:him|her)\b/iu;

/** "He said …" with the person it refers to in place of the pronoun. */
function named(text: string, antecedent: string | undefined): string {
  return antecedent ? text.replace(PRONOUN_SPEAKER, antecedent) : text;
}

/** A title without the outlet or section after a bar or a dash ("… | World News", "… – Reuters"). */
function withoutTitleSuffix(text: string): string {
  return text.replace(/\s+[|–—]\s+[^|–—]{1,40}$/, '');
}

/** The claims of a development, the best summary first. */
function summaryClaims(d: Development) {
  // A sentence that leans on the one before it ("That Burns traveled … was reported") is a summary
  // only when nothing else says it.
  const scored = d.claims.map((c) => ({
    c,
    score: c.claim.weight - c.spin * 0.5 - (c.claim.sentence === -1 ? 2.5 : 0) - (c.claim.quoted ? 1 : 0) - (leansOnContext(c.claim.text ?? '') ? 4 : 0),
  }));
  scored.sort((a, b) => b.score - a.score || a.c.article - b.c.article || a.c.claim.sentence - b.c.claim.sentence);
  return scored.map((x) => x.c);
}

export interface QuoteCandidate {
  quote: AnalyzedQuote;
  article: number;
  text: string;
  score: number;
}

/**
 * Ranks the quotes of the articles behind a development: attributed, complete and near the
 * development's sentences first. Left out: reworded quotes, quotes far from every sentence of the
 * development that share none of its names (a quote about something else), and quotes the summary
 * already says. Quotes already told or used are left out by the caller.
 */
export function quoteCandidates(d: Development, analyses: ReadonlyMap<number, ArticleAnalysis>, summary: string, places: ClaimPlaces): QuoteCandidate[] {
  const out: QuoteCandidate[] = [];
  const articles = [...new Set(d.claims.map((c) => c.article))];
  const keys = new Set(d.keys.filter((k) => !k.startsWith('ev:')));
  const summaryWords = new Set(lowerWords(summary));
  for (const article of articles) {
    const analysis = analyses.get(article);
    if (!analysis) continue;
    const paragraphs = d.claims.filter((c) => c.article === article && c.claim.paragraph >= 0).map((c) => c.claim.paragraph);
    for (const q of analysis.quotes) {
      // Verbatim from a machine-rewritten sentence is not what the speaker said: never posted as a quote.
      if (q.reworded) continue;
      // A quote over several paragraphs is shown by its first part: each part is verbatim on its own.
      const text = shortQuote(q.segments[0]!);
      const words = wordCount(text);
      if (words < 4 || words > 70) continue;
      const distance = paragraphs.length ? Math.min(...paragraphs.map((p) => Math.abs(p - q.paragraph))) : 5;
      const lower = text.toLowerCase();
      const shared = [...keys].filter((k) => lower.includes(k)).length;
      if (distance > NEAR_PARAGRAPHS && shared === 0) continue;
      // A quote nearer the sentence of another development shown, naming nothing of this one, is that one's.
      if (shared === 0 && (places.get(article) ?? []).some((p) => p.development !== d && Math.abs(p.paragraph - q.paragraph) < distance)) continue;
      if (echoes(lowerWords(text), summaryWords)) continue;
      let score = 0;
      if (q.speaker) score += 3;
      if (!q.partial) score += 2;
      if (words >= 8 && words <= 45) score += 1;
      score += Math.max(0, 3 - distance) + shared * 0.5;
      out.push({ quote: q, article, text, score });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.article - b.article || a.quote.paragraph - b.quote.paragraph);
}

/** Per article, the paragraphs of its claims and the development each belongs to. */
export type ClaimPlaces = ReadonlyMap<number, readonly { paragraph: number; development: Development }[]>;

export function claimPlaces(developments: readonly Development[]): ClaimPlaces {
  const places = new Map<number, { paragraph: number; development: Development }[]>();
  for (const development of developments) {
    for (const c of development.claims) {
      if (c.claim.paragraph < 0) continue;
      const list = places.get(c.article) ?? [];
      list.push({ paragraph: c.claim.paragraph, development });
      places.set(c.article, list);
    }
  }
  return places;
}

/** A quote this many paragraphs from the development's sentences still speaks to it. */
const NEAR_PARAGRAPHS = 2;
const MAX_QUOTE_WORDS = 30;

/**
 * A long quote by its leading sentences, up to MAX_QUOTE_WORDS: each sentence of a quote is
 * verbatim on its own, and a reader needs the first point, not the whole speech.
 */
export function shortQuote(text: string): string {
  if (wordCount(text) <= MAX_QUOTE_WORDS) return text;
  const sentences = splitSentences(text);
  let out = sentences[0]!;
  for (const s of sentences.slice(1)) {
    if (wordCount(out) + wordCount(s) > MAX_QUOTE_WORDS) break;
    out += ` ${s}`;
  }
  return out;
}

/** A quote whose words the summary mostly holds already (the summary quotes it): it would be read twice. */
function echoes(quoteWords: readonly string[], summaryWords: ReadonlySet<string>): boolean {
  return quoteWords.length > 0 && quoteWords.filter((w) => summaryWords.has(w)).length / quoteWords.length >= 0.7;
}

/**
 * What a headline is made from: the titles of the top developments that have one (titles are
 * written to say what moved), else the top two's summary sentences.
 */
export function headlineParts(shown: readonly Development[]): string[] {
  const titleOf = (d: Development) => d.claims.find((c) => c.claim.sentence === -1 && c.spin === 0)?.claim.text;
  const titled = shown.slice(0, 3).filter((d) => titleOf(d));
  return (titled.length ? titled : shown).slice(0, 2).map((d) => titleOf(d) ?? summaryClaim(d).claim.text ?? '');
}

/** A headline: what moved, in one sentence, from the top developments' titles or summaries. */
export function headline(parts: string[]): string {
  const short = parts.map(shortForm).filter(Boolean);
  let out = short[0] ?? '';
  if (short[1] && out.length + short[1].length < 150) out += `; ${lowerFirst(short[1])}`;
  // Nothing short enough: the top development's own sentence, whole.
  if (!out) return parts[0] ? summarize(parts[0]) : '';
  return /…$/.test(out) ? out : `${out.replace(/[.;,\s]+$/, '')}.`;
}

const LEADING_PHRASE = /^(?:on|in|at|after|as|when|while|following|meanwhile|during|with|amid)\b[^,]{0,60},\s+/i;

// Only a report's frame: "Hamas said that Israel is to blame" stays whole, or a party's claim would read as fact.
const REPORTING_FRAME = /^[^,;"“]{3,90}?\b(?:reported|announced|confirmed)\s+that\s+(?=\S+\s+\S+\s+\S+\s+\S+)/;

function shortForm(text: string): string {
  // The dateline goes first: "Washington, Feb 4, (dpa) – Netanyahu …" is not a title with a suffix to cut.
  let s = standAlone(withoutDateline(text.trim()).replace(/\s*[|–—]\s+[^|–—]*$/, '').replace(/\s+…$/, '').trim());
  // "On the US-Qatar strategic dialogue on Tuesday, Blinken urged …" → "Blinken urged …"
  if (LEADING_PHRASE.test(s)) s = s.replace(LEADING_PHRASE, '');
  // "Egypt's al-Qahera TV reported that an Israeli delegation …" → "An Israeli delegation …": a headline says what moved.
  s = s.replace(REPORTING_FRAME, '');
  s = s.charAt(0).toUpperCase() + s.slice(1);
  const words = s.split(' ');
  if (words.length <= 16) return s.replace(/\.$/, '');
  // The longest leading run of clauses that stays short and closes every quote it opens: a
  // headline is one complete statement, never cut inside a quotation.
  let best = '';
  for (const m of s.matchAll(/,\s|;\s|\s–\s|\s—\s/g)) {
    const head = s.slice(0, m.index);
    if (wordCount(head) > 20) break;
    if (wordCount(head) >= 5 && quotesBalanced(head) && isStatement(head)) best = head;
  }
  return best || (quotesBalanced(s) ? s.replace(/\.$/, '') : '');
}

/**
 * A leading run of clauses that says something: not a name with its titles ("Israeli Prime
 * Minister Benjamin Netanyahu") and not a subject left with only its relative clause ("Kamala
 * Harris, who is in Dubai for the summit").
 */
function isStatement(head: string): boolean {
  const plainWords = head.match(/(?<![\p{L}'’])\p{Ll}{3,}/gu) ?? [];
  const lastClause = head.split(/,\s/).pop()!;
  return plainWords.length >= 2 && !/^(?:who|whom|whose|which|where)\b/.test(lastClause);
}

function lowerFirst(s: string): string {
  // Keep proper nouns and acronyms capitalised: only lower a plain first word ("The", "Talks").
  return /^(The|A|An|Both|Talks|Negotiations|Negotiators|Mediators|Officials|Parties|This|These|Some|Several|Two|Three)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

