import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { answerLatest, planDigest, recordDigest } from '../../src/digest/index.ts';
import { readArticleFile } from '../../src/sources/files.ts';
import { saveArticle, type Store } from '../../src/store/index.ts';
import { ensureSubscription } from '../../src/store/subscriptions.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const moments = path.resolve(import.meta.dirname, '../../eval/moments');
const configText = fs.readFileSync(path.resolve(import.meta.dirname, '../../config/default.yaml'), 'utf8');

async function ingestMoment(store: Store, name: string, now: Date) {
  const dir = path.join(moments, name);
  for (const file of fs.readdirSync(dir).sort()) await saveArticle(store.db, await readArticleFile(path.join(dir, file)), now);
}

describe('digest planning', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('reports new articles once, and a second digest after recording is empty', async () => {
    const config = parseConfig(configText, 'config/default.yaml');
    const now = new Date('2024-05-06T08:00:00Z');
    await ingestMoment(store, '3-2024-05-05', now);
    const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const plan = await planDigest({ db: store.db, subscription, config, now });
    expect(plan.digest.updates.length).toBeGreaterThan(0);
    expect(plan.digest.updates[0]!.sources[0]!.file).toMatch(/004_/);
    await store.db.transaction().execute((trx) => recordDigest(trx, subscription, plan, 'cli', now));
    const again = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const second = await planDigest({ db: store.db, subscription: again, config, now });
    expect(second.digest.updates).toEqual([]);
  });

  it('answers /latest about Doha with the newest development first, each story once', async () => {
    const config = parseConfig(configText, 'config/default.yaml');
    const now = new Date('2024-10-25T08:00:00Z');
    await ingestMoment(store, '4-2024-08-15', now);
    await ingestMoment(store, '5-2024-10-24', now);
    await ingestMoment(store, '2-2024-04-28', now);
    const answer = await answerLatest({ db: store.db, dialect: store.dialect, query: 'Doha talks', config, limit: 3, now });
    expect(answer.updates.length).toBeGreaterThan(0);
    expect(answer.updates[0]!.published).toMatch(/^2024-10-24/);
    expect(answer.updates[0]!.sources.map((s) => s.outlet)).toEqual(expect.arrayContaining(['Al Mayadeen English', 'Levant Wire']));
    const files = answer.updates.flatMap((u) => u.sources.map((s) => s.file));
    expect(new Set(files).size).toBe(files.length);
    expect(files.some((f) => f?.includes('doha-derby'))).toBe(false);
  });

  it('still finds an older development when it is the only match', async () => {
    const config = parseConfig(configText, 'config/default.yaml');
    const now = new Date('2024-10-25T08:00:00Z');
    await ingestMoment(store, '2-2024-04-28', now);
    await ingestMoment(store, '5-2024-10-24', now);
    const answer = await answerLatest({ db: store.db, dialect: store.dialect, query: 'Kirby', config, limit: 3, now });
    expect(answer.updates).toHaveLength(1);
    expect(answer.updates[0]!.sources[0]!.file).toMatch(/003_/);
  });
});

describe('digest planning with the clusters engine', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('fills the words budget with distinct developments, each once, and tells nothing twice', async () => {
    const config = parseConfig(`${configText}\n`.replace(/^digest:\n/m, 'digest:\n  engine: clusters\n  maxWords: 120\n'), 'config/default.yaml');
    expect(config.digest.engine).toBe('clusters');
    const now = new Date('2024-05-06T08:00:00Z');
    await ingestMoment(store, '3-2024-05-05', now);
    const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const plan = await planDigest({ db: store.db, subscription, config, now });
    const { updates } = plan.digest;
    expect(updates.length).toBeGreaterThan(1);
    const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
    const used = updates.reduce((sum, u) => sum + words(u.summary) + u.quotes.reduce((q, x) => q + words(x.text) + words(x.speaker ?? ''), 0), 0);
    expect(used).toBeLessThanOrEqual(120);
    expect(new Set(updates.map((u) => u.summary)).size).toBe(updates.length);
    for (const u of updates) expect(u.summary).not.toMatch(/^(?:He|She|They|It|But|And)\b/);
    await store.db.transaction().execute((trx) => recordDigest(trx, subscription, plan, 'cli', now));
    const again = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    expect((await planDigest({ db: store.db, subscription: again, config, now })).digest.updates).toEqual([]);
  });
});
