import type { ItemEntity } from 'wink-nlp';
import type { LanguageModel } from './language.ts';
import { verbClasses } from './verb-classes.ts';

/**
 * What one sentence is about, from its parts of speech and lemmas: the words that tell it apart
 * from other sentences (content lemmas, names, numbers, dates), who acts (the subject's head), what
 * they do (the main verb), and whether it can be read alone. General English only: what is
 * particular to a story comes from the topic config, never from here.
 *
 *   "Putin told Trump on Tuesday that Russia and Ukraine would swap 175 prisoners each."
 *     → lemmas: putin tell trump tuesday russia ukraine swap 175 prisoner
 *       names: putin, trump, russia, ukraine · numbers: 175 · dates: tuesday
 *       subject: putin · verb: swap (the reported event, not "tell") · reported: true
 */
export interface SentenceFeatures {
  /** Lower-case lemmas of the nouns, proper nouns, verbs, adjectives and numbers, in order. */
  lemmas: string[];
  /** Runs of proper nouns, lower-cased ("benjamin netanyahu"). */
  names: string[];
  /** Numbers as digits without separators ("1000"); years and times of day left out. */
  numbers: string[];
  /** Date expressions ("tuesday", "march 23"). */
  dates: string[];
  /** What its verbs and their nouns report, by class ("reviewing" → consider): verb-classes.ts. */
  classes: string[];
  /** Head of the subject noun phrase (lemma), when one comes before the main verb. */
  subject: string | null;
  /** The subject's surname as written, when the subject is a person named in full ("Volodymyr Zelensky"). */
  person: string | null;
  /** "He said", "…, she told reporters", "according to him": a speaker named in the sentence before. */
  pronounSpeaker: boolean;
  /** The main verb's lemma; for reported speech, the verb of what was reported. */
  verb: string | null;
  /** A reporting verb (said, told, announced …) frames the sentence. */
  reported: boolean;
  /** The sentence opens on a word that points at the one before ("He said …", "But …"), or is only an attribution. */
  leans: boolean;
  /** Speaks of what is yet to happen: "will", "is set to", "is expected to". */
  future: boolean;
  /** Asks rather than tells ("What was agreed in Geneva?", "How the deal unravelled"). */
  question: boolean;
}

/** Verbs that report speech or writing: the sentence's news is what follows them. */
export const REPORTING_VERBS = new Set([
  'say', 'tell', 'announce', 'add', 'state', 'report', 'confirm', 'claim', 'insist', 'warn', 'note', 'write', 'declare',
  'deny', 'stress', 'explain', 'argue', 'accuse', 'acknowledge', 'assert', 'admit', 'reiterate', 'indicate', 'suggest',
  'comment', 'post', 'respond', 'reply', 'quote', 'describe', 'call', 'believe', 'think', 'hope', 'predict',
]);

/** Opening words that refer back to the sentence before, or connect to it. */
const LEANING_OPENERS = new Set([
  'he', 'she', 'they', 'it', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'and', 'but', 'or', 'so',
  'also', 'however', 'meanwhile', 'still', 'yet', 'then', 'such', 'both', 'which', 'who', 'there',
  // A first or second person speaks inside a quotation whose marks are elsewhere.
  'i', 'we', 'you', 'my', 'our', 'your',
]);

const CONTENT = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM']);
/** Lemmas too common to tell two sentences apart. */
const LIGHT = new Set(['be', 'have', 'do', 'say', 'tell', 'make', 'take', 'get', 'go', 'come', 'give', 'also', 'new', 'other', 'more', 'many', 'last', 'first', 'year', 'week', 'day', 'time', 'people', 'official', 'report', 'statement', 'source', 'medium']);
const QUESTION = /\?["'”’]?$|^(?:what|how|why|who|when|where|which|will|can|could|should|is|are|does|do)\b/i;
const FUTURE = /\b(?:will|would|shall|is (?:set|due|expected|scheduled|poised|slated) to|are (?:set|due|expected|scheduled|poised|slated) to|plans? to|planning to|going to)\b/i;

interface Token {
  text: string;
  lower: string;
  pos: string;
  lemma: string;
  entity: string | null;
}

export function sentenceFeatures(nlp: LanguageModel, sentence: string): SentenceFeatures {
  const its = nlp.its;
  const doc = nlp.readDoc(sentence);
  const texts = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  // wink-nlp's typings give lemma() a third parameter that out() does not declare; it reads the same.
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value) as string[];
  const entityOf: (string | null)[] = texts.map(() => null);
  doc.entities().each((e: ItemEntity) => {
    const [from, to] = e.out(its.span) as unknown as [number, number];
    for (let i = from; i <= to; i++) entityOf[i] = e.out(its.type) as string;
  });
  const tokens: Token[] = texts.map((text, i) => ({ text, lower: text.toLowerCase(), pos: pos[i]!, lemma: lemmas[i]!.toLowerCase(), entity: entityOf[i]! }));
  return featuresOf(tokens, sentence);
}

function featuresOf(tokens: readonly Token[], sentence: string): SentenceFeatures {
  const words = tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  const out: SentenceFeatures = { lemmas: [], names: [], numbers: [], dates: [], classes: [], subject: null, person: null, pronounSpeaker: false, verb: null, reported: false, leans: false, future: FUTURE.test(sentence), question: QUESTION.test(sentence.trim()) };
  out.leans = words.length > 0 && LEANING_OPENERS.has(words[0]!.lower);

  let name: string[] = [];
  const endName = () => {
    if (name.length) out.names.push(name.join(' '));
    name = [];
  };
  let date: string[] = [];
  const endDate = () => {
    if (date.length) out.dates.push(date.join(' '));
    date = [];
  };
  for (const t of tokens) {
    if (t.pos === 'PROPN' && t.entity !== 'DATE') name.push(t.lower.replace(/['’]s$/, ''));
    else endName();
    if (t.entity === 'DATE' || t.entity === 'TIME') date.push(t.lower);
    else endDate();
    if (!CONTENT.has(t.pos) || t.entity === 'DATE' || t.entity === 'TIME') continue;
    if (t.pos === 'NUM' || t.entity === 'CARDINAL' || t.entity === 'MONEY' || t.entity === 'PERCENT') {
      const n = numberValue(t.lower);
      if (n !== null && !/^(?:19|20)\d\d$/.test(n)) out.numbers.push(n);
      continue;
    }
    const lemma = t.pos === 'PROPN' ? t.lower.replace(/['’]s$/, '') : t.lemma;
    if (lemma.length < 2 || LIGHT.has(lemma) || !/\p{L}/u.test(lemma)) continue;
    out.lemmas.push(lemma);
    if (t.pos === 'VERB' || t.pos === 'NOUN') for (const c of verbClasses(lemma)) if (!out.classes.includes(c)) out.classes.push(c);
  }
  endName();
  endDate();

  // Who acts and what they do: the subject is the noun phrase before the first verb of the main
  // clause (an opening "On Tuesday," or "After the meeting," is skipped); the verb is that verb,
  // or — when it reports speech — the first verb of what it reports.
  let start = 0;
  if (words.length && (words[0]!.pos === 'ADP' || words[0]!.pos === 'SCONJ')) {
    const comma = tokens.findIndex((t) => t.text === ',');
    if (comma > 0 && comma < tokens.length - 4) start = comma + 1;
  }
  let head: string | null = null;
  let headAt = -1;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'PRON') {
      head = t.pos === 'PROPN' ? t.lower : t.lemma;
      headAt = i;
    }
    if (t.pos === 'VERB') {
      out.subject = head;
      out.person = personAt(tokens, headAt);
      if (REPORTING_VERBS.has(t.lemma)) {
        out.reported = true;
        const next = tokens.slice(i + 1).find((x) => x.pos === 'VERB' && !REPORTING_VERBS.has(x.lemma));
        out.verb = next?.lemma ?? t.lemma;
      } else out.verb = t.lemma;
      break;
    }
  }
  out.pronounSpeaker = words.some((t, i) => speaksAsPronoun(words, i));
  // "…, he said." or "According to him, …": who spoke is in another sentence.
  if (out.pronounSpeaker) out.leans = true;
  // "…, Zelensky said." — the reporting verb comes last.
  if (!out.reported) out.reported = tokens.some((t) => t.pos === 'VERB' && REPORTING_VERBS.has(t.lemma));
  // "The minister and the press service reported." — the tail of a sentence cut in two: who said, not what.
  const verbs = words.filter((t) => t.pos === 'VERB');
  // "The prime minister wrote on X." — the same, with only where or when it was said after the verb.
  if (verbs.length === 1 && REPORTING_VERBS.has(verbs[0]!.lemma) && saysNothingAfter(words, words.indexOf(verbs[0]!))) out.leans = true;
  return out;
}

/** "He said", "…, she told", "according to him": a pronoun for the person who spoke. */
function speaksAsPronoun(words: readonly Token[], i: number): boolean {
  const w = words[i]!;
  const next = words[i + 1];
  if ((w.lower === 'he' || w.lower === 'she') && next?.pos === 'VERB' && REPORTING_VERBS.has(next.lemma)) return true;
  return (w.lower === 'him' || w.lower === 'her') && words[i - 1]?.lower === 'to' && words[i - 2]?.lower === 'according';
}

/** After the reporting verb at `at`, nothing or only a place or time it was said in ("on X", "in a statement on Tuesday"). */
function saysNothingAfter(words: readonly Token[], at: number): boolean {
  const rest = words.slice(at + 1);
  return rest.length === 0 || (rest[0]!.pos === 'ADP' && rest.length <= 5 && rest.every((t) => ['ADP', 'DET', 'NOUN', 'PROPN', 'ADJ', 'NUM'].includes(t.pos)));
}

/**
 * The surname of a person named in full at `at`: a run of at least two capitalised proper nouns
 * ending there ("President Volodymyr Zelensky"), not one behind "the" ("the White House").
 */
function personAt(tokens: readonly Token[], at: number): string | null {
  if (at < 1 || tokens[at]!.pos !== 'PROPN') return null;
  let from = at;
  while (from > 0 && tokens[from - 1]!.pos === 'PROPN') from--;
  const capitalised = (t: Token) => /^\p{Lu}/u.test(t.text);
  if (at - from < 1 || !capitalised(tokens[at]!) || !capitalised(tokens[at - 1]!)) return null;
  if (from > 0 && tokens[from - 1]!.lower === 'the') return null;
  return tokens[at]!.text.replace(/['’]s$/, '');
}

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, dozen: 12, hundred: 100, thousand: 1000 };

/** "1,000" → "1000", "2.5" → "2.5", "three" → "3"; null for what is not a count. */
function numberValue(word: string): string | null {
  const digits = word.replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(digits)) return digits;
  const n = NUMBER_WORDS[word];
  return n === undefined ? null : String(n);
}
