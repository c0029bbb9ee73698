import { isBackground } from '../../analysis/claims.ts';
import { leansOnContext, quotesBalanced, splitArticle, wordCount, type Sentence } from '../../analysis/text.ts';
import { escapeRegExp } from '../../regexp.ts';
import { stemOf, type ParsedQuery, type QueryTerm } from './query.ts';

/**
 * Which sentences of an article answer a `/latest` question. Every sentence of the title and the
 * opening of the body is a passage (no event lexicon decides what may answer); a passage scores the
 * weight of the query terms it contains, a little of those its article's title and lead contain,
 * and a bonus for terms asked together and found together.
 */

/** Sentences of the body read: answers are in the opening of a story. */
const SENTENCES_READ = 40;
/** What a term the passage lacks but its article's title or lead has is worth. */
const CONTEXT_SHARE = 0.3;

const NUMBER_WORD = '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
/** A sentence that says when: "within 72 hours", "in two weeks", "by Sunday", "on March 3", "next week". */
const SAYS_WHEN = new RegExp(
  `\\b(?:within|in|after|for|over|by|before|until)\\s+(?:the\\s+(?:next|coming)\\s+)?${NUMBER_WORD}[\\s-]+(?:hours?|days?|weeks?|months?)\\b|` +
    `\\b(?:on|by|until|from|before|next|this|last)\\s+(?:${WEEKDAY}|${MONTH}\\s+\\d{1,2})\\b|\\b(?:next|this|coming)\\s+(?:week|month|weekend)\\b|\\b(?:tomorrow|tonight|soon|imminently)\\b`,
);
/** A sentence holding a quotation of a few words or more. */
const QUOTATION = /[“"][^”"]{20,}[”"]/;
/** A sentence that gives a cause: "because …", "after reaching a dead end", "in response to …". */
const GIVES_CAUSE = /\b(?:because|due to|owing to|as a result|in response to|in retaliation|in protest|after (?:reaching|failing|refusing|the)|following|followed|came after|in the wake of|over (?:its|their|the)|so that|in order to|aimed at|amid)\b/i;

export interface ArticleText {
  title: string | null;
  text: string;
}

export interface TermMatch {
  /** Per passage (0 = the title when there is one), the terms it contains. */
  passages: Set<number>[];
  sentences: Sentence[];
  /** How often each term was written with a capital away from a sentence's start, and how often at all. */
  capitals: number[];
  mentions: number[];
}

/** The title (as paragraph -1) and the first sentences of the body. */
function articlePassages(article: ArticleText): Sentence[] {
  const body = splitArticle(article.text).sentences.slice(0, SENTENCES_READ);
  return article.title ? [{ paragraph: -1, index: -1, text: article.title }, ...body] : body;
}

/** Same stem, or stems of one family ("respond" / "respons"): a shared opening of six letters or more. */
function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return common >= 6 && common >= Math.min(a.length, b.length) - 1;
}

/** A finder of the words that may be the term: cheap to run, checked by stem afterwards. */
function wordFinder(term: QueryTerm): RegExp {
  if (term.spellings) return new RegExp(term.spellings.source, 'gu');
  const openings = [...new Set(term.stems.map((stem) => escapeRegExp(stem.slice(0, 4))))];
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${openings.join('|')})[\\p{L}\\p{N}]*(?:-[\\p{L}\\p{N}]+)*`, 'giu');
}

/** True when a word of the text is the term: same stem family, the hyphenated word whole ("cease-fire") or its first part ("six-week"). */
function isTerm(word: string, term: QueryTerm): boolean {
  if (term.spellings) return true;
  const lower = word.toLowerCase();
  const forms = lower.includes('-') ? [lower.replace(/-/g, ''), lower.split('-')[0]!] : [lower];
  return forms.some((form) => term.stems.some((stem) => sameFamily(stemOf(form), stem)));
}

export function matchTerms(article: ArticleText, terms: readonly QueryTerm[]): TermMatch {
  const sentences = articlePassages(article);
  const passages = sentences.map(() => new Set<number>());
  const capitals = terms.map(() => 0);
  const mentions = terms.map(() => 0);
  terms.forEach((term, t) => {
    const finder = wordFinder(term);
    sentences.forEach((sentence, s) => {
      for (const m of sentence.text.matchAll(finder)) {
        if (!isTerm(m[0], term)) continue;
        passages[s]!.add(t);
        mentions[t]!++;
        if (m.index > 0 && /^\p{Lu}/u.test(m[0])) capitals[t]!++;
      }
    });
  });
  return { passages, sentences, capitals, mentions };
}

export interface ScoredPassage {
  /** Index into the article's passages. */
  at: number;
  score: number;
  terms: Set<number>;
}

export interface PassageScoring {
  query: ParsedQuery;
  weights: readonly number[];
  /** Sentence indices (as in ArticleAnalysis) holding a figure the question may want. */
  figureSentences: ReadonlySet<number>;
}

/** Every passage of one article scored for the question, best first; the score is a share of the question's weight. */
export function scorePassages(match: TermMatch, { query, weights, figureSentences }: PassageScoring): ScoredPassage[] {
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const lead = new Set([...(match.passages[0] ?? []), ...(match.passages[1] ?? [])]);
  const scored: ScoredPassage[] = [];
  match.sentences.forEach((sentence, at) => {
    const terms = match.passages[at]!;
    if (terms.size === 0) return;
    let own = 0;
    for (const t of terms) own += weights[t]!;
    let context = 0;
    for (const t of lead) if (!terms.has(t)) context += weights[t]! * CONTEXT_SHARE;
    let together = 0;
    for (const [a, b] of query.phrases) if (terms.has(a) && terms.has(b) && nearEachOther(sentence.text, query.terms[a]!, query.terms[b]!)) together += (weights[a]! + weights[b]!) * 0.25;
    let score = (own + context + together) / total;
    // A sentence that does not stand as an answer: background, a fragment of a quotation, a line; a
    // quotation reads better as the answer's quote. Background only a little: "its 7 October attack"
    // marks a sentence as background that may well be today's news.
    if (isBackground(sentence.text)) score *= 0.9;
    if (!quotesBalanced(sentence.text) || wordCount(sentence.text) < 6) score *= 0.7;
    else if (QUOTATION.test(sentence.text)) score *= 0.85;
    if (leansOnContext(sentence.text)) score *= 0.9;
    score *= 1 - 0.01 * Math.min(Math.max(sentence.index, 0), 20);
    // A headline is a last resort: a body sentence saying the same reads as an answer.
    if (sentence.index === -1) score *= 0.7;
    if (query.wantsCount && figureSentences.has(sentence.index)) score *= 1.3;
    if (query.wantsTime && SAYS_WHEN.test(sentence.text)) score *= 1.3;
    if (query.wantsCause && GIVES_CAUSE.test(sentence.text)) score *= 1.15;
    scored.push({ at, score, terms });
  });
  return scored.sort((a, b) => b.score - a.score || a.at - b.at);
}

function nearEachOther(text: string, a: QueryTerm, b: QueryTerm): boolean {
  const words = text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
  const is = (word: string, term: QueryTerm) => (term.spellings ? term.spellings.test(word) : isTerm(word, term));
  for (let i = 0; i < words.length; i++) {
    if (!is(words[i]!, a)) continue;
    for (let j = i + 1; j <= i + 3 && j < words.length; j++) if (is(words[j]!, b)) return true;
  }
  return false;
}

/**
 * A second sentence for the answer, when the article has one that adds to the best: more of the
 * question's terms, or, for a sentence that leans on the one before ("He said …"), that one.
 */
export function companion(match: TermMatch, best: ScoredPassage, weights: readonly number[]): number | null {
  const sentence = match.sentences[best.at]!;
  if (leansOnContext(sentence.text) && best.at > 0 && match.sentences[best.at - 1]!.paragraph >= 0) return best.at - 1;
  const usable = (at: number) => {
    const other = match.sentences[at];
    if (other === undefined || at === best.at || other.paragraph < 0 || isBackground(other.text)) return false;
    // A sentence carrying a quotation is better given as the answer's quote, with its speaker.
    return quotesBalanced(other.text) && !QUOTATION.test(other.text) && wordCount(other.text) >= 6 && wordCount(other.text) <= 45;
  };
  // The lead states what the story is about: a passage further down with a term of it is completed by it.
  const lead = match.sentences.findIndex((s) => s.paragraph >= 0);
  if (lead >= 0 && lead !== best.at && sentence.index > 0 && usable(lead) && [...match.passages[lead]!].some((t) => best.terms.has(t))) return lead;
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const names = new Set(namesIn(sentence.text));
  let chosen: { at: number; value: number } | null = null;
  for (let at = 0; at < Math.min(match.sentences.length, best.at + 12); at++) {
    if (!usable(at)) continue;
    let value = 0;
    for (const t of match.passages[at]!) value += (best.terms.has(t) ? 0.5 : 1) * weights[t]!;
    if (value === 0) continue;
    // Names the best passage lacks are what a second sentence adds.
    value = value / total + 0.1 * Math.min(2, namesIn(match.sentences[at]!.text).filter((n) => !names.has(n)).length);
    if (value >= 0.35 && (!chosen || value > chosen.value)) chosen = { at, value };
  }
  return chosen?.at ?? null;
}

/**
 * The terms of what the answer is about, when the article states them with figures in the
 * sentences right after ("The proposal would require Hamas to deliver a list of the 40 hostages
 * …"): a sentence that shares a term of the question with the answer and holds a number.
 */
export function termsSentence(match: TermMatch, best: ScoredPassage, taken: readonly number[]): number | null {
  const from = Math.max(...taken);
  for (let at = from + 1; at <= from + 3 && at < match.sentences.length; at++) {
    const other = match.sentences[at]!;
    if (other.paragraph < 0 || isBackground(other.text) || QUOTATION.test(other.text) || !quotesBalanced(other.text)) continue;
    if (wordCount(other.text) > 35 || !/(?<![\d,.])\d[\d,]*(?![\d])/.test(other.text.replace(/\b(?:19|20)\d\d\b/g, ''))) continue;
    if ([...match.passages[at]!].some((t) => best.terms.has(t))) return at;
  }
  return null;
}

function namesIn(text: string): string[] {
  return [...text.matchAll(/(?<=\S\s+)\p{Lu}\p{Ll}+/gu)].map((m) => m[0]);
}
