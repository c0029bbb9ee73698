import { describe, expect, it } from 'vitest';
import { resolveDate } from '../../src/analysis/event-date.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const published = day('2024-09-04');

describe('resolving a date against publication', () => {
  it('reads a month and day either way round, with or without a year', () => {
    expect(resolveDate('march 23', published)).toBe(day('2024-03-23'));
    expect(resolveDate('23 march', published)).toBe(day('2024-03-23'));
    expect(resolveDate('sept. 12', published)).toBe(day('2024-09-12'));
    expect(resolveDate('february 24, 2022', published)).toBe(day('2022-02-24'));
  });

  it('takes a day far after publication for last year’s, and a day soon after for an announced one', () => {
    expect(resolveDate('oct. 7', published)).toBe(day('2023-10-07'));
    expect(resolveDate('september 20', published)).toBe(day('2024-09-20'));
  });

  it('leaves weekdays, counts and words that are no dates', () => {
    expect(resolveDate('tuesday', published)).toBeNull();
    expect(resolveDate('the 28 days', published)).toBeNull();
    expect(resolveDate('may', published)).toBeNull();
  });
});
