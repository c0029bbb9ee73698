/**
 * Turns an article's DOM into plain text that keeps its shape: one paragraph per block element,
 * paragraphs separated by a blank line, line breaks inside a paragraph kept as single newlines,
 * quotation marks left exactly as written (quote extraction downstream depends on them).
 *
 * Example: `<p>He said: “We will not leave.”<br>Then he left.</p><ul><li>One</li><li>Two</li></ul>`
 * becomes `He said: “We will not leave.”\nThen he left.\n\nOne\n\nTwo`.
 */

/** Elements that start a new paragraph. */
const blockTags = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIR', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI',
  'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL',
]);

/** Elements whose content is never article text: captions count as boilerplate for a digest. */
const skippedTags = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'FIGCAPTION', 'BUTTON', 'SELECT', 'TEXTAREA', 'INPUT', 'SVG', 'CANVAS',
  'IFRAME', 'OBJECT', 'EMBED', 'AUDIO', 'VIDEO', 'HEAD', 'TITLE',
]);

/** Caption and photo-credit blocks, by class (`wp-caption-text`, `image-caption`, `photo-credit`). */
const captionClass = /(?:^|[\s_-])(caption|captions|credit|credits|figcaption)(?=$|[\s_-])/i;

/** The minimal node shape this module reads, met by any DOM implementation. */
export interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<TextNodeLike>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export function articleText(root: TextNodeLike): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  let line = '';

  const endLine = () => {
    const trimmed = line.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (trimmed !== '') lines.push(trimmed);
    line = '';
  };
  const endParagraph = () => {
    endLine();
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
    lines = [];
  };

  const walk = (node: TextNodeLike, inPre: boolean) => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      if (inPre) {
        const parts = value.split('\n');
        parts.forEach((part, index) => {
          if (index > 0) endLine();
          line += part;
        });
      } else {
        line += value.replace(/\s+/g, ' ');
      }
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toUpperCase();
    if (skippedTags.has(tag)) return;
    if (captionClass.test(node.getAttribute?.('class') ?? '')) return;
    if (tag === 'BR') {
      endLine();
      return;
    }
    const block = blockTags.has(tag);
    if (block) endParagraph();
    // Table cells on one row read as one line, separated so their words do not run together.
    if (tag === 'TD' || tag === 'TH') line += ' ';
    const children = node.childNodes;
    for (let index = 0; index < children.length; index++) walk(children[index]!, inPre || tag === 'PRE');
    if (block) endParagraph();
  };

  walk(root, false);
  endParagraph();
  return paragraphs.join('\n\n');
}
