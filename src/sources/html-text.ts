import { decodeHTML } from 'entities';

/**
 * HTML from feeds (item content, summaries, titles) reduced to plain text that is safe to store
 * and quote: no tags, no script or style content, no attribute values (so no `javascript:` link
 * ever surfaces), character references decoded, paragraphs separated by a blank line.
 *
 * It is a single linear scan rather than a DOM: feed content is hostile input, and a DOM builder
 * spends seconds and hundreds of megabytes on a few megabytes of deeply nested tags, while the
 * scan costs the same per byte whatever the nesting. It follows the HTML tokenizer where it
 * matters for safety: quoted attribute values may contain `>`, an unterminated tag swallows the
 * rest of the input, and raw-text elements such as `<script>` end only at their own end tag.
 */
export function htmlToText(html: string): string {
  // Markup that was escaped twice comes out of the first pass as text that looks like markup
  // (`&lt;script&gt;` → `<script>`); it is junk to a reader, so it is scanned again as HTML,
  // this time without decoding, which is what keeps the result from ever holding a tag.
  const once = scan(html, true);
  const text = once.includes('<') ? scan(once, false) : once;
  return tidy(text);
}

/** The same, on one line: for titles, outlet names and authors. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}

/**
 * Elements whose content is code or metadata, skipped with their content. Other elements that
 * browsers do not parse (iframe, noembed, xmp…) are read as markup instead: what is inside them is
 * fallback text at worst, and scanning it as markup removes any tags it holds.
 */
const rawText = new Set(['script', 'style', 'title', 'textarea']);
/** Elements with parsed content that is still not prose (vector art, formulas, templates, form widgets). */
const skippedSubtree = new Set(['svg', 'math', 'template', 'select', 'head']);
const paragraphBreak = new Set([
  'p', 'div', 'ul', 'ol', 'dl', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'section', 'article',
  'header', 'footer', 'aside', 'nav', 'figure', 'figcaption', 'hr', 'address', 'main', 'details', 'summary', 'form', 'fieldset', 'body', 'html',
]);
const lineBreak = new Set(['br', 'li', 'dt', 'dd', 'tr', 'caption']);
const cellBreak = new Set(['td', 'th']);

function scan(html: string, decode: boolean): string {
  const out: string[] = [];
  const length = html.length;
  let skipping: { name: string; depth: number } | null = null;
  let i = 0;
  while (i < length) {
    const open = html.indexOf('<', i);
    const textEnd = open === -1 ? length : open;
    if (textEnd > i && !skipping) out.push(decode ? decodeHTML(html.slice(i, textEnd)) : html.slice(i, textEnd));
    if (open === -1) break;
    i = open;

    const next = html.charCodeAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? length : end + 3;
      continue;
    }
    const closing = next === 0x2f; /* / */
    const nameStart = closing ? i + 2 : i + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || closing) {
        // Declarations, processing instructions and bogus end tags end at the next `>`.
        const end = html.indexOf('>', i + 2);
        i = end === -1 ? length : end + 1;
      } else {
        // A `<` that starts no tag ("a < b") is text.
        if (!skipping) out.push('<');
        i += 1;
      }
      continue;
    }

    let nameEnd = nameStart;
    while (nameEnd < length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tagEnd = endOfTag(html, nameEnd);
    if (tagEnd === -1) break; // an unterminated tag swallows the rest, as in a browser
    i = tagEnd + 1;

    if (skipping) {
      if (name === skipping.name) skipping.depth += closing ? -1 : 1;
      if (skipping.depth === 0) skipping = null;
      continue;
    }
    if (!closing && rawText.has(name)) {
      const end = indexOfIgnoreCase(html, `</${name}`, i);
      if (end === -1) break;
      const close = html.indexOf('>', end);
      i = close === -1 ? length : close + 1;
      continue;
    }
    if (!closing && name === 'plaintext') break;
    if (!closing && skippedSubtree.has(name)) {
      if (html.charCodeAt(tagEnd - 1) !== 0x2f /* self-closing <svg/> */) skipping = { name, depth: 1 };
      continue;
    }
    if (paragraphBreak.has(name)) out.push('\n\n');
    else if (lineBreak.has(name) && !closing) out.push('\n');
    else if (cellBreak.has(name)) out.push(' ');
  }
  return out.join('');
}

/** Index of the `>` that ends a tag whose name ends at `from`, skipping quoted attribute values; -1 if none. */
function endOfTag(html: string, from: number): number {
  let afterEquals = false;
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (c === 0x3e /* > */) return j;
    if (afterEquals && (c === 0x22 || c === 0x27) /* " ' */) {
      const close = html.indexOf(c === 0x22 ? '"' : "'", j + 1);
      if (close === -1) return -1;
      j = close;
      afterEquals = false;
    } else if (c === 0x3d /* = */) afterEquals = true;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) afterEquals = false;
  }
  return -1;
}

function indexOfIgnoreCase(html: string, needle: string, from: number): number {
  const pattern = new RegExp(needle.replace(/[/]/g, '\\/'), 'ig');
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? -1;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}

// Controls other than tab and newline, and bidirectional overrides that can make text read
// differently from what it is.
const invisible = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Script URLs are never prose: a bare one left in text (from a feed that wrote it out) is dropped.
const scriptUrl = /\b(?:java|vb|live)[\s\u0000-\u001f]*script[\s\u0000-\u001f]*:[^\s]*/gi;

function tidy(text: string): string {
  return text
    .replace(invisible, '')
    .replace(/\r\n?/g, '\n')
    .replace(scriptUrl, '')
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
