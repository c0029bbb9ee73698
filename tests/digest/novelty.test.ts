import { describe, expect, it } from 'vitest';
import { QuoteMemory, quoteKey } from '../../src/digest/novelty.ts';

describe('quotes a channel has had', () => {
  const memory = new QuoteMemory([quoteKey('We will not remove the army from the city, and we will not release thousands of prisoners.')]);

  it('include another outlet’s rendering of one of them, and one cut at another length', () => {
    expect(memory.has(quoteKey('We will not withdraw the army from the city, and we will not release thousands of prisoners. None of this will happen.'))).toBe(true);
    expect(memory.has(quoteKey('we will not release thousands of prisoners'))).toBe(true);
  });

  it('do not include a quote of the same speaker on something else', () => {
    expect(memory.has(quoteKey('None of this will happen. What will happen? Total victory!'))).toBe(false);
    expect(memory.has(quoteKey('The talks in the capital will resume on Sunday with new ideas.'))).toBe(false);
  });

  it('grow with every quote posted', () => {
    const posted = new QuoteMemory([]);
    posted.add(quoteKey('The ball is now in the other side’s court.'));
    expect(posted.has(quoteKey('the ball is now in the other side’s court'))).toBe(true);
  });
});
