import type { Paragraph } from './text.ts';

/**
 * Direct quotes: spans between double quote marks, straight or curly, found paragraph by paragraph.
 *
 * A straight mark opens when it follows a space, a bracket or the start of the paragraph and is
 * followed by text; otherwise it closes. A quote left open at the end of a paragraph continues when
 * the next paragraph starts with an opening mark (the newspaper convention for a quote running over
 * several paragraphs), so `“First part.` / `“Second part,” he said.` is one quote with two segments.
 * Marks that do not pair (a stray closing mark) are ignored.
 */

export interface QuoteSegment {
  paragraph: number;
  /** Offsets of the quoted text (inside the marks) in the paragraph text. */
  start: number;
  end: number;
  text: string;
}

export interface QuoteSpan {
  segments: QuoteSegment[];
  /** The segments joined by a space. Each segment is verbatim; the join is only whitespace. */
  text: string;
  /** Opens in the middle of a sentence ("… and a “full withdrawal” of forces"). */
  partial: boolean;
}

type Mark = { pos: number; kind: 'open' | 'close' };

function marksOf(text: string): Mark[] {
  const marks: Mark[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\u201c' || c === '\u201e') marks.push({ pos: i, kind: 'open' });
    else if (c === '\u201d') marks.push({ pos: i, kind: 'close' });
    else if (c === '"') {
      const prev = i === 0 ? ' ' : text[i - 1]!;
      const next = i + 1 < text.length ? text[i + 1]! : ' ';
      const opens = /[\s([{\u2014\u2013:—-]/.test(prev) && /\S/.test(next);
      marks.push({ pos: i, kind: opens ? 'open' : 'close' });
    }
  }
  return marks;
}

const MIN_WORDS = 2;

function trimQuoted(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1]!)) end--;
  return { start, end };
}

function isPartial(paragraph: string, open: number): boolean {
  const before = paragraph.slice(0, open).trimEnd();
  if (before === '') return false;
  // After a colon or a comma ("he said, “…”") a quote is a full statement; after a word it is part of a sentence.
  if (/[:,]$/.test(before) || /[.!?…]["”’)\]]*$/.test(before) || /[\]]$/.test(before)) return false;
  return true;
}

export function findQuotes(paragraphs: readonly Paragraph[]): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let pending: QuoteSpan | null = null;

  const emit = (q: QuoteSpan) => {
    q.text = q.segments.map((s) => s.text).join(' ');
    if (q.text.split(/\s+/).length >= MIN_WORDS) quotes.push(q);
  };

  for (const p of paragraphs) {
    const text = p.text;
    const marks = marksOf(text);
    let openAt: number | null = null;
    let continuing: QuoteSpan | null = null;
    if (pending) {
      // The open quote of the previous paragraph continues only if this one opens with a mark.
      if (marks[0]?.kind === 'open' && marks[0].pos === 0) {
        continuing = pending;
        openAt = 0;
        marks.shift();
      } else {
        emit(pending);
      }
      pending = null;
    }
    for (const m of marks) {
      if (m.kind === 'open') {
        if (openAt !== null && text[m.pos] === '"') {
          // A straight mark while a quote is open closes it, whatever the spacing says.
          closeAt(m.pos);
          continue;
        }
        if (openAt === null) openAt = m.pos;
        continue;
      }
      if (openAt !== null) closeAt(m.pos);
    }
    if (openAt !== null) {
      const { start, end } = trimQuoted(text, openAt + 1, text.length);
      if (end > start) {
        const seg = { paragraph: p.index, start, end, text: text.slice(start, end) };
        const q: QuoteSpan = continuing ?? { segments: [], text: '', partial: isPartial(text, openAt) };
        q.segments.push(seg);
        pending = q;
      }
    } else if (continuing) {
      emit(continuing);
    }

    function closeAt(pos: number) {
      const { start, end } = trimQuoted(text, openAt! + 1, pos);
      if (end > start) {
        const seg = { paragraph: p.index, start, end, text: text.slice(start, end) };
        if (continuing) {
          continuing.segments.push(seg);
          emit(continuing);
          continuing = null;
        } else {
          emit({ segments: [seg], text: '', partial: isPartial(text, openAt!) });
        }
      }
      openAt = null;
    }
  }
  if (pending) emit(pending);
  return quotes;
}
