import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countKey } from '../../src/analysis/figures.ts';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { planDigest, recordDigest, type Digest } from '../../src/digest/index.ts';
import { readArticleFile } from '../../src/sources/files.ts';
import { saveArticle } from '../../src/store/index.ts';
import { ensureSubscription } from '../../src/store/subscriptions.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const root = path.resolve(import.meta.dirname, '../..');
const moments = path.join(root, 'eval/moments');
const config: Config = parseConfig(fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8'), 'config/default.yaml');

/** The bundled moments replayed in time order, one recorded digest after each. */
describe('a channel following the seed articles in time order', () => {
  let store: TestStore;
  const digests: Digest[] = [];

  beforeAll(async () => {
    store = await openTestStore();
    for (const dir of fs.readdirSync(moments).sort()) {
      const now = new Date(`${dir.slice(2)}T23:59:00Z`);
      for (const file of fs.readdirSync(path.join(moments, dir)).sort()) await saveArticle(store.db, await readArticleFile(path.join(moments, dir, file)), now);
      const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'console', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
      const plan = await planDigest({ db: store.db, subscription, config, now });
      await store.db.transaction().execute((trx) => recordDigest(trx, subscription, plan, 'cli', now));
      digests.push(plan.digest);
    }
  });
  afterAll(async () => {
    await store.dispose();
  });

  const quotes = (d: Digest) => d.updates.flatMap((u) => u.quotes);

  it('attributes the 4 May quotes as the seeds README asks', () => {
    const may = quotes(digests[2]!);
    expect(may.find((q) => q.text.startsWith('Israel cannot accept that'))?.speaker).toBe('Benjamin Netanyahu');
    expect(may.find((q) => q.text.startsWith('But while Israel has shown'))?.speaker).toBe('Benjamin Netanyahu');
    expect(may.find((q) => q.text.startsWith('The argument from the Israeli side'))?.speaker).toBe('Bernard Smith');
  });

  it("attributes Gallant's quote in August to Yoav Gallant", () => {
    expect(quotes(digests[3]!).find((q) => q.text.startsWith('The reason a hostage deal is stalling'))?.speaker).toBe('Yoav Gallant');
  });

  it('never posts as a quote the words of a machine-rewritten sentence ("the highest US diplomat mentioned")', () => {
    expect(quotes(digests[0]!).some((q) => q.text.includes('as much as Hamas to make selections'))).toBe(false);
    expect(quotes(digests[0]!).length).toBeGreaterThan(0);
  });

  it('reports the death toll rising from 30,000 to 34,683, and no figure twice', () => {
    const killed = (d: Digest) => d.figures.find((f) => countKey(f.label) === countKey('people killed'));
    expect(killed(digests[0]!)).toMatchObject({ value: 30000, previous: null, kind: 'count' });
    expect(killed(digests[0]!)!.evidence).toContain('30,000');
    expect(killed(digests[2]!)).toMatchObject({ label: 'people killed', value: 34683, previous: 30000 });
    for (const d of digests) expect(new Set(d.figures.map((f) => f.label)).size).toBe(d.figures.length);
  });

  it('never presents the October 7 toll or the November truce as news', () => {
    for (const d of digests) {
      for (const u of d.updates) expect(u.summary).not.toMatch(/1,139|week-long|in November/);
      expect(d.figures.map((f) => f.value)).not.toContain(1139);
    }
  });

  it('reports a spun copy once, citing both outlets, quoting the cleaner copy', () => {
    const may = digests[2]!;
    expect(may.stats.duplicates).toBe(1);
    const outlets = may.updates[0]!.sources.map((s) => s.outlet);
    expect(outlets).toEqual(expect.arrayContaining(['Al Jazeera', 'World News Hub']));
    expect(quotes(may).every((q) => q.source.outlet === 'Al Jazeera')).toBe(true);
  });

  it('does not report a late syndicated copy of a story already told', () => {
    const april = digests[1]!;
    expect(april.stats.duplicates).toBe(1);
    expect(april.updates.flatMap((u) => u.sources).some((s) => s.outlet === 'Daily Gulf Report')).toBe(false);
  });

  it('leaves off-topic articles out and records why', async () => {
    expect(digests[1]!.stats.offTopic).toBe(1);
    expect(digests[3]!.stats.offTopic).toBe(1);
    expect(JSON.stringify(digests)).not.toMatch(/Al Sadd|Zelensky|Gulf Sports Daily/);
    const reasons = await store.db
      .selectFrom('annotations')
      .innerJoin('articles', 'articles.id', 'annotations.article_id')
      .select(['articles.file', 'annotations.data'])
      .where('annotations.kind', '=', 'relevance')
      .execute();
    const football = reasons.find((r) => r.file?.endsWith('doha-derby-football.txt'));
    expect(JSON.parse(football!.data).reason).toMatch(/^off-topic/);
  });

  it('never posts a quote twice, and keeps page junk out', () => {
    const all = digests.flatMap(quotes).map((q) => q.text);
    expect(new Set(all).size).toBe(all.length);
    expect(JSON.stringify(digests)).not.toMatch(/Source link|Leave a Comment|Related Article|Read more:|All rights reserved/);
  });

  it('keeps every update to one or two sentences with at most one quote', () => {
    for (const d of digests) {
      expect(d.updates.length).toBeLessThanOrEqual(config.digest.maxUpdates);
      for (const u of d.updates) {
        expect(u.quotes.length).toBeLessThanOrEqual(1);
        expect(u.summary.split(/\s+/).length).toBeLessThanOrEqual(50);
      }
    }
  });
});
