import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../../src/config/index.ts';
import { formatDate, formatNumber } from '../../src/render/describe.ts';

describe('dates, numbers and zones as messages show them', () => {
  it('writes the UTC day of a timestamp, the month abbreviated', () => {
    expect(formatDate('2024-09-04T23:30:00Z')).toBe('4 Sept 2024');
    expect(formatDate('2024-09-04T23:30:00-02:00')).toBe('5 Sept 2024');
    expect(formatDate('2025-01-19')).toBe('19 Jan 2025');
  });

  it('leaves what is not a date as it was, and nothing as nothing', () => {
    expect(formatDate('last Tuesday')).toBe('last Tuesday');
    expect(formatDate(null)).toBeNull();
  });

  it('groups thousands and keeps at most two decimals', () => {
    expect(formatNumber(34683)).toBe('34,683');
    expect(formatNumber(2.345)).toBe('2.35');
  });

  it('knows canonical zone names and their aliases, and nothing else', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Gaza', 'US/Eastern', 'Etc/UTC']) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus', 'Europe', '']) expect(isTimeZone(zone)).toBe(false);
  });
});
