import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import type { IngestContext } from '../../src/sources/context.ts';
import { ingestFeedUrls } from '../../src/sources/feed-ingest.ts';
import { hostRefusal, withFullText, withoutTracking } from '../../src/sources/full-text.ts';
import { HostLimiter } from '../../src/sources/politeness.ts';
import type { ArticleInput } from '../../src/store/index.ts';
import { openTestStore, pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pages', name), 'utf8');
const newsPage = fixture('news-with-boilerplate.html');
const canonicalPath = '/world/2024/05/05/hamas-delegation-leaves-cairo';

/** The news page under another address: its own canonical link, and a different first paragraph. */
const storyPage = (slug: string) =>
  newsPage
    .replace(`href="${canonicalPath}"`, `href="/story/${slug}"`)
    .replace(/<meta property="og:url"[^>]*>/, '')
    .replace('Negotiations over a possible ceasefire in Gaza', `Story ${slug}: negotiations over a possible ceasefire in Gaza`);

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const rss = (items: { link: string; title: string; description?: string }[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Dispatch</title><link>https://news.example.org/</link>` +
  items
    .map((item) => `<item><title>${esc(item.title)}</title><link>${esc(item.link)}</link><guid>${esc(item.link)}</guid><description>${esc(item.description ?? `${item.title}.`)}</description><pubDate>Sun, 05 May 2024 18:40:00 GMT</pubDate></item>`)
    .join('') +
  `</channel></rss>`;

interface Hit {
  path: string;
  at: number;
  ifNoneMatch?: string;
}

let server: http.Server;
let base: string;
let hits: Hit[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** How long the server takes to answer a page. */
let pageDelayMs = 0;
/** The Cairo page has been taken down. */
let cairoGone = false;

function pageRoute(pathname: string): { status: number; type?: string; body: string; etag?: string } {
  if (pathname === '/robots.txt') return { status: 200, type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n' };
  if (pathname === '/feed.xml') {
    return {
      status: 200,
      type: 'application/rss+xml',
      body: rss([
        { link: `${base}/news/cairo?utm_source=rss&utm_medium=feed`, title: 'Hamas delegation leaves Cairo', description: 'Talks at a critical stage as the Hamas delegation leaves Cairo.' },
        { link: `${base}/news/cairo?utm_source=homepage`, title: 'Hamas delegation leaves Cairo', description: 'Talks at a critical stage as the Hamas delegation leaves Cairo.' },
        { link: `${base}/private/briefing`, title: 'Internal briefing' },
        { link: `${base}/paid`, title: 'Inside the Doha round' },
        { link: `${base}/forbidden`, title: 'Rafah crossing' },
        { link: `${base}/consent`, title: 'Qatar reassesses its role' },
      ]),
    };
  }
  if (pathname === '/many.xml') {
    return { status: 200, type: 'application/rss+xml', body: rss(Array.from({ length: 6 }, (_, k) => ({ link: `${base}/story/${k + 1}`, title: `Story ${k + 1}` }))) };
  }
  if (pathname === '/news/cairo' && cairoGone) return { status: 410, type: 'text/plain', body: 'gone' };
  if (pathname === '/news/cairo' || pathname === '/private/briefing') return { status: 200, type: 'text/html; charset=utf-8', body: newsPage, etag: '"cairo-1"' };
  if (pathname.startsWith('/story/')) return { status: 200, type: 'text/html; charset=utf-8', body: storyPage(pathname.slice('/story/'.length)) };
  if (pathname === '/paid') return { status: 402, type: 'text/html', body: fixture('paywall.html') };
  if (pathname === '/forbidden') return { status: 403, type: 'text/html', body: '<h1>Access denied</h1>' };
  if (pathname === '/consent') return { status: 200, type: 'text/html', body: fixture('consent-wall.html') };
  return { status: 404, type: 'text/plain', body: 'not found' };
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const ifNoneMatch = request.headers['if-none-match'];
    hits.push({ path: url.pathname, at: Date.now(), ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const route = pageRoute(url.pathname);
    const isPage = !url.pathname.endsWith('.xml') && url.pathname !== '/robots.txt';
    setTimeout(
      () => {
        inFlight--;
        if (route.etag && ifNoneMatch === route.etag) {
          response.writeHead(304, { etag: route.etag });
          return response.end();
        }
        response.writeHead(route.status, { 'content-type': route.type ?? 'text/html', ...(route.etag ? { etag: route.etag } : {}) });
        response.end(route.body);
      },
      isPage ? pageDelayMs : 0,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let store: TestStore;
let clock: Date;
let logs: string[];
let loaded: LoadedConfig;

function context(): IngestContext {
  const destination = new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) });
  return { db: store.db, logger: createLogger({ level: 'debug', destination }), loaded, now: () => clock };
}

beforeEach(async () => {
  store = await openTestStore();
  clock = new Date('2024-05-06T10:00:00Z');
  logs = [];
  hits = [];
  maxInFlight = 0;
  pageDelayMs = 0;
  cairoGone = false;
  loaded = loadConfig({ env: { PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' } });
  loaded.config.fetch = { ...loaded.config.fetch, timeoutMs: 5_000, idleTimeoutMs: 2_000 };
  loaded.config.fullText = { ...loaded.config.fullText, perHostDelayMs: 10 };
});
afterEach(() => store.dispose());

const articles = () => store.db.selectFrom('articles').selectAll().orderBy('id').execute();
const pageHits = () => hits.filter((hit) => !hit.path.endsWith('.xml'));

describe('full text of feed items', () => {
  it('stores the page’s article text beside the feed’s summary, without the page furniture', async () => {
    const [result] = await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    expect(result).toMatchObject({ ok: true, items: 6 });
    const cairo = (await articles()).find((row) => row.title === 'Hamas delegation leaves Cairo')!;
    expect(cairo).toMatchObject({
      completeness: 'full',
      partial_reason: null,
      summary: 'Talks at a critical stage as the Hamas delegation leaves Cairo.',
      canonical_url: `${base}${canonicalPath}`,
      url: `${base}${canonicalPath}`,
      language: 'en-GB',
    });
    expect(cairo.text).toContain('“Israel cannot accept that,” he said.');
    expect(cairo.text.split('\n\n')).toHaveLength(9);
    for (const junk of ['We use cookies', 'Share on Facebook', 'Sign up for our', 'Most read', 'Great reporting', 'All rights reserved', 'Delegates arrive']) {
      expect(cairo.text).not.toContain(junk);
    }
  });

  it('stores two items that link to the same article under different tracking parameters as one article', async () => {
    const [result] = await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    expect(result).toMatchObject({ items: 6, inserted: 5, unchanged: 1 });
    const cairo = (await articles()).filter((row) => row.canonical_url === `${base}${canonicalPath}`);
    expect(cairo).toHaveLength(1);
    expect(pageHits().filter((hit) => hit.path === '/news/cairo')).toHaveLength(2);
  });

  it('does not fetch a page robots.txt disallows, and keeps the feed’s text marked partial', async () => {
    await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    expect(hits.map((hit) => hit.path)).toContain('/robots.txt');
    expect(hits.some((hit) => hit.path.startsWith('/private/'))).toBe(false);
    const briefing = (await articles()).find((row) => row.title === 'Internal briefing')!;
    expect(briefing).toMatchObject({ completeness: 'partial', text: 'Internal briefing.' });
    expect(briefing.partial_reason).toMatch(/^robots_disallowed: robots\.txt disallows this page/);
  });

  it.each([
    ['a payment-required page', 'Inside the Doha round', /^http_402: HTTP 402/],
    ['a forbidden page', 'Rafah crossing', /^http_403: HTTP 403/],
    ['a consent wall', 'Qatar reassesses its role', /^consent_wall: /],
  ])('keeps the feed’s text for %s, marked partial with the reason, and logs it', async (_what, title, reason) => {
    await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    const row = (await articles()).find((article) => article.title === title)!;
    expect(row.completeness).toBe('partial');
    expect(row.partial_reason).toMatch(reason);
    expect(row.text).toBe(`${title}.`);
    expect(row.text).not.toMatch(/privacy|cookies|subscribe/i);
    expect(logs.some((line) => line.includes('full text not read') && line.includes(row.url!))).toBe(true);
  });

  it('makes at most two requests at a time to one host, spaced by the configured delay', async () => {
    pageDelayMs = 250;
    loaded.config.fullText = { ...loaded.config.fullText, perHostConcurrency: 2, perHostDelayMs: 100 };
    const [result] = await ingestFeedUrls(context(), [`${base}/many.xml`]);
    expect(result).toMatchObject({ items: 6, inserted: 6 });
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBe(2);
    const starts = pageHits().map((hit) => hit.at);
    expect(starts).toHaveLength(7);
    // Robots.txt and six pages, 100 ms apart at least (measured over the span: arrival times jitter).
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(6 * 100 - 50);
    const rows = await articles();
    expect(rows.every((row) => row.completeness === 'full')).toBe(true);
    expect(new Set(rows.map((row) => row.canonical_url)).size).toBe(6);
  });

  it('reads a page once: the next poll uses the stored page, and a later one revalidates it with its ETag', async () => {
    await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    const firstPages = pageHits().length;
    const before = await articles();

    await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    expect(pageHits().length).toBe(firstPages);

    clock = new Date(clock.getTime() + 13 * 60 * 60_000);
    hits = [];
    const [later] = await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    const cairoHits = pageHits().filter((hit) => hit.path === '/news/cairo');
    expect(cairoHits.length).toBeGreaterThan(0);
    expect(cairoHits.every((hit) => hit.ifNoneMatch === '"cairo-1"')).toBe(true);
    expect(later).toMatchObject({ inserted: 0, updated: 0 });
    expect(await articles()).toEqual(before);
  });

  it('keeps the text it read when the page later cannot be read again', async () => {
    await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    const before = await articles();
    cairoGone = true;
    clock = new Date(clock.getTime() + 13 * 60 * 60_000);
    hits = [];
    const [later] = await ingestFeedUrls(context(), [`${base}/feed.xml`]);
    expect(pageHits().map((hit) => hit.path)).toContain('/news/cairo');
    expect(later).toMatchObject({ inserted: 0, updated: 0 });
    expect(await articles()).toEqual(before);
  });

  it('fetches nothing for feeds set to never, or when the item’s own text is long enough in auto mode', async () => {
    const ctx = context();
    const long = 'Mediators in Doha said talks would resume on Friday. '.repeat(20).trim();
    const items: ArticleInput[] = [
      { sourceKey: 'feed:x#1', kind: 'feed', url: `${base}/news/cairo`, title: 'Cairo', publishedAt: null, text: 'Cairo.' },
      { sourceKey: 'feed:x#2', kind: 'feed', url: `${base}/story/9`, title: 'Doha', publishedAt: null, text: long },
    ];
    expect(await withFullText(ctx, items, 'never')).toEqual(items);
    const auto = await withFullText(ctx, items, 'auto');
    expect(auto[1]).toEqual(items[1]);
    expect(auto[0]!.completeness).toBe('full');
    expect(pageHits().map((hit) => hit.path)).toEqual(['/robots.txt', '/news/cairo']);
  });

  it('fetches only allowed hosts and never denied ones', async () => {
    loaded.config.fullText = { ...loaded.config.fullText, denyHosts: ['127.0.0.1'] };
    const item: ArticleInput = { sourceKey: 'feed:x#1', kind: 'feed', url: `${base}/news/cairo`, title: 'Cairo', publishedAt: null, text: 'Cairo.' };
    const [denied] = await withFullText(context(), [item], 'always');
    expect(denied).toMatchObject({ completeness: 'partial', partialReason: 'host_denied: 127.0.0.1 is in fullText.denyHosts' });
    loaded.config.fullText = { ...loaded.config.fullText, denyHosts: [], allowHosts: ['news.example.org'] };
    const [notAllowed] = await withFullText(context(), [item], 'always');
    expect(notAllowed!.partialReason).toMatch(/^host_denied: 127\.0\.0\.1 is not in fullText\.allowHosts/);
    expect(hits).toEqual([]);
  });
});

const postgres = storeVariants.find((variant) => variant.name === 'postgres')!;

describe.skipIf(!postgres.enabled)(postgres.enabled ? 'full text on PostgreSQL' : `full text on PostgreSQL (skipped: ${pgSkipReason})`, () => {
  it('stores full text, partial reasons and the page cache, and revalidates, as on SQLite', async () => {
    const sqlite = store;
    const pgStore = await postgres.open();
    store = pgStore;
    try {
      await ingestFeedUrls(context(), [`${base}/feed.xml`]);
      const rows = await articles();
      expect(rows).toHaveLength(5);
      expect(rows.find((row) => row.canonical_url === `${base}${canonicalPath}`)).toMatchObject({ completeness: 'full' });
      expect(rows.filter((row) => row.completeness === 'partial').map((row) => row.partial_reason!.split(':')[0]).sort()).toEqual(['consent_wall', 'http_402', 'http_403', 'robots_disallowed']);
      clock = new Date(clock.getTime() + 13 * 60 * 60_000);
      hits = [];
      const [later] = await ingestFeedUrls(context(), [`${base}/feed.xml`]);
      expect(later).toMatchObject({ inserted: 0, updated: 0 });
      expect(pageHits().filter((hit) => hit.path === '/news/cairo').every((hit) => hit.ifNoneMatch === '"cairo-1"')).toBe(true);
    } finally {
      store = sqlite;
      await pgStore.dispose();
    }
  });
});

describe('robots.txt', () => {
  let other: http.Server;
  let otherBase: string;
  let robots: { status: number; body: string };
  let otherHits: { path: string; at: number }[];

  beforeAll(async () => {
    other = http.createServer((request, response) => {
      const pathname = new URL(request.url ?? '/', 'http://x').pathname;
      otherHits.push({ path: pathname, at: Date.now() });
      if (pathname === '/robots.txt') {
        response.writeHead(robots.status, { 'content-type': 'text/plain' });
        return response.end(robots.body);
      }
      // A link shortener's hops: on to the first server, whose robots.txt disallows /private/.
      if (pathname === '/go/private') return response.writeHead(302, { location: `${base}/private/briefing` }).end();
      if (pathname === '/go/news') return response.writeHead(302, { location: `${base}/news/cairo` }).end();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(storyPage(pathname.slice(1)));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));
  beforeEach(() => {
    otherHits = [];
  });

  const item = (slug: string): ArticleInput => ({ sourceKey: `feed:x#${slug}`, kind: 'feed', url: `${otherBase}/${slug}`, title: slug, publishedAt: null, text: `${slug}.` });

  it('treats a site whose robots.txt answers 503 as disallowed for now, and one without robots.txt as allowed', async () => {
    robots = { status: 503, body: 'busy' };
    const [blocked] = await withFullText(context(), [item('a1')], 'auto', { limiter: new HostLimiter({ concurrency: 2, delayMs: 0 }) });
    expect(blocked!.partialReason).toMatch(/^robots_disallowed: robots\.txt could not be read \(.*HTTP 503/);
    expect(otherHits.map((hit) => hit.path)).toEqual(['/robots.txt']);

    // The verdict is kept for an hour, then robots.txt is asked for again.
    clock = new Date(clock.getTime() + 61 * 60_000);
    robots = { status: 404, body: 'not found' };
    otherHits = [];
    const [read] = await withFullText(context(), [item('a2')], 'auto', { limiter: new HostLimiter({ concurrency: 2, delayMs: 0 }) });
    expect(read!.completeness).toBe('full');
    expect(otherHits.map((hit) => hit.path)).toEqual(['/robots.txt', '/a2']);
  });

  it('checks robots.txt of the site a redirect leads to before following it', async () => {
    robots = { status: 404, body: 'not found' };
    const limiter = new HostLimiter({ concurrency: 2, delayMs: 0 });
    const [blocked] = await withFullText(context(), [item('go/private')], 'auto', { limiter });
    expect(blocked!.partialReason).toBe(`robots_disallowed: robots.txt disallows this page (redirected to ${base}/private/briefing)`);
    expect(hits.map((hit) => hit.path)).toEqual(['/robots.txt']);
    const [read] = await withFullText(context(), [item('go/news')], 'auto', { limiter });
    expect(read!.completeness).toBe('full');
    expect(hits.map((hit) => hit.path)).toEqual(['/robots.txt', '/news/cairo']);
    expect(otherHits.map((hit) => hit.path)).toEqual(['/robots.txt', '/go/private', '/go/news']);
  });

  it('matches the rules for parley’s own user agent and waits the Crawl-delay between pages', async () => {
    robots = { status: 200, body: 'User-agent: *\nDisallow: /\n\nUser-agent: parley\nAllow: /\nCrawl-delay: 0.3\n' };
    const out = await withFullText(context(), [item('b1'), item('b2'), item('b3')], 'auto', { limiter: new HostLimiter({ concurrency: 2, delayMs: 0 }) });
    expect(out.map((article) => article.completeness)).toEqual(['full', 'full', 'full']);
    const pages = otherHits.filter((hit) => hit.path !== '/robots.txt');
    expect(pages).toHaveLength(3);
    // Arrival times at the server jitter under load; the span over all pages does not add it up.
    expect(pages.at(-1)!.at - pages[0]!.at).toBeGreaterThanOrEqual(2 * 300 - 50);
  });
});

describe('addresses', () => {
  it('identifies a page without a canonical link by its address without tracking parameters', () => {
    expect(withoutTracking('https://wire.example/a/talks?id=3&utm_source=rss&utm_campaign=x&fbclid=abc#top')).toBe('https://wire.example/a/talks?id=3');
  });

  it('matches allowed and denied hosts with their subdomains, not look-alike names', () => {
    const settings = { ...loadConfig({ env: {} }).config.fullText, denyHosts: ['ads.example'], allowHosts: ['wire.example'] };
    expect(hostRefusal('https://news.wire.example/a', settings)).toBeNull();
    expect(hostRefusal('https://badwire.example/a', settings)).toMatch(/^host_denied: badwire\.example is not in fullText\.allowHosts/);
    expect(hostRefusal('https://cdn.ads.example/a', settings)).toMatch(/^host_denied: cdn\.ads\.example is in fullText\.denyHosts/);
  });
});

describe('per-host limiter', () => {
  it('never runs more than the limit for one host while other hosts go ahead', async () => {
    const limiter = new HostLimiter({ concurrency: 2, delayMs: 0 });
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (host: string) => async () => {
      running.set(host, (running.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, running.get(host)!));
      await new Promise((resolve) => setTimeout(resolve, 20));
      running.set(host, running.get(host)! - 1);
    };
    await Promise.all([...Array.from({ length: 8 }, () => limiter.run('a.example', task('a.example'))), ...Array.from({ length: 3 }, () => limiter.run('b.example', task('b.example')))]);
    expect(peak.get('a.example')).toBe(2);
    expect(peak.get('b.example')).toBe(2);
  });
});
