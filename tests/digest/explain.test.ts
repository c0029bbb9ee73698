import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { explanationSchema } from '../../src/digest/explanation.ts';
import { planDigest, recordDigest } from '../../src/digest/index.ts';
import { renderExplanationText } from '../../src/render/explanation-text.ts';
import { readArticleFile } from '../../src/sources/files.ts';
import { saveArticle } from '../../src/store/index.ts';
import { ensureSubscription } from '../../src/store/subscriptions.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const moments = path.resolve(import.meta.dirname, '../../eval/moments');
const configText = fs.readFileSync(path.resolve(import.meta.dirname, '../../config/default.yaml'), 'utf8');

describe('why an article or a development was not posted', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.dispose();
  });

  async function ingest(name: string, now: Date) {
    const dir = path.join(moments, name);
    for (const file of fs.readdirSync(dir).sort()) await saveArticle(store.db, await readArticleFile(path.join(dir, file)), now);
  }

  for (const engine of ['claims', 'clusters'] as const) {
    it(`tells a copy, an off-topic article, what was posted and what fell below the cut (${engine})`, async () => {
      const config = parseConfig(configText.replace(/^digest:\n {2}maxUpdates: 6$/m, `digest:\n  maxUpdates: 2\n  engine: ${engine}`), 'config/default.yaml');
      expect(config.digest.maxUpdates).toBe(2);
      const now = new Date('2024-05-06T08:00:00Z');
      await ingest('2-2024-04-28', now);
      await ingest('3-2024-05-05', now);
      const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
      const plan = await planDigest({ db: store.db, subscription, config, now, explain: true });
      const explanation = explanationSchema.parse(plan.explanation);
      expect(explanation.engine).toBe(engine);

      const fate = (match: RegExp) => explanation.articles.find((a) => match.test(a.title ?? ''))!;
      expect(fate(/prisoner/i)).toMatchObject({ fate: 'off-topic', detail: expect.stringMatching(/^off-topic/) });
      const copies = explanation.articles.filter((a) => a.fate === 'copy');
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) expect(copy.detail).toMatch(/^duplicate of .*% of names and numbers/);

      const posted = explanation.candidates.filter((c) => c.fate === 'posted');
      expect(posted.map((c) => c.detail)).toEqual(plan.digest.updates.map((_, i) => `update ${i + 1}`));
      expect(posted.map((c) => c.summary)).toEqual(plan.digest.updates.map((u) => u.summary));
      const below = explanation.candidates.filter((c) => c.fate === 'below the cut');
      expect(below.length).toBeGreaterThan(0);
      for (const c of explanation.candidates) expect(Object.keys(c.parts).length).toBeGreaterThan(0);

      const text = renderExplanationText(explanation);
      expect(text).toMatch(/^ {2}off-topic \(1\)$/m);
      expect(text).toMatch(/^ {2}below the cut \(\d+\)$/m);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    });
  }

  it('posts nothing of a story the channel was told when another outlet copies it, and says so (clusters)', async () => {
    const config = parseConfig(configText.replace(/^digest:\n/m, 'digest:\n  engine: clusters\n'), 'config/default.yaml');
    const now = new Date('2024-05-06T08:00:00Z');
    await ingest('3-2024-05-05', now);
    const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const first = await planDigest({ db: store.db, subscription, config, now });
    await store.db.transaction().execute((trx) => recordDigest(trx, subscription, first, 'cli', now));
    // The same report again, as another outlet's article.
    const lead = (await readArticleFile(path.join(moments, '3-2024-05-05', fs.readdirSync(path.join(moments, '3-2024-05-05')).sort()[0]!)));
    await saveArticle(store.db, { ...lead, sourceKey: 'file:/elsewhere/retold.txt', file: 'elsewhere/retold.txt', outlet: 'Another Outlet', canonicalUrl: null, url: null }, new Date('2024-05-06T09:00:00Z'));
    const again = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const second = await planDigest({ db: store.db, subscription: again, config, now: new Date('2024-05-06T10:00:00Z'), explain: true });
    const explanation = explanationSchema.parse(second.explanation);
    expect(explanation.articles.every((a) => a.fate !== 'posted')).toBe(true);
    expect(explanation.articles.some((a) => a.fate === 'copy' || a.fate === 'told before')).toBe(true);
  });
});
