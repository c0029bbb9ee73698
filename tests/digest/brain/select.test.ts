import { describe, expect, it } from 'vitest';
import { selectWithin, type Choice } from '../../../src/digest/brain/select.ts';

function choice(terms: Record<string, number>, salience: number, words: number, actor: string | null = null, verb: string | null = null, leans = false, stories: number[] = []): Choice {
  return { terms: new Map(Object.entries(terms)), salience, words, actor, verb, leans, background: false, stories };
}

describe('choosing developments within a words budget', () => {
  it('takes the most salient that fit, and leaves out one that says what a chosen one says', () => {
    const picked = selectWithin(
      [
        choice({ port: 1, strike: 1, end: 1, raise: 1 }, 9, 20, 'union', 'end'),
        choice({ port: 1, strike: 1, end: 1, raise: 1, monday: 0.3 }, 8, 18, 'worker', 'end'),
        choice({ ferry: 1, cancel: 1, island: 1 }, 5, 15, 'operator', 'cancel'),
        choice({ mayor: 1, visit: 1, depot: 1 }, 4, 40, 'mayor', 'visit'),
      ],
      50,
      6,
    );
    expect(picked.picked).toEqual([0, 2]);
  });

  it('counts an actor already shown for half, and never tells a leaning sentence', () => {
    const picked = selectWithin(
      [
        choice({ union: 1, reject: 1, offer: 1 }, 9, 10, 'union', 'reject'),
        choice({ union: 1, warn: 1, walkout: 1 }, 6, 10, 'union', 'warn'),
        choice({ ministry: 1, mediator: 1, appoint: 1 }, 4, 10, 'ministry', 'appoint'),
        choice({ talks: 1, resume: 1 }, 20, 10, 'he', 'resume', true),
      ],
      20,
      6,
    );
    expect(picked.picked).toEqual([0, 2]);
  });

  it('prefers a development from a story no update draws on yet', () => {
    const picked = selectWithin(
      [
        choice({ union: 1, reject: 1, offer: 1 }, 9, 10, 'union', 'reject', false, [1]),
        choice({ depot: 1, closed: 1, north: 1 }, 6, 10, 'police', 'close', false, [1]),
        choice({ ferry: 1, cancel: 1, island: 1 }, 5, 10, 'operator', 'cancel', false, [2]),
      ],
      20,
      6,
    );
    expect(picked.picked).toEqual([0, 2]);
  });

  it('adds to those already chosen with the words left, never one that repeats them', () => {
    const candidates = [
      choice({ union: 1, reject: 1, offer: 1 }, 9, 10, 'union', 'reject'),
      choice({ union: 1, reject: 1, offer: 1, friday: 0.5 }, 8, 5, 'workers', 'reject'),
      choice({ ferry: 1, cancel: 1, island: 1 }, 5, 8, 'operator', 'cancel'),
      choice({ mayor: 1, visit: 1, depot: 1 }, 4, 12, 'mayor', 'visit'),
    ];
    expect(selectWithin(candidates, 10, 6, [0]).picked).toEqual([0, 2]);
    expect(selectWithin(candidates, 10, 1, [0]).picked).toEqual([0]);
  });

  it('stops at the limit of updates', () => {
    const many = Array.from({ length: 8 }, (_, i) => choice({ [`event${i}`]: 1 }, 10 - i, 5, `actor${i}`, 'act'));
    expect(selectWithin(many, 1000, 3).picked).toEqual([0, 1, 2]);
  });
});
