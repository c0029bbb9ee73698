import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../src/analysis/quotes.ts';
import { splitParagraphs } from '../../src/analysis/text.ts';

const quotesOf = (text: string) => findQuotes(splitParagraphs(text));

describe('direct quotes', () => {
  it('finds quotes in straight and curly marks, verbatim and without the marks', () => {
    const q = quotesOf('“We are not there yet,” he said. Later she added: "The gaps are narrowing."');
    expect(q.map((x) => x.text)).toEqual(['We are not there yet', 'The gaps are narrowing.']);
  });

  it('keeps the two halves of a quote split around "he said" as two verbatim quotes', () => {
    const q = quotesOf('"We accepted the paper," he said. "Now it is up to them."');
    expect(q.map((x) => x.text)).toEqual(['We accepted the paper', 'Now it is up to them.']);
  });

  it('joins a quote that runs over two paragraphs into one quote with two verbatim segments', () => {
    const q = quotesOf('“We have shown flexibility on the lists.\n\n“What we will not do is sign,” she added.');
    expect(q).toHaveLength(1);
    expect(q[0]!.segments.map((s) => s.text)).toEqual(['We have shown flexibility on the lists.', 'What we will not do is sign']);
  });

  it('marks a quote inside a sentence as partial', () => {
    const q = quotesOf('Hamdan said the group wanted a “full withdrawal” of Israeli forces.');
    expect(q).toHaveLength(1);
    expect(q[0]!.text).toBe('full withdrawal');
    expect(q[0]!.partial).toBe(true);
  });

  it('keeps an editor\'s insertion in brackets as written', () => {
    const q = quotesOf('“I support the [ceasefire] option” to prevent escalation, the minister said.');
    expect(q[0]!.text).toBe('I support the [ceasefire] option');
  });

  it('ignores a one-word scare quote and a stray closing mark', () => {
    const q = quotesOf('He renewed calls for "Israel" to act, rather than talk of victory," the minister said.');
    expect(q).toEqual([]);
  });
});
