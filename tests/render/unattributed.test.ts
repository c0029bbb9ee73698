import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/model.ts';
import { renderMessages } from '../../src/render/index.ts';

const source = { id: '1', title: 'Talks resume in Doha', outlet: 'Gulf Wire', url: 'https://example.org/a', file: null, published: '2024-05-05T00:00:00Z' };
const digest: Digest = {
  channel: 'console',
  topic: 'gaza-ceasefire-talks',
  since: null,
  until: '2024-05-06T00:00:00Z',
  headline: 'Talks resume in Doha.',
  updates: [{ summary: 'Talks resumed in Doha on Sunday.', quotes: [{ text: 'We are close to an agreement', speaker: null, source }], sources: [source] }],
  figures: [],
  background: [],
  stats: { articles: 1, duplicates: 0, offTopic: 0 },
};

describe('a quote whose speaker the text does not give', () => {
  it('is shown as unattributed, with the outlet as where it was quoted, on every platform', () => {
    for (const platform of ['console', 'slack', 'discord'] as const) {
      const shown = JSON.stringify(renderMessages(digest, platform).slice(1));
      // The dash after the quote names who spoke: "unattributed", never the outlet.
      expect(shown, platform).toMatch(/— [_*]*unattributed[_*]*, quoted in /);
    }
  });
});
