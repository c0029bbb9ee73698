import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import type { IngestContext } from '../../src/sources/context.ts';
import { backoffDelayMs, ingestDueFeeds, ingestFeedUrls, oneOffFeedMarker, syncConfiguredFeeds } from '../../src/sources/feed-ingest.ts';

import { drip, endless, redirect, serve, silent, startServer, type TestServer } from './feed-test-server.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'feeds');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ''};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;

let server: TestServer;
let etagServed = 0;

beforeAll(async () => {
  server = await startServer({
    '/rss.xml': serve(fixture('ceasefire-rss2.xml')),
    '/atom.xml': serve(fixture('ceasefire-atom.xml'), { 'content-type': 'application/atom+xml' }),
    '/rdf.xml': serve(fixture('ceasefire-rdf.xml'), { 'content-type': 'application/rdf+xml' }),
    '/cp1252.xml': serve(fixture('windows-1252.xml'), { 'content-type': 'application/rss+xml' }),
    '/latin1.xml': serve(fixture('iso-8859-1.xml'), { 'content-type': 'text/xml; charset=ISO-8859-1' }),
    '/bom.xml': serve(fixture('utf8-bom.xml'), { 'content-type': 'text/xml; charset=iso-8859-1' }),
    '/wrong-charset.xml': serve(fixture('windows-1252.xml'), { 'content-type': 'application/rss+xml; charset=utf-8' }),
    '/malformed.xml': serve(fixture('malformed.xml')),
    '/bomb.xml': serve(laughs),
    '/gzip-bomb': serve(zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20), { level: 9 }), { 'content-encoding': 'gzip' }),
    '/huge': endless,
    '/drip': drip(100),
    '/silent': silent,
    '/loop': redirect('/loop'),
    '/etag.xml': (request, response) => {
      if (request.headers['if-none-match'] === '"rss-1"') {
        response.writeHead(304);
        return response.end();
      }
      etagServed++;
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"rss-1"', 'last-modified': 'Tue, 05 Mar 2024 19:00:00 GMT' });
      response.end(fixture('ceasefire-rss2.xml'));
    },
  });
});
afterAll(() => server.close());

let store: TestStore;
let ctx: IngestContext;
let logLines: string[];
let clock: Date;

function context(loaded: LoadedConfig): IngestContext {
  return { db: store.db, logger: createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }) }), loaded, now: () => clock };
}

beforeEach(async () => {
  store = await openTestStore();
  logLines = [];
  clock = new Date('2024-05-06T10:00:00Z');
  const loaded = loadConfig({ env: { PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' } });
  loaded.config.fetch = { ...loaded.config.fetch, timeoutMs: 2_000, idleTimeoutMs: 700, maxBytes: 1024 * 1024 };
  // The fixtures' items link to pages on hosts that are not here: these tests read feeds only
  // (full articles have their own tests), so `auto` never finds an item short enough to fetch.
  loaded.config.fullText = { ...loaded.config.fullText, minChars: 0 };
  ctx = context(loaded);
});
afterEach(() => store.dispose());

describe('ingestFeedUrls', () => {
  it('stores the items of RSS, Atom and RDF feeds as articles of a one-off feed', async () => {
    const results = await ingestFeedUrls(ctx, [`${server.base}/rss.xml`, `${server.base}/atom.xml`, `${server.base}/rdf.xml`]);
    expect(results.map((r) => [r.ok, r.items, r.inserted])).toEqual([
      [true, 3, 3],
      [true, 2, 2],
      [true, 1, 1],
    ]);
    // Fetched concurrently: the feeds are stored in no fixed order.
    const feeds = await store.db.selectFrom('feeds').selectAll().orderBy('url').execute();
    expect(feeds.map((f) => [new URL(f.url).pathname, f.origin, f.added_by, f.title])).toEqual([
      ['/atom.xml', 'admin', oneOffFeedMarker, 'Regional Wire'],
      ['/rdf.xml', 'admin', oneOffFeedMarker, 'Old Gazette'],
      ['/rss.xml', 'admin', oneOffFeedMarker, 'Mideast Desk & Wires'],
    ]);
    const cairo = await store.db.selectFrom('articles').selectAll().where('source_key', '=', `feed:${server.base}/rss.xml#mideast-2024-0305-cairo`).executeTakeFirstOrThrow();
    expect(cairo).toMatchObject({ kind: 'feed', feed_id: feeds[2]!.id, outlet: 'Mideast Desk & Wires', published_at: '2024-03-05T18:20:00.000Z' });
    expect(cairo.text).not.toMatch(/<|script|onclick|onerror/);
    const texts = (await store.db.selectFrom('articles').select(['text', 'title']).execute()).map((a) => `${a.title} ${a.text}`).join('\n');
    expect(texts).not.toMatch(/<script|javascript:|<a\s|<p>/i);
  });

  it('ingesting the same feed again changes nothing', async () => {
    await ingestFeedUrls(ctx, [`${server.base}/rss.xml`]);
    const [again] = await ingestFeedUrls(ctx, [`${server.base}/rss.xml`]);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 3 });
  });

  it('decodes Windows-1252, ISO-8859-1 and BOM-marked feeds', async () => {
    await ingestFeedUrls(ctx, [`${server.base}/cp1252.xml`, `${server.base}/latin1.xml`, `${server.base}/bom.xml`]);
    // The feeds are fetched concurrently, so rows are inserted in no fixed order: order by feed URL.
    const rows = await store.db
      .selectFrom('articles')
      .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
      .select(['articles.title', 'articles.text', 'articles.outlet'])
      .orderBy('feeds.url')
      .execute();
    expect(rows).toEqual([
      { outlet: 'BOM News', title: 'Talks in Doha \u2014 day two', text: 'Mediators in Doha \u201cremain hopeful\u201d.' },
      { outlet: 'Café Presse', title: '\u201cBig gaps remain\u201d \u2013 Egyptian source', text: 'The gaps \u201cremain big,\u201d an Egyptian source said \u2026 talks continue on Friday.' },
      { outlet: 'Zürcher Blätter', title: 'Verhandlungen in Kairo über Waffenruhe', text: 'Die Gespräche in Kairo gehen weiter § 12.' },
    ]);
  });

  it('survives a server that declares the wrong charset', async () => {
    const [result] = await ingestFeedUrls(ctx, [`${server.base}/wrong-charset.xml`]);
    expect(result).toMatchObject({ ok: true, items: 1 });
  });

  it('reports each hostile feed by URL and reason, and still ingests the good one', async () => {
    const started = Date.now();
    const bad = ['/bomb.xml', '/gzip-bomb', '/huge', '/drip', '/silent', '/loop', '/malformed.xml', '/missing'].map((p) => `${server.base}${p}`);
    const results = await ingestFeedUrls(ctx, [...bad, `${server.base}/rss.xml`]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const errors = Object.fromEntries(results.map((r) => [new URL(r.url).pathname, r.error ?? 'ok']));
    expect(errors).toEqual({
      '/bomb.xml': `${server.base}/bomb.xml: refused: the feed declares entities in its DOCTYPE (entity expansion is not allowed)`,
      '/gzip-bomb': `${server.base}/gzip-bomb: response larger than 1 MB`,
      '/huge': `${server.base}/huge: response larger than 1 MB`,
      '/drip': `${server.base}/drip: no complete answer within 2 s`,
      '/silent': `${server.base}/silent: no data for 700 ms`,
      '/loop': `${server.base}/loop: more than 5 redirects (last to ${server.base}/loop)`,
      '/malformed.xml': expect.stringMatching(/malformed\.xml: malformed XML: Unexpected close tag/),
      '/missing': `${server.base}/missing: HTTP 404 Not Found`,
      '/rss.xml': 'ok',
    });
    expect(results.at(-1)).toMatchObject({ ok: true, inserted: 3 });
    expect(logLines.join('')).toContain(`"feed":"${server.base}/huge"`);
  });

  it('refuses a feed on a private address unless private networks are allowed', async () => {
    const closed = context(loadConfig({ env: {} }));
    const [result] = await ingestFeedUrls(closed, [`http://localhost:${server.port}/rss.xml`]);
    expect(result!.ok).toBe(false);
    expect(result!.error).toMatch(/localhost:\d+\/rss\.xml: refused: resolves to a private address .*PARLEY_ALLOW_PRIVATE_NETWORKS=true/);
  });

  it('reports a URL that is not http(s) without storing a feed', async () => {
    const [result] = await ingestFeedUrls(ctx, ['file:///etc/passwd']);
    expect(result).toMatchObject({ ok: false, error: 'file:///etc/passwd: not an http or https URL' });
    expect(await store.db.selectFrom('feeds').selectAll().execute()).toEqual([]);
  });

  it('sends the stored ETag and reads a 304 as not modified', async () => {
    const url = `${server.base}/etag.xml`;
    const before = etagServed;
    expect((await ingestFeedUrls(ctx, [url]))[0]).toMatchObject({ ok: true, notModified: false, inserted: 3 });
    const row = await store.db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ etag: '"rss-1"', last_modified: 'Tue, 05 Mar 2024 19:00:00 GMT' });
    expect((await ingestFeedUrls(ctx, [url]))[0]).toMatchObject({ ok: true, notModified: true, items: 0 });
    expect(etagServed - before).toBe(1);
  });
});

describe('configured feeds', () => {
  it('syncs the configured feeds into the store, keeping one-off rows apart', async () => {
    await ingestFeedUrls(ctx, [`${server.base}/rdf.xml`]);
    await syncConfiguredFeeds(store.db, [
      { url: `${server.base}/rss.xml`, fullText: 'never' },
      { url: `${server.base}/atom.xml`, fullText: 'auto' },
    ]);
    await syncConfiguredFeeds(store.db, [{ url: `${server.base}/rss.xml`, fullText: 'auto' }, { url: `${server.base}/rdf.xml`, fullText: 'auto' }]);
    const rows = await store.db.selectFrom('feeds').select(['url', 'origin', 'full_text']).orderBy('url').execute();
    expect(rows).toEqual([
      { url: `${server.base}/rdf.xml`, origin: 'config', full_text: 'auto' },
      { url: `${server.base}/rss.xml`, origin: 'config', full_text: 'auto' },
    ]);
  });

  it('fetches due feeds, backs a failing one off exponentially and retries it when due', async () => {
    await syncConfiguredFeeds(store.db, [
      { url: `${server.base}/rss.xml`, fullText: 'auto' },
      { url: `${server.base}/missing`, fullText: 'auto' },
    ]);
    await ingestFeedUrls(ctx, [`${server.base}/atom.xml`]); // one-off: never fetched by the schedule

    const first = await ingestDueFeeds(ctx);
    expect(first.map((r) => [new URL(r.url).pathname, r.ok])).toEqual([
      ['/rss.xml', true],
      ['/missing', false],
    ]);
    const failing = () => store.db.selectFrom('feeds').selectAll().where('url', '=', `${server.base}/missing`).executeTakeFirstOrThrow();
    expect(await failing()).toMatchObject({ failures: 1, last_error: `${server.base}/missing: HTTP 404 Not Found`, next_attempt_at: '2024-05-06T10:05:00.000Z' });

    clock = new Date('2024-05-06T10:04:00Z');
    expect((await ingestDueFeeds(ctx)).map((r) => new URL(r.url).pathname)).toEqual(['/rss.xml']);
    clock = new Date('2024-05-06T10:05:00Z');
    expect((await ingestDueFeeds(ctx)).map((r) => new URL(r.url).pathname)).toEqual(['/rss.xml', '/missing']);
    expect(await failing()).toMatchObject({ failures: 2, next_attempt_at: '2024-05-06T10:15:00.000Z' });
  });

  it('caps the backoff at six hours', () => {
    expect([1, 2, 3, 10, 1000].map(backoffDelayMs)).toEqual([5 * 60_000, 10 * 60_000, 20 * 60_000, 6 * 3_600_000, 6 * 3_600_000]);
  });
});
