import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { planDigest } from '../../src/digest/index.ts';
import { createLogger } from '../../src/logger.ts';
import { renderMessages } from '../../src/render/index.ts';
import { ingestFeedUrls } from '../../src/sources/feed-ingest.ts';
import { ensureSubscription } from '../../src/store/index.ts';
import { serve, startServer, type TestServer } from '../sources/feed-test-server.ts';
import { stringsIn } from './hostile-text.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const feed = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'feeds', 'hostile-mentions.xml'));

let server: TestServer;
let store: TestStore;

beforeAll(async () => {
  server = await startServer({ '/hostile.xml': serve(feed) });
  store = await openTestStore();
});
afterAll(async () => {
  await store.dispose();
  await server.close();
});

describe('a hostile feed, from ingestion to posted messages', () => {
  it('reaches no channel with a mention, a spoofed link, a script or raw markup', async () => {
    const loaded = loadConfig({ env: { PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' } });
    loaded.config.fullText = { ...loaded.config.fullText, minChars: 0 };
    const now = new Date('2024-05-06T12:00:00Z');
    const ctx = { db: store.db, logger: createLogger({ level: 'silent' }), loaded, now: () => now };
    const [result] = await ingestFeedUrls(ctx, [`${server.base}/hostile.xml`]);
    expect(result).toMatchObject({ ok: true, inserted: 1 });

    const article = await store.db.selectFrom('articles').selectAll().executeTakeFirstOrThrow();
    // Stored text is plain text: no tag, script or link survives (a literal `<@U…>` is text, escaped when rendered).
    expect(`${article.title}\n${article.text}\n${article.outlet}`).not.toMatch(/<[a-z/!]|javascript:|fetch\(|onerror/i);

    const subscription = await ensureSubscription(store.db, { platform: 'slack', channelId: 'C123', topic: loaded.config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const { digest } = await planDigest({ db: store.db, subscription, config: loaded.config, now });
    expect(digest.updates.length).toBeGreaterThan(0);

    const slack = stringsIn(renderMessages(digest, 'slack').map((m) => m.payload)).join('\n');
    // In Slack only `<!…>`, `<@…>` and `<#…>` ping or link; every `<` left must open a link to the article itself.
    for (const opened of slack.matchAll(/<([^<>|]*)/g)) expect(opened[1]).toBe('https://monitor.example.org/2024/05/06/doha');
    expect(slack).not.toMatch(/javascript:|<script/i);

    for (const { payload } of renderMessages(digest, 'discord')) {
      const message = payload as { content: string; embeds: { description: string }[]; allowed_mentions: { parse: string[] } };
      expect(message.allowed_mentions).toEqual({ parse: [] });
      const text = [message.content, ...message.embeds.map((e) => e.description)].join('\n');
      expect(text).not.toMatch(/@(everyone|here)|<@|<#|javascript:|<script/i);
      for (const link of text.matchAll(/(?<!\\)\]\(<([^<>]*)>\)/g)) expect(link[1]).toBe('https://monitor.example.org/2024/05/06/doha');
    }

    const console = stringsIn(renderMessages(digest, 'console').map((m) => m.payload)).join('\n');
    expect(console).not.toMatch(/<script|javascript:|<a\s|<img/i);
  });
});
