import { escapeRegExp } from '../regexp.ts';

/**
 * Page junk removal for article text copied from web pages: share prompts, comment prompts,
 * "Read more: <other headline>" teasers, "Related Article" blocks, "Source link" footers, and the
 * site or section name that pages append to their titles. The rules describe kinds of lines, not
 * particular articles, so they hold for text they have never seen.
 */

/** Whole lines that are navigation or prompts, never article text. */
const junkLines: RegExp[] = [
  /^source( link)?$/i,
  /^(leave|post|add|write) a (comment|reply)$/i,
  /^(\d+\s+)?comments?$/i,
  /^(view|show|load|hide) comments$/i,
  /^related( articles?| posts?| stories| content| news| coverage| reading| topics)?$/i,
  /^(you may|you might) (also )?like$/i,
  /^(recommended|more stories|more from [\p{L} ]+|most read|trending( now)?|editor'?s picks)$/iu,
  /^(share|share this( article| story)?|share on \w+|tweet|print|email|copy link|whatsapp|facebook|twitter|linkedin|telegram)$/i,
  /^(advertisement|sponsored( content)?|ad)$/i,
  /^(continue reading|click here to read more|read the full (story|article))\.?$/i,
  /^(skip to (main )?content|back to top|scroll to top)$/i,
];

/** Teasers for other articles: "Read more: Netanyahu's add-ons hamper final deal". */
const teaserPrefix = /^(read more|read also|also read|see also|related( article| story| stories)?|recommended|more on this( story)?|must read|watch|listen)\s*[:：|»>–—-]\s*\S/i;

/** Teaser lines are headlines: short. A long paragraph that happens to start with "Watch:" is kept. */
const maxTeaserLength = 200;

/** Trailing characters a junk line may end with ("Read more…", "Comments:"). */
const trailing = /[\s.:…]/;

export function isPageJunk(line: string): boolean {
  // Cut from the end one character at a time: a regex anchored at the end would be tried from
  // every space of a long paragraph. All these characters are single UTF-16 code units.
  const trimmed = line.trim();
  let end = trimmed.length;
  while (end > 0 && trailing.test(trimmed[end - 1]!)) end -= 1;
  const text = trimmed.slice(0, end);
  if (text === '') return false;
  if (junkLines.some((pattern) => pattern.test(text))) return true;
  return text.length <= maxTeaserLength && teaserPrefix.test(text);
}

/** Separators pages put between a headline and the site or section name. */
const titleSeparator = /\s+[|•·»«]\s+/u;

/**
 * "Hamas delegation leaves Cairo | Israel's war in Gaza News" → "Hamas delegation leaves Cairo".
 * Keeps the first segment when it reads as a headline (sites put their name last), otherwise the
 * longest ("Site | Headline"). A trailing " - <outlet>" is dropped when the outlet is known.
 */
export function cleanTitle(title: string, outlet?: string | null): string {
  let cleaned = normaliseSpaces(title).trim();
  const segments = cleaned.split(titleSeparator).filter((segment) => segment.trim() !== '');
  if (segments.length > 1) {
    const first = segments[0]!;
    cleaned = wordCount(first) >= 4 ? first : segments.reduce((a, b) => (b.length > a.length ? b : a));
  }
  if (outlet) {
    const suffix = new RegExp(`\\s+[-–—:]\\s+${escapeRegExp(outlet.trim())}$`, 'i');
    cleaned = cleaned.replace(suffix, '');
  }
  // Headlines carry no full stop; a standfirst used as a title sometimes does.
  return cleaned.trim().replace(/(?<!\.)\.$/, '');
}

/**
 * Collapses runs of spaces, tabs and no-break spaces, and drops zero-width characters. A single
 * space, by far the most common run, is left as it is rather than replaced by itself.
 */
function normaliseSpaces(text: string): string {
  return text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]{2,}|[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
}

/**
 * Splits text into paragraphs. Text that separates paragraphs with blank lines may wrap lines
 * inside a paragraph, so those lines are joined; text with no blank lines at all (one paragraph per
 * line, as copied from many pages) keeps each line as its own paragraph.
 */
export function toParagraphs(text: string): string[] {
  // Spaces are normalised over the whole text at once: no run of them crosses a line break.
  const lines = normaliseSpaces(text.replace(/\r\n?/g, '\n')).split('\n').map((line) => line.trim());
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line === '') {
      if (blocks.at(-1)!.length > 0) blocks.push([]);
    } else {
      blocks.at(-1)!.push(line);
    }
  }
  const filled = blocks.filter((block) => block.length > 0);
  if (filled.length <= 1) return filled.flat();
  return filled.flatMap(joinWrappedLines);
}

const listItem = /^([-*+•]|\d+[.)])\s/;

/**
 * Joins the lines of one blank-line-separated block, keeping list items apart, and a heading
 * apart from the paragraph under it: a first line much shorter than the next one that does not
 * stop mid-clause ("Talks resume in Cairo" above a wrapped paragraph).
 */
function joinWrappedLines(block: string[]): string[] {
  const paragraphs: string[] = [];
  let linesInParagraph = 0;
  for (const line of block) {
    const previous = paragraphs.at(-1);
    const heading = previous !== undefined && linesInParagraph === 1 && previous.length < 0.6 * line.length && !/[,;\-–—]$/.test(previous);
    if (previous === undefined || heading || listItem.test(line) || listItem.test(previous)) {
      paragraphs.push(line);
      linesInParagraph = 1;
    } else {
      paragraphs[paragraphs.length - 1] = `${previous} ${line}`;
      linesInParagraph += 1;
    }
  }
  return paragraphs;
}

/** The paragraphs that are not page junk. */
export function dropPageJunk(paragraphs: readonly string[]): string[] {
  return paragraphs.filter((paragraph) => !isPageJunk(paragraph));
}

/** Longest title a first line may be; longer lines are body text. */
const maxTitleLength = 160;

/**
 * Whether the first paragraph of a plain-text article is its title: short, at most one sentence,
 * and followed by more text. A first line such as "A high-ranking Qatari official has called on …
 * This comes amid …" (several sentences, 300 characters) is body text, not a title.
 */
export function looksLikeTitle(first: string, rest: readonly string[]): boolean {
  if (rest.length === 0) return false;
  if (first.length > maxTitleLength || wordCount(first) < 2) return false;
  // A sentence boundary inside the line (". A", "? The") means it is prose.
  if (/[.!?]["'”’)]?\s+["'“‘(]?\p{Lu}/u.test(first)) return false;
  return !listItem.test(first);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
}
