import { parseHTML } from 'linkedom';

/** What an `.html` article file yields: the same fields the full-text extractor returns. */
export interface HtmlArticle {
  title: string | null;
  publishedAt: string | null;
  language: string | null;
  siteName: string | null;
  /** Paragraphs separated by blank lines. */
  text: string;
}

const blockTags = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4',
  'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const droppedTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'HEAD', 'BUTTON', 'FORM']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}

/**
 * A plain reading of a saved page: one paragraph per block element, scripts and styles dropped.
 * It does not tell the article from the page around it; page junk lines are removed afterwards.
 */
export function htmlToArticle(html: string): HtmlArticle {
  const { document } = parseHTML(html);
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    if (droppedTags.has(node.nodeName.toUpperCase())) return;
    const block = blockTags.has(node.nodeName.toUpperCase());
    if (block) flush();
    if (node.nodeName.toUpperCase() === 'BR') current += ' ';
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk((document.body ?? document.documentElement) as unknown as DomNode);
  flush();

  const published = meta('meta[property="article:published_time"]') ?? document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null;
  return {
    title: meta('meta[property="og:title"]') ?? (document.querySelector('title')?.textContent?.trim() || null),
    publishedAt: published && !Number.isNaN(Date.parse(published)) ? new Date(published).toISOString() : null,
    language: document.documentElement?.getAttribute('lang')?.trim() || null,
    siteName: meta('meta[property="og:site_name"]'),
    text: paragraphs.join('\n\n'),
  };
}
