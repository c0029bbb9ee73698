import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packParagraphs, shorten, splitAtWords, splitQuote } from '../../src/render/split-text.ts';

describe('splitting text to fit a limit', () => {
  it('breaks between words and loses none', () => {
    const text = 'The Hamas delegation left Cairo on Sunday and is expected back on Tuesday';
    const pieces = splitAtWords(text, 20);
    expect(pieces.every((p) => p.length <= 20)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });

  it('marks a word longer than the limit with an ellipsis where it is cut', () => {
    const pieces = splitAtWords('x'.repeat(25), 10);
    expect(pieces[0]).toBe('xxxxxxxxx…');
    expect(pieces.every((p) => p.length <= 10)).toBe(true);
  });

  it('a split quote says it continues at both ends of every cut', () => {
    const pieces = splitQuote('We have moved forward on several of the open points and the gaps can be closed', 30);
    expect(pieces.length).toBeGreaterThan(1);
    pieces.forEach((piece, i) => {
      expect(piece.length).toBeLessThanOrEqual(30);
      if (i < pieces.length - 1) expect(piece.endsWith('…')).toBe(true);
      if (i > 0) expect(piece.startsWith('…')).toBe(true);
    });
  });

  it('shortens at a word boundary with an ellipsis', () => {
    expect(shorten('Blinken says Gaza truce negotiators to meet', 20)).toBe('Blinken says Gaza…');
    expect(shorten('short', 20)).toBe('short');
  });

  it('for any text, pieces fit the limit and keep every word in order', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,15}$/), { maxLength: 60 }), fc.integer({ min: 16, max: 80 }), (list, max) => {
        const text = list.join(' ');
        const pieces = splitAtWords(text, max);
        expect(pieces.every((p) => p.length <= max)).toBe(true);
        expect(pieces.join(' ').trim()).toBe(text.trim());
      }),
      { numRuns: 200 },
    );
  });

  it('packs paragraphs into as few chunks as fit', () => {
    expect(packParagraphs(['aaa', 'bbb', 'ccc'], 8, '\n')).toEqual(['aaa\nbbb', 'ccc']);
  });
});
