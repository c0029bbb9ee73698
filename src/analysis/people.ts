import type { Paragraph } from './text.ts';

/**
 * The people an article names, with the titles it gives them, so that later references — a
 * surname ("Gallant"), a role ("the security minister"), a pronoun — can be resolved to a full
 * name. Only what the article itself says is used: no outside knowledge of who holds which office.
 *
 * "Security Minister Yoav Gallant accused …" registers Yoav Gallant with the title "security minister";
 * "John Kirby, White House national security spokesman, told …" registers John Kirby with the
 * appositive as his title.
 */

export interface Person {
  name: string;
  /** Lower-case name tokens, for matching a surname or a shorter form. */
  tokens: string[];
  /** Lower-case title phrases seen with the name. */
  titles: string[];
  /** Positions (paragraph * 1e6 + offset) where the person is named, in text order. */
  mentions: number[];
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let word = m[0];
    // A sentence-final stop belongs to the sentence, not the word ("Doha." → "Doha"), but "U.S." keeps it.
    if (word.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(word)) word = word.replace(/\.+$/, '');
    out.push({ text: word, start: m.index, end: m.index + word.length });
  }
  return out;
}

const PARTICLE = /^(?:al|el|bin|ibn|bint|abu|abd|de|van|von|der|du|da|di|la|le|ben)(?:-[\p{Lu}][\p{L}'’-]*)?$/u;
export const isCapitalized = (word: string) => /^[\p{Lu}]/u.test(word);
export const isNameWord = (word: string) => (isCapitalized(word) && /\p{Ll}/u.test(word)) || PARTICLE.test(word);

/** Words that introduce a name as a title, office, organisation or nationality — never part of the name. */
const TITLE_WORDS = new Set(
  `prime minister ministers secretary state president vice director chief senior former foreign defense defence security spokesman
  spokesperson spokeswoman official leader head ambassador envoy sheikh mr mrs ms dr general gen king emir prince crown speaker chairman
  commander colonel lieutenant major admiral army deputy acting national adviser advisor member negotiator mediator correspondent reporter
  editor analyst professor governor mayor senator representative rep sen politburo bureau political military intelligence health finance
  justice interior affairs office white house cabinet council strategic war defence opposition top us u.s. usa un u.n. cia fbi idf eu
  israeli israel qatari qatar egyptian egypt palestinian american british french german saudi turkish iranian jordanian lebanese emirati
  russian ukrainian chinese hamas hezbollah fatah islamic jihad resistance movement authority ministry government media the lord sir
  pope rabbi imam archbishop mossad shin bet mr. dr. gen. pm reuters afp ap al-qahera`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that open a sentence in capitals and are never part of a name: "But Blinken said" names Blinken. */
const OPENING_WORDS = new Set(['but', 'and', 'yet', 'so', 'or', 'nor', 'when', 'while', 'as', 'after', 'before', 'if', 'then', 'meanwhile', 'however', 'although', 'though', 'because', 'since', 'still', 'also', 'now', 'later', 'earlier', 'separately']);

/** Last words that make a capitalised run an organisation or a place, not a person. */
const NON_PERSON_TAIL = new Set(
  `strip bank street council house news tv press agency ministry office authority nations states kingdom emirates forces brigades army
  police times post journal reuters jazeera route corridor crossing gate city square center centre hospital university school party
  front movement committee organization organisation union league company group network channel radio television media cabinet
  parliament knesset court department administration government israel gaza egypt qatar hamas hezbollah doha cairo rafah jerusalem
  beirut washington lebanon iran syria jordan turkey ramallah tel aviv khan younis philadelphi muslim ramadan october november december
  january february march april may june july august september monday tuesday wednesday thursday friday saturday sunday`
    .split(/\s+/)
    .filter(Boolean),
);

const position = (paragraph: number, offset: number) => paragraph * 1e6 + offset;

function normalizeToken(word: string): string {
  return word.toLowerCase().replace(/['’]s$/, '').replace(/\.$/, '');
}

const TITLE_LOWER = new Set(
  `the a an top senior leading former chief national security foreign defense defence prime minister official spokesman spokesperson
  spokeswoman diplomat envoy negotiator mediator officer leader president secretary adviser advisor member analyst correspondent reporter
  commander director head ambassador general state military army politburo bureau deputy acting of for and`
    .split(/\s+/)
    .filter(Boolean),
);

/** The title words right before a name ("Security Minister", "senior Hamas official"), at most seven. */
function titleBefore(text: string, start: number): string {
  const words = tokenize(text.slice(Math.max(0, start - 120), start));
  const base = Math.max(0, start - 120);
  const out: string[] = [];
  let boundary = start - base;
  for (let i = words.length - 1; i >= 0 && out.length < 9; i--) {
    const w = words[i]!;
    if (/[,;:.!?“”"()\[\]—]/.test(text.slice(base + w.end, base + boundary))) break;
    // "Prime Minister and Foreign Minister Omar Lavi": two titles of one person.
    const joinsTitles = w.text === 'and' && i > 0 && isCapitalized(words[i - 1]!.text) && out.length > 0;
    if (!(isCapitalized(w.text) || TITLE_LOWER.has(w.text.toLowerCase()) || /['’]s$/.test(w.text) || joinsTitles)) break;
    out.unshift(w.text.toLowerCase());
    boundary = w.start;
  }
  while (out.length && ['of', 'for', 'and', 'the', 'a', 'an'].includes(out[0]!)) out.shift();
  return out.join(' ');
}

/** "John Kirby, White House national security spokesman, told …": the appositive after a name. */
function appositiveAfter(text: string, end: number): string {
  const m = /^,\s+([^,.;“”"]{3,80}?),/.exec(text.slice(end, end + 100));
  if (!m) return '';
  const phrase = m[1]!.toLowerCase();
  return new RegExp(`${ROLE_HEAD.source}$`).test(phrase) && !/\b(said|told|added|responded|says|who|which)\b/.test(phrase) ? phrase : '';
}

const ROLE_HEAD =
  /\b(minister|secretary|president|director|chief|spokes(?:man|person|woman)|official|leader|head|ambassador|envoy|adviser|advisor|member|negotiator|mediator|correspondent|reporter|editor|analyst|commander|diplomat|premier|emir|king|prince)\b/;

export function findPeople(paragraphs: readonly Paragraph[]): Person[] {
  const people: Person[] = [];
  const add = (tokens: string[], title: string, at: number) => {
    const lower = tokens.map(normalizeToken);
    const suffixOf = (long: string[], short: string[]) =>
      short.length <= long.length && long.slice(long.length - short.length).every((t, i) => sameToken(t, short[i]!));
    // "Al Thani" after "Mohammed bin Abdulrahman Al Thani" is the same person, and so is the reverse order.
    let person = people.find((p) => suffixOf(p.tokens, lower));
    const shorter = person ? undefined : people.find((p) => suffixOf(lower, p.tokens));
    if (shorter) {
      shorter.name = tokens.join(' ').replace(/['’]s$/, '');
      shorter.tokens = lower;
      person = shorter;
    }
    if (!person) {
      person = { name: tokens.join(' ').replace(/['’]s$/, ''), tokens: lower, titles: [], mentions: [] };
      people.push(person);
    }
    if (title && !person.titles.includes(title)) person.titles.push(title);
    person.mentions.push(at);
  };

  for (const p of paragraphs) {
    const tokens = tokenize(p.text);
    let i = 0;
    while (i < tokens.length) {
      if (!isNameWord(tokens[i]!.text) && !/^[\p{Lu}][\p{Lu}.]+$/u.test(tokens[i]!.text)) {
        i++;
        continue;
      }
      // A run of capitalised words (and name particles) separated by spaces only.
      let j = i + 1;
      while (j < tokens.length && /^\s+$/.test(p.text.slice(tokens[j - 1]!.end, tokens[j]!.start)) && (isNameWord(tokens[j]!.text) || /^[\p{Lu}][\p{Lu}.]+$/u.test(tokens[j]!.text))) j++;
      let run = tokens.slice(i, j);
      i = j;
      // "Al Jazeera's Hamdah Salhut": everything up to a possessive names the employer.
      const possessive = run.findLastIndex((t) => /['’]s$/.test(t.text));
      if (possessive >= 0) run = run.slice(possessive + 1);
      let k = 0;
      while (k < run.length && (TITLE_WORDS.has(run[k]!.text.toLowerCase()) || OPENING_WORDS.has(run[k]!.text.toLowerCase()) || /^[\p{Lu}][\p{Lu}.]+$/u.test(run[k]!.text))) k++;
      const name = run.slice(k);
      if (name.length < 2) continue;
      if (!name.every((t) => isNameWord(t.text)) || !isCapitalized(name[0]!.text)) continue;
      const tail = normalizeToken(name[name.length - 1]!.text);
      if (NON_PERSON_TAIL.has(tail) || name.some((t) => NON_PERSON_TAIL.has(normalizeToken(t.text)) && isCapitalized(t.text) && t !== name[0])) continue;
      const first = name[0]!;
      const last = name[name.length - 1]!;
      const title = [titleBefore(p.text, first.start), appositiveAfter(p.text, last.end)].filter(Boolean).join(' ');
      add(
        name.map((t) => t.text),
        title,
        position(p.index, first.start),
      );
    }
  }
  return people;
}

/** Loose equality of name tokens: "Zuhri" and "Zuhriv" (a typo in the source) are the same name. */
function sameToken(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (s: string) => s.replace(/^(al|el)-/, '');
  const x = strip(a);
  const y = strip(b);
  if (x === y) return true;
  return x.length >= 4 && y.length >= 4 && (x.startsWith(y) || y.startsWith(x)) && Math.abs(x.length - y.length) <= 1;
}

/** The person a written name refers to: the full name, or a shorter form of one ("Netanyahu", "Al Thani"). */
export function matchPerson(people: readonly Person[], nameTokens: readonly string[], at: number): Person | null {
  const wanted = nameTokens.map(normalizeToken);
  const matches = people.filter((p) => {
    if (wanted.length > p.tokens.length) return false;
    const tail = p.tokens.slice(p.tokens.length - wanted.length);
    return tail.every((t, i) => sameToken(t, wanted[i]!));
  });
  return closest(matches, at);
}

/** Of several candidates, the one named most recently before `at` (or first named after it). */
export function closest(candidates: readonly Person[], at: number): Person | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  let best: Person | null = null;
  let bestAt = -1;
  for (const c of candidates) {
    const before = c.mentions.filter((m) => m <= at);
    const last = before.length ? before[before.length - 1]! : -1;
    if (last > bestAt) {
      best = c;
      bestAt = last;
    }
  }
  return best;
}

export { TITLE_WORDS, normalizeToken, position };
