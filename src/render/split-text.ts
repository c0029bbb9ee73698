/**
 * Splitting text to fit platform limits without losing any of it. Pieces break at whitespace; a
 * single word longer than the limit is cut and the cut is marked with an ellipsis, so a reader can
 * always tell that text continues.
 */

export const ELLIPSIS = '…';

/** Splits `text` into pieces of at most `max` characters, breaking between words. */
export function splitAtWords(text: string, max: number): string[] {
  if (max < 2) throw new RangeError(`split limit ${max} is too small`);
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const breakAt = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
    if (breakAt > 0) {
      pieces.push(rest.slice(0, breakAt).trimEnd());
      rest = rest.slice(breakAt + 1).trimStart();
    } else {
      // One word longer than the limit: cut it and say so.
      pieces.push(rest.slice(0, max - 1) + ELLIPSIS);
      rest = rest.slice(max - 1);
    }
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/**
 * Splits a quote into pieces of at most `max` characters; every piece but the last ends with "…"
 * and every piece but the first starts with "…", so no piece looks like the whole quote.
 */
export function splitQuote(text: string, max: number): string[] {
  const trimmed = text.trim();
  if (trimmed.length <= max) return [trimmed];
  return splitAtWords(trimmed, max - 2).map((piece, index, all) => {
    const head = index > 0 ? ELLIPSIS : '';
    const tail = index < all.length - 1 && !piece.endsWith(ELLIPSIS) ? ELLIPSIS : '';
    return head + piece + tail;
  });
}

/** Shortens `text` to at most `max` characters at a word boundary, ending with "…" when shortened. */
export function shorten(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const first = splitAtWords(trimmed, max - 1)[0] ?? '';
  return (first.endsWith(ELLIPSIS) ? first : first + ELLIPSIS).slice(0, max);
}

/**
 * Packs paragraphs into as few chunks as possible, each at most `max` characters, joined by
 * `separator`. A paragraph longer than `max` must be split by the caller first.
 */
export function packParagraphs(paragraphs: readonly string[], max: number, separator = '\n\n'): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const paragraph of paragraphs) {
    if (paragraph.length > max) throw new RangeError(`paragraph of ${paragraph.length} characters exceeds ${max}`);
    const joined = current === '' ? paragraph : current + separator + paragraph;
    if (joined.length <= max) {
      current = joined;
    } else {
      chunks.push(current);
      current = paragraph;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
