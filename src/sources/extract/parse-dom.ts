import { parseHTML } from 'linkedom';

/**
 * Parses HTML into a linkedom Document for Readability.
 *
 * linkedom does not build the implied `<html>`/`<body>` elements of the HTML parsing algorithm:
 * for a fragment such as `<title>x</title><p>text` its `documentElement` is the first element
 * and `document.body` throws. Pages are therefore given the missing wrappers first.
 */
export type ParsedDocument = ReturnType<typeof parseHTML>['document'];

export function parseDocument(html: string): ParsedDocument {
  return parseHTML(withDocumentShell(html)).document;
}

export function withDocumentShell(html: string): string {
  const hasHtml = /<html[\s>]/i.test(html);
  const hasBody = /<body[\s>]/i.test(html);
  if (hasHtml && hasBody) return html;
  // Drop a doctype or stray `<html>` tags so the wrappers below are the only ones.
  const inner = html.replace(/<!doctype[^>]*>/i, '').replace(/<\/?html[^>]*>/gi, '');
  if (hasBody) return `<!doctype html><html>${inner}</html>`;
  const headEnd = inner.search(/<\/head\s*>/i);
  if (headEnd >= 0) {
    const closing = inner.slice(headEnd).match(/^<\/head\s*>/i)![0];
    return `<!doctype html><html>${inner.slice(0, headEnd + closing.length)}<body>${inner.slice(headEnd + closing.length)}</body></html>`;
  }
  return `<!doctype html><html><head></head><body>${inner}</body></html>`;
}
