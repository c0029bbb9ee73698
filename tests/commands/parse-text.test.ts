import { describe, expect, it } from 'vitest';
import { parseParleyText, tokenize } from '../../src/commands/index.ts';

describe('reading /parley text', () => {
  it('keeps a quoted cron expression together, with straight or curly quotes', () => {
    expect(parseParleyText('schedule "0 9 * * *" Europe/Berlin')).toEqual({ name: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/Berlin' });
    expect(parseParleyText('schedule “0 9 * * 1-5”')).toEqual({ name: 'schedule', cron: '0 9 * * 1-5', timeZone: null });
    expect(tokenize('a "b c" d')).toEqual(['a', 'b c', 'd']);
  });

  it('accepts an unquoted cron expression followed by a time zone', () => {
    expect(parseParleyText('schedule 30 7 * * mon-fri America/New_York')).toEqual({ name: 'schedule', cron: '30 7 * * mon-fri', timeZone: 'America/New_York' });
    expect(parseParleyText('schedule 0 9 * * mon')).toEqual({ name: 'schedule', cron: '0 9 * * mon', timeZone: null });
  });

  it('reads every subcommand', () => {
    expect(parseParleyText('subscribe')).toEqual({ name: 'subscribe', topic: null });
    expect(parseParleyText('subscribe gaza-ceasefire-talks')).toEqual({ name: 'subscribe', topic: 'gaza-ceasefire-talks' });
    for (const name of ['unsubscribe', 'pause', 'resume', 'now', 'status'] as const) expect(parseParleyText(name)).toEqual({ name });
    expect(parseParleyText('sources add https://example.org/rss.xml')).toEqual({ name: 'sources-add', url: 'https://example.org/rss.xml' });
    expect(parseParleyText('sources remove 3')).toEqual({ name: 'sources-remove', id: '3' });
    expect(parseParleyText('sources')).toEqual({ name: 'sources-list' });
    expect(parseParleyText('')).toEqual({ name: 'help' });
  });

  it('answers anything it does not understand with help and the reason', () => {
    expect(parseParleyText('frobnicate')).toEqual({ name: 'help', problem: 'Unknown subcommand “frobnicate”.' });
    expect(parseParleyText('pause now please')).toMatchObject({ name: 'help', problem: expect.stringContaining('takes no options') });
    expect(parseParleyText('sources delete 3')).toMatchObject({ name: 'help', problem: expect.stringContaining('Unknown sources action') });
  });
});
