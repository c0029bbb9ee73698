import { describe, expect, it } from 'vitest';
import { nextRun, nextRuns } from '../../src/scheduler/next-runs.ts';

const local = (date: Date, zone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(date);

describe('next scheduled runs', () => {
  it('lists the next runs of a weekday schedule in its own time zone', () => {
    const runs = nextRuns('0 8 * * MON-FRI', 'Asia/Kolkata', 3, new Date('2026-11-20T12:00:00Z'));
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-23T02:30:00.000Z', '2026-11-24T02:30:00.000Z', '2026-11-25T02:30:00.000Z']);
  });

  it('counts strictly after the given instant', () => {
    expect(nextRun('0 8 * * *', 'UTC', new Date('2026-03-01T08:00:00Z'))?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(nextRun('0 8 * * *', 'UTC', new Date('2026-03-01T07:59:59.999Z'))?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('runs a daily time that falls in the spring-forward gap once, right after the clocks change', () => {
    const runs = nextRuns('30 2 * * *', 'Europe/Berlin', 3, new Date('2026-03-28T12:00:00Z'));
    expect(runs.map((d) => local(d, 'Europe/Berlin'))).toEqual(['2026-03-29 03:00:00', '2026-03-30 02:30:00', '2026-03-31 02:30:00']);
  });

  it('runs a daily time of the repeated fall-back hour once, at its first occurrence', () => {
    const runs = nextRuns('30 1 * * *', 'America/New_York', 3, new Date('2026-10-31T12:00:00Z'));
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z', '2026-11-03T06:30:00.000Z']);
  });

  it('keeps one run a day across both DST changes of a year, at the same local time whenever it exists', () => {
    for (const [zone, expr] of [
      ['Europe/London', '30 1 * * *'],
      ['America/New_York', '30 2 * * *'],
      ['Australia/Sydney', '30 2 * * *'],
      ['Europe/Berlin', '0 3 * * *'],
    ] as const) {
      const runs = nextRuns(expr, zone, 365, new Date('2026-01-01T00:00:00Z'));
      const days = runs.map((d) => local(d, zone).slice(0, 10));
      expect(new Set(days).size).toBe(365);
      const [minute, hour] = expr.split(' ').map(Number) as [number, number];
      const scheduled = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
      // Every run is at the scheduled time, except on the day that time does not exist.
      expect(runs.map((d) => local(d, zone).slice(11)).filter((t) => t !== scheduled).length).toBeLessThanOrEqual(1);
    }
  });

  it('collapses several times inside one gap into a single run', () => {
    const runs = nextRuns('*/20 2 * * *', 'America/New_York', 4, new Date('2026-03-07T12:00:00Z'));
    expect(runs.map((d) => local(d, 'America/New_York'))).toEqual([
      '2026-03-08 03:00:00',
      '2026-03-09 02:00:00',
      '2026-03-09 02:20:00',
      '2026-03-09 02:40:00',
    ]);
  });

  it('understands the last day of the month and six-field (seconds) expressions', () => {
    expect(nextRuns('0 0 L * *', 'UTC', 2, new Date('2026-02-01T00:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    expect(nextRun('*/10 * * * * *', 'UTC', new Date('2026-02-01T23:59:55Z'))?.toISOString()).toBe('2026-02-02T00:00:00.000Z');
  });
});
