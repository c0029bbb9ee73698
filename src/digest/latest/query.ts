import { stemmer } from 'stemmer';
import { escapeRegExp } from '../../regexp.ts';

/**
 * A `/latest` question read as a person means it: question and function words do not count,
 * possessives and dotted acronyms are normalised ("Hamas's" → Hamas, "U.N." → UN), a few acronyms
 * stand for their spelled-out names too, and what the question asks for is kept as intents
 * ("how many" wants a figure, "still" / "latest" / "now" the newest state).
 */

export interface QueryTerm {
  /** The word as asked ("Haniyeh", "releasing", "UN"). */
  word: string;
  /** Porter stem of the word, what sentence words are compared on. */
  stem: string;
  /** Stems the term is also found as: its own and its synonyms'. */
  stems: string[];
  /** Phrases full-text search looks for (the word itself, or an acronym's spellings). */
  forms: string[];
  /** Literal spellings matched in text instead of the stem (acronyms), case-sensitive. */
  spellings: RegExp | null;
  /** Written with a capital in the query: a name, which weighs more. */
  capitalized: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** Pairs of terms asked next to each other ("closer … ever" in "closer than ever"): a sentence with the phrase ranks higher. */
  phrases: [number, number][];
  /** "how many", "how much", "number of", "toll": best answered by a figure. */
  wantsCount: boolean;
  /** "still", "latest", "now", "current": the newest state matters most. */
  wantsNewest: boolean;
  /** "when": best answered by a sentence that says when ("within 72 hours", "on Tuesday"). */
  wantsTime: boolean;
  /** "why": best answered by a sentence that gives a cause ("after reaching a dead end", "because …"). */
  wantsCause: boolean;
}

const STOP_WORDS = new Set(
  (
    'a an the and or but nor of to in on at by for from with without into onto over under about after before since until during ' +
    'as than then so if whether that this these those there here it its it’s their them they he him his she her we us our you your ' +
    'i me my mine is are was were be been being am do does did done doing has have had having will would shall should can could ' +
    'may might must not no yes any some all each every more most much many few other such own same very too just also only ' +
    'what whats which who whom whose why how when where wh say says said saying tell told telling know known think mean ' +
    'according regarding re via per please get got go goes going went happen happened happening ' +
    'latest news update updates new newest recent recently still now currently current today anything something thing things'
  ).split(' '),
);

/** Words that ask for the newest state. */
const NEWEST = new Set(['latest', 'still', 'now', 'current', 'currently', 'today', 'newest', 'recent', 'recently', 'new']);

/** Acronyms that stand for a name written out in full as often as not. */
const ACRONYMS = new Map<string, string[]>([
  ['UN', ['UN', 'U.N.', 'United Nations']],
  ['UNSC', ['UNSC', 'Security Council']],
  ['US', ['US', 'U.S.', 'United States']],
  ['USA', ['USA', 'U.S.A.', 'United States']],
  ['UK', ['UK', 'U.K.', 'Britain', 'United Kingdom']],
  ['EU', ['EU', 'E.U.', 'European Union']],
  ['UAE', ['UAE', 'U.A.E.', 'United Arab Emirates']],
  ['IDF', ['IDF', 'Israel Defense Forces', 'Israeli military']],
]);

/** Words news copy uses for one thing ("freed" for "released"): a term is found as any of them. */
const SYNONYMS = [
  ['release', 'free', 'freed'],
  ['ceasefire', 'cease-fire', 'truce'],
  ['negotiation', 'talks'],
  ['kill', 'assassinate', 'slain'],
  ['approve', 'ratify', 'endorse'],
  ['reject', 'refuse'],
  ['send', 'dispatch'],
].map((family) => ({ words: family, stems: family.map((w) => stemmer(w.replace(/-/g, ''))) }));

const MAX_TERMS = 8;

export function parseQuery(query: string): ParsedQuery {
  const text = query
    .replace(/\b((?:\p{Lu}\.){2,})/gu, (dotted) => dotted.replace(/\./g, ''))
    .replace(/(\p{L})['’]s?(?=\s|$|[^\p{L}])/gu, '$1');
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const lower = words.map((w) => w.toLowerCase());
  const wantsCount = /\bhow (?:many|much)\b|\bnumber of\b|\btoll\b/i.test(query);
  const wantsNewest = lower.some((w) => NEWEST.has(w));
  const wantsTime = lower.includes('when');
  const wantsCause = lower.includes('why');

  const terms: QueryTerm[] = [];
  const positions: number[] = [];
  words.forEach((word, at) => {
    const acronym = ACRONYMS.get(word);
    if (!acronym && STOP_WORDS.has(lower[at]!)) return;
    const stem = stemOf(lower[at]!);
    if (terms.some((t) => t.stems.includes(stem))) return;
    const family = SYNONYMS.find((f) => f.stems.includes(stem));
    terms.push({
      word,
      stem,
      stems: family ? [...new Set([stem, ...family.stems])] : [stem],
      forms: acronym ?? [...new Set([lower[at]!, ...(family?.words ?? [])])],
      spellings: acronym ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${acronym.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'u') : null,
      capitalized: writtenAsName(words, at),
    });
    positions.push(at);
  });
  const kept = terms.slice(0, MAX_TERMS);
  const phrases: [number, number][] = [];
  // Two terms with at most one function word between them in the question form a phrase.
  for (let i = 1; i < kept.length; i++) if (positions[i]! - positions[i - 1]! <= 2) phrases.push([i - 1, i]);
  return { terms: kept, phrases, wantsCount, wantsNewest, wantsTime, wantsCause };
}

/**
 * A word with a capital is a name, unless it only opens the question: "Paris framework" may be
 * capitalised as a sentence is; "Edan Alexander release" and "UN vote" are names all the same.
 */
function writtenAsName(words: readonly string[], at: number): boolean {
  const word = words[at]!;
  if (!/^\p{Lu}/u.test(word)) return false;
  return at > 0 || /^\p{Lu}+$/u.test(word) || /^\p{Lu}/u.test(words[at + 1] ?? '');
}

const stems = new Map<string, string>();

/** The Porter stem of a lower-case word, remembered: the same words recur across every candidate article. */
export function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemmer(word);
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}
