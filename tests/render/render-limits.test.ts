import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestSchema, type Digest, type SourceRef } from '../../src/digest/model.ts';
import { DISCORD_LIMITS, renderMessages, SLACK_LIMITS, type DiscordMessage, type SlackMessage } from '../../src/render/index.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/render/digest-bundled-articles.json');
const bundled = digestSchema.parse(JSON.parse(fs.readFileSync(fixture, 'utf8')));

/** Words that recur in the bundled articles, repeated into a quote far longer than any platform block. */
const longQuote = (n: number) =>
  Array.from({ length: n }, (_, i) => `negotiators${i} discussed the hostage release sequence and the Rafah crossing`).join(' ');

function source(i: number): SourceRef {
  return { id: String(i), title: `Ceasefire talks report ${i}`, outlet: `Outlet ${i}`, url: `https://news.example.org/story/${i}`, file: null, published: '2024-05-05T00:00:00Z' };
}

/** 20 updates, each with a very long quote and several sources. */
function bigDigest(): Digest {
  const updates = Array.from({ length: 20 }, (_, u) => ({
    summary: `Update ${u}: ${bundled.updates[u % bundled.updates.length]!.summary}`,
    quotes: [
      { text: longQuote(60 + u * 5), speaker: 'Majed al-Ansari', source: source(u * 10) },
      { text: bundled.updates[u % bundled.updates.length]!.quotes[0]!.text, speaker: null, source: source(u * 10 + 1) },
    ],
    sources: Array.from({ length: 6 }, (_, s) => source(u * 10 + s)),
  }));
  return { ...bundled, updates };
}

const words = (text: string) => text.match(/[A-Za-z]+\d*/g) ?? [];

describe('Slack rendering of a digest with 20 updates and very long quotes', () => {
  const digest = bigDigest();
  const messages = renderMessages(digest, 'slack').map((m) => m.payload as SlackMessage);
  const sectionTexts = messages.flatMap((m) => m.blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text));

  it('keeps every message within 50 blocks and every section within 3000 characters', () => {
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
      for (const block of message.blocks) {
        if (block.type === 'section') expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        if (block.type === 'context') expect((block.elements as unknown[]).length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      }
    }
  });

  it('splits a long quote into pieces that end and resume with an ellipsis, losing no word', () => {
    const quote = digest.updates[3]!.quotes[0]!.text;
    const pieces = sectionTexts.filter((t) => t.includes('negotiators0 ') || /negotiators\d+/.test(t)).filter((t) => t.startsWith('>'));
    expect(pieces.length).toBeGreaterThan(1);
    const cut = sectionTexts.filter((t) => t.startsWith('>') && !t.includes('”'));
    for (const piece of cut) expect(piece.endsWith('…')).toBe(true);
    const joined = messages.map((m) => JSON.stringify(m.blocks)).join(' ');
    for (const word of new Set(words(quote))) expect(joined).toContain(word);
  });

  it('never drops a source: every source link of every update is posted', () => {
    const all = messages.map((m) => JSON.stringify(m.blocks)).join('\n');
    for (const update of digest.updates) for (const s of update.sources) expect(all).toContain(`<${s.url}|`);
  });

  it('posts the parent first and the updates in order', () => {
    expect(sectionTexts[0]).toContain(digest.headline.slice(0, 40).replace(/&/g, '&amp;'));
    const order = digest.updates.map((_, u) => messages.findIndex((m) => m.text.startsWith(`${u + 1}/20:`)));
    expect(order.every((index, i) => index > 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
  });
});

describe('Discord rendering of a digest with 20 updates and very long quotes', () => {
  const digest = bigDigest();
  const messages = renderMessages(digest, 'discord').map((m) => m.payload as DiscordMessage);

  it('keeps content within 2000, each embed within 4096, and a message’s embeds within 10 and 6000 characters', () => {
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages) {
      expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
      expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      for (const embed of message.embeds) expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
      expect(message.embeds.reduce((n, e) => n + (e.description ?? '').length, 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
      expect(message.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('names the thread after the headline, within 100 characters', () => {
    expect(messages[0]!.thread_name!.length).toBeLessThanOrEqual(DISCORD_LIMITS.threadName);
    expect(messages.slice(1).every((m) => m.thread_name === undefined)).toBe(true);
  });

  it('never drops a source and never cuts a quote mid-word without an ellipsis', () => {
    const all = messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n');
    for (const update of digest.updates) for (const s of update.sources) expect(all).toContain(`(<${s.url}>)`);
    const quoteLines = all.split('\n').filter((line) => line.startsWith('> “') || line.startsWith('> …'));
    const cut = quoteLines.filter((line) => !line.endsWith('”') && !line.startsWith('> —'));
    expect(cut.length).toBeGreaterThan(0);
    for (const line of cut) expect(line.endsWith('…')).toBe(true);
  });
});

describe('rendering the bundled articles’ digest', () => {
  it('console: a parent with the headline and one message per update', () => {
    const messages = renderMessages(bundled, 'console').map((m) => (m.payload as { text: string }).text);
    expect(messages).toHaveLength(bundled.updates.length + 1);
    expect(messages[0]).toContain(bundled.headline);
    expect(messages[1]).toContain(bundled.updates[0]!.quotes[0]!.speaker!);
    expect(messages[1]).toContain('articles/');
  });

  it('shows a file source as its path when it has no URL', () => {
    const slack = JSON.stringify(renderMessages(bundled, 'slack'));
    expect(slack).toContain('articles/004_01f7d1bb75bbb616.txt');
  });

  it('an empty digest is a single line saying nothing is new, on every platform', () => {
    const empty = { ...bundled, updates: [], figures: [], since: '2024-05-06T00:00:00Z' };
    for (const platform of ['console', 'slack', 'discord'] as const) {
      const messages = renderMessages(empty, platform);
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages[0]!.payload)).toContain('Nothing new on gaza-ceasefire-talks since 6 May 2024');
    }
  });
});
