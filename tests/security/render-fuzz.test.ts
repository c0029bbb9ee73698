import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestSchema, type Digest, type SourceRef } from '../../src/digest/model.ts';
import { DISCORD_LIMITS, SLACK_LIMITS, renderMessages } from '../../src/render/index.ts';
import { hostileText, stringsIn } from './hostile-text.ts';

const url = fc.oneof(
  fc.constantFrom(
    'https://news.example.org/2024/05/06/doha',
    'https://news.example.org/a?b=1|2&c=<@U123>',
    'http://evil.example/|https://trusted.example',
    'https://news.example.org/a)(b>[c]',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'not a url',
    // Longer than any link a reader opens: shown by its label, never cut inside.
    `https://news.example.org/${'a&b '.repeat(2000)}`,
  ),
  fc.webUrl(),
);

const source: fc.Arbitrary<SourceRef> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  title: fc.option(hostileText(8)),
  outlet: fc.option(hostileText(4)),
  url: fc.option(url),
  file: fc.option(hostileText(3)),
  published: fc.option(fc.constantFrom('2024-05-06T08:00:00.000Z', 'garbage')),
});

const digest: fc.Arbitrary<Digest> = fc.record({
  channel: fc.constant('C123'),
  topic: fc.constant('gaza-ceasefire-talks'),
  since: fc.option(fc.constant('2024-04-28T00:00:00.000Z')),
  until: fc.constant('2024-05-06T00:00:00.000Z'),
  headline: hostileText(10),
  updates: fc.array(
    fc.record({
      summary: hostileText(30),
      quotes: fc.array(fc.record({ text: hostileText(30).filter((t) => t.length > 0), speaker: fc.option(hostileText(4)), source }), { maxLength: 4 }),
      sources: fc.array(source, { minLength: 1, maxLength: 5 }),
    }),
    { maxLength: 8 },
  ),
  figures: fc.array(fc.record({ label: hostileText(4), value: fc.integer(), previous: fc.option(fc.integer()), source }), { maxLength: 4 }),
  background: fc.array(hostileText(6), { maxLength: 3 }),
  stats: fc.record({ articles: fc.nat(1000), duplicates: fc.nat(100), offTopic: fc.nat(100) }),
});

/** http(s) URLs a renderer may link to: those of the digest's own sources, as the renderers normalise them. */
function sourceLinks(d: Digest): string[] {
  const refs = [...d.updates.flatMap((u) => [...u.sources, ...u.quotes.map((q) => q.source)]), ...d.figures.map((f) => f.source)];
  return refs.flatMap((ref) => {
    try {
      const parsed = new URL(ref.url ?? '');
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? [parsed.toString()] : [];
    } catch {
      return [];
    }
  });
}

const runs = { seed: 20240506, numRuns: 100, endOnFailure: true };

describe('renderMessages on hostile digests', () => {
  it('Slack: no mention, broadcast or spoofed link survives, and every limit holds', () => {
    fc.assert(
      fc.property(digest, (d) => {
        expect(digestSchema.safeParse(d).success).toBe(true);
        const allowed = new Set(sourceLinks(d).map((link) => link.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '%7C')));
        for (const { payload } of renderMessages(d, 'slack')) {
          const message = payload as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
          expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
          expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
          for (const block of message.blocks) {
            if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
            if (block.elements) {
              expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
              for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
            }
          }
          for (const text of stringsIn(payload)) {
            // Every `<` opens one of parley's own links to a source of the digest: article text
            // has its `<` escaped, so no mention (`<!channel>`, `<@U…>`) or spoofed link can form.
            for (const opened of text.matchAll(/<([^<>|]*)/g)) expect(allowed.has(opened[1]!), `<${opened[1]!.slice(0, 80)}`).toBe(true);
            // ... and every link is whole: once they are taken out, no `<` or `>` is left.
            expect(text.replace(/<[^<>|]*\|[^<>]*>/g, '').replace(/^>/gm, '')).not.toMatch(/[<>]/);
          }
        }
      }),
      runs,
    );
  });

  it('Discord: allowed_mentions is empty, no mention renders, links only to sources, every limit holds', () => {
    fc.assert(
      fc.property(digest, (d) => {
        const allowed = new Set(sourceLinks(d).map((link) => link.replace(/[()<>[\] ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)));
        for (const { payload } of renderMessages(d, 'discord')) {
          const message = payload as { content: string; embeds: { description: string }[]; allowed_mentions: { parse: string[] }; thread_name?: string };
          expect(message.allowed_mentions).toEqual({ parse: [] });
          expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
          expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
          expect(message.embeds.reduce((sum, e) => sum + e.description.length, 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
          for (const embed of message.embeds) expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
          if (message.thread_name !== undefined) expect(message.thread_name.length).toBeLessThanOrEqual(DISCORD_LIMITS.threadName);
          for (const text of [message.content, ...message.embeds.map((e) => e.description)]) {
            expect(text).not.toMatch(/@(everyone|here)/i);
            // Markdown as Discord reads it: a backslash escapes the next character (`\\` is a
            // backslash), so escaped pairs are blanked out before looking for markup.
            const markup = text.replace(/\\[\s\S]/g, '\u0001\u0001');
            const links = [...markup.matchAll(/\]\(<([^<>]*)>\)/g)];
            for (const link of links) expect(allowed.has(link[1]!), `link to ${link[1]}`).toBe(true);
            const rest = markup.replace(/\]\(<([^<>]*)>\)/g, '](link)');
            expect(rest).not.toMatch(/<[@#/:a!&t]/);
            // A masked link can only be parley's: any other `](` is escaped ...
            expect(rest).not.toMatch(/\]\((?!link\))/);
            // ... and every link is whole: each `[` opens one that closes.
            expect(markup.match(/\[/g)?.length ?? 0).toBe(links.length);
          }
        }
      }),
      runs,
    );
  });

  it('console: renders any digest quickly without throwing', () => {
    const started = Date.now();
    fc.assert(
      fc.property(digest, (d) => {
        const messages = renderMessages(d, 'console');
        expect(messages.length).toBeGreaterThan(0);
      }),
      runs,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
