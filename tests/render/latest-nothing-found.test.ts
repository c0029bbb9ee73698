import { describe, expect, it } from 'vitest';
import type { LatestAnswer } from '../../src/digest/index.ts';
import { renderDiscordLatest, renderLatestText, renderSlackLatest } from '../../src/render/index.ts';

const nothing: LatestAnswer = { query: 'football <transfer> window', asOf: '2024-05-12T08:00:00Z', updates: [], suggestions: ['ceasefire', 'hostage', 'prisoner exchange'] };

describe('a /latest answer that found nothing', () => {
  it('says so in one line on every platform, with the topic terms to ask about instead', () => {
    const line = 'Nothing found about “football <transfer> window”. Try: ceasefire, hostage, prisoner exchange.';
    expect(renderLatestText(nothing)).toBe(line);
    expect(renderSlackLatest(nothing, { share: true })).toMatchObject({ text: 'Nothing found about “football &lt;transfer&gt; window”. Try: ceasefire, hostage, prisoner exchange.' });
    expect(renderDiscordLatest(nothing, { share: true })).toMatchObject({ content: expect.stringContaining('Try: ceasefire, hostage, prisoner exchange.'), embeds: [] });
  });

  it('without suggestions, and for an empty store, is one short line', () => {
    expect(renderLatestText({ ...nothing, suggestions: undefined })).toBe('Nothing found about “football <transfer> window”.');
    expect(renderLatestText({ ...nothing, query: '' })).toBe('Nothing found yet.');
  });
});
