/**
 * Paragraphs and sentences of an article body, with the page junk that survives cleanup
 * ("Source link", "Leave a Comment", "Read more: …") dropped, so nothing downstream quotes it.
 */

export interface Sentence {
  /** Index of the paragraph the sentence is in. */
  paragraph: number;
  /** Index of the sentence in the article. */
  index: number;
  text: string;
}

export interface Paragraph {
  index: number;
  text: string;
}

const JUNK_LINE =
  /^(source link|leave a (comment|reply)|related( articles?| stories| content)?|read more\b.*|see also\b.*|advertisement|share( this)?( article| story)?|sign up\b.*|subscribe\b.*|click here\b.*|follow us\b.*|recommended( stories)?|most read\b.*|you may also like\b.*|comments?|print|email|continue reading)\s*:?\s*$/i;

/** True for a line that is page furniture rather than article text. */
export function isJunkLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return true;
  if (JUNK_LINE.test(trimmed)) return true;
  // "Read more: Hamas sees no solid ground …" — a link to another story, not this one's text.
  if (/^(read more|read also|also read|related article|related|see also|watch|listen)\s*:/i.test(trimmed)) return true;
  return false;
}

/** Paragraphs: blank lines separate them; a single newline does too when each line is a full block of text. */
export function splitParagraphs(text: string): Paragraph[] {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n|\n/)
    .map((b) => b.replace(/\s+/g, ' ').trim())
    .filter((b) => b !== '' && !isJunkLine(b));
  return blocks.map((text, index) => ({ index, text }));
}

// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'capt', 'sgt', 'sen', 'rep', 'gov', 'st', 'jr', 'sr', 'no', 'vs', 'etc',
  'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'inc', 'ltd', 'co', 'corp', 'maj', 'adm', 'rev', 'fig',
]);

/**
 * Splits a paragraph into sentences. A stop (. ! ?), optionally followed by closing quote marks or
 * brackets, ends a sentence when the next word starts with a capital letter, a digit or an opening
 * quote mark — unless the stop ends an abbreviation ("Mr.", "U.S.").
 */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  const re = /[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9\u00C0-\u024F])/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(paragraph))) {
    const end = match.index + match[0].trimEnd().length;
    // Only the last word matters, and no abbreviation is longer than this window: reading back from
    // the sentence's start instead made a run of "Mr. Mr. …" quadratic.
    const before = paragraph.slice(Math.max(start, match.index + 1 - 24), match.index + 1);
    const lastWord = /([A-Za-z.]+)\.$/.exec(before)?.[1] ?? '';
    if (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^([A-Z]\.)+[A-Z]?$/.test(lastWord) || /^[A-Z]$/.test(lastWord)) continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

export function splitArticle(text: string): { paragraphs: Paragraph[]; sentences: Sentence[] } {
  const paragraphs = splitParagraphs(text);
  const sentences: Sentence[] = [];
  for (const p of paragraphs) {
    for (const s of splitSentences(p.text)) sentences.push({ paragraph: p.index, index: sentences.length, text: s });
  }
  return { paragraphs, sentences };
}

/** Quote marks and whitespace normalised, for comparing texts that differ only in typography. */
export function normalizeTypography(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The lower-case words of a text: its runs of letters and digits. */
export function lowerWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const LEADING_CONNECTORS = /^(?:(?:meanwhile|additionally|however|in addition|moreover|furthermore|also|separately|in turn|for its part|on the other hand|in the meantime|at the same time|as well),\s+|(?:and|but|yet|so)\s+(?=\p{Lu}))/iu;

/**
 * Datelines and wire credits that open a story: "CAIRO (Reuters) -", "GAZA CITY, April 9 (AP) —",
 * "Tel Aviv, Israel (CNN) -", "Dubai [UAE]:", "JERUSALEM/CAIRO -", "July 9-", a credit between two
 * dashes ("ABOARD AIR FORCE ONE — (AP) —") and a credit alone ("(Bloomberg) --").
 */
const DATELINE =
  /^(?:[A-Z][\p{L}.'’-]*(?:[\s/][A-Z][\p{L}.'’-]*){0,4}(?:,\s*[A-Z][\p{L}.]+(?:\s+[A-Z][\p{L}.]+)?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:,\s*\d{4})?,?\s*(?:(?:[-–—]{1,2}\s*)?[[(][^\])]{1,30}[\])]\s*)?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*|[[(][^\])]{1,30}[\])]\s*)(?:--|[-–—:])\s*(?=["“]?\p{Lu})/u;

/** The sentence without its dateline ("DOHA (Reuters) - Qatar said …" → "Qatar said …"). */
export function withoutDateline(text: string): string {
  const m = DATELINE.exec(text);
  if (!m || m[0].length > 70) return text;
  // A dateline is a place in capitals, a wire credit in brackets, or a date; "Gaza: …" is a title.
  if (!/\b\p{Lu}{3,}\b|[[(]|^[A-Z][a-z]{2,8}\.?\s+\d/u.test(m[0])) return text;
  return text.slice(m[0].length);
}

/** A sentence made to stand alone: dateline and leading connectors ("But", "Meanwhile,") dropped, first letter capitalised. */
export function standAlone(sentence: string): string {
  let s = withoutDateline(sentence.trim()).replace(LEADING_CONNECTORS, '');
  s = s.replace(/\s+([,;:.])(?=\s|$)/g, '$1').replace(/\.\s*\.$/, '.');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Openings that lean on the sentence before: a pronoun, a demonstrative, a subordinate "That …". */
const DEPENDENT_OPENING = /^(?:he|she|it|they|his|her|its|their|this|these|those|that|which|who|such|both|the two|the latter|the former)\b/i;

/** True when a sentence cannot be understood without the one before it ("He said …", "That Burns flew … was reported"). */
export function leansOnContext(sentence: string): boolean {
  return DEPENDENT_OPENING.test(standAlone(sentence));
}

/** True when the quote marks of a text pair up. */
export function quotesBalanced(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  return straight % 2 === 0 && (text.match(/“/g) ?? []).length === (text.match(/”/g) ?? []).length;
}

/** True when a sentence opens inside a quote or leaves one open: it is part of a quote, not a claim. */
export function insideQuote(text: string): boolean {
  if (/^["“‘]/.test(text)) return true;
  const opens = (text.match(/“/g) ?? []).length;
  const closes = (text.match(/”/g) ?? []).length;
  const straight = (text.match(/"/g) ?? []).length;
  if (opens !== closes || straight % 2 === 1) return true;
  // A closing mark before any opening one: the sentence started inside a quote.
  const firstClose = text.search(/”/);
  const firstOpen = text.search(/“/);
  return firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen);
}
