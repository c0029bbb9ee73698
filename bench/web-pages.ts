import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzePending, relevanceOf } from '../src/analysis/store-analysis.ts';
import { commandServices } from '../src/commands/services.ts';
import { loadConfig, type LoadedConfig } from '../src/config/index.ts';
import { runDigest } from '../src/delivery/run-digest.ts';
import { createLogger } from '../src/logger.ts';
import { createPlatforms } from '../src/platforms/index.ts';
import { splitFrontMatter } from '../src/sources/front-matter.ts';
import { ensureConfiguredSubscriptions, openStore, saveArticle, type Store } from '../src/store/index.ts';
import { webRoute } from '../src/web/http-route.ts';
import { refreshStoryDays, storyDayList } from '../src/web/story-days.ts';
import { copyRows, createDatabase, fill } from './latest-latency.ts';
import { sentencePool, syntheticArticle } from './synthetic-articles.ts';

/**
 * The web pages (docs/adr/005-story-on-the-web.md) with `size` stored, analysed articles, on SQLite
 * and, when PARLEY_BENCH_PG_URL (or PARLEY_TEST_PG_URL) names a PostgreSQL server, on PostgreSQL (a
 * fresh database filled with a copy of the SQLite rows). The synthetic articles are dated over ten
 * months and carry death tolls, injured and hostage counts, so the charts have points.
 *
 * On each store: every story day is planned (timed), a channel's digest of the last 1,000 articles
 * is recorded, then `parley start`'s HTTP listener serves the pages on 127.0.0.1 and each page is
 * fetched in turn, end to end (request, the lazy re-plan check, queries, rendering, response).
 * `/healthz` on the same listener is the floor: what any request costs. Last, one new article is
 * stored and analysed (as `parley ingest` does) and the first request after it is timed: it plans
 * that article's day again before answering.
 */
const root = path.resolve(import.meta.dirname, '..');
const NOW = new Date('2024-11-02T00:00:00Z');
/** Articles in the recorded digest: those since the channel's previous one. */
const DIGEST_ARTICLES = 1_000;

export interface PageFigures {
  page: string;
  requests: number;
  bytes: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface WebFigures {
  dialect: 'sqlite' | 'postgres';
  size: number;
  /** Planning every story day from nothing. */
  days: number;
  planMs: number;
  /** `/healthz` first, then the pages. */
  pages: PageFigures[];
  /** The first `/` after one new article, which plans its day again, and the one after that. */
  afterNewMs: number;
  afterNewReplanned: number;
  nextMs: number;
}

export async function runWebPagesBench(size: number, rounds: number, log: (line: string) => void): Promise<WebFigures[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-bench-'));
  const configFile = path.join(dir, 'parley.yaml');
  fs.writeFileSync(configFile, `sources:\n  articles: ${JSON.stringify(path.join(dir, 'articles'))}\nweb:\n  enabled: true\n  publicUrl: https://news.example.org/parley\n`);
  const loaded = loadConfig({ configPath: configFile, env: { PORT: '0', HOST: '127.0.0.1' } });
  const results: WebFigures[] = [];
  try {
    const sqlite = await openStore(`sqlite:${path.join(dir, 'web.db')}`);
    const started = performance.now();
    await fill(sqlite, size, loaded.config.topic);
    log(`  stored and analysed ${size.toLocaleString('en-US')} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const pgUrl = process.env.PARLEY_BENCH_PG_URL ?? process.env.PARLEY_TEST_PG_URL;
    const database = pgUrl ? await createDatabase(pgUrl) : null;
    try {
      let postgres: Store | null = null;
      if (database) {
        // Copied before any story day or digest exists, so both dialects start from the same rows.
        postgres = await openStore(database.url);
        await copyRows(sqlite, postgres);
      }
      results.push(await measure(sqlite, size, loaded, rounds, log));
      if (postgres) {
        results.push(await measure(postgres, size, loaded, rounds, log));
        await postgres.close();
      } else {
        log('  PostgreSQL skipped: set PARLEY_BENCH_PG_URL (or run under .ci/with-postgres)');
      }
    } finally {
      await database?.drop();
    }
    await sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

async function measure(store: Store, size: number, loaded: LoadedConfig, rounds: number, log: (line: string) => void): Promise<WebFigures> {
  const { config } = loaded;
  const logger = createLogger({ level: 'silent' });
  const now = () => NOW;

  const planStarted = performance.now();
  const planned = await refreshStoryDays(store.db, config, { maxDays: Infinity, now: NOW });
  const planMs = performance.now() - planStarted;

  // A channel whose previous digest covered all but the last 1,000 articles.
  const [subscription] = await ensureConfiguredSubscriptions(store.db, config, NOW);
  await store.db.updateTable('subscriptions').set({ cursor_seq: Math.max(0, size - DIGEST_ARTICLES) }).where('id', '=', subscription!.id).execute();
  const { digestId } = await runDigest({ db: store.db, config, logger, now }, { id: subscription!.id }, 'cli');
  const digest = await store.db.selectFrom('digests').select(['public_id', 'model']).where('id', '=', digestId).executeTakeFirstOrThrow();
  const digestFigures = (JSON.parse(digest.model) as { figures: unknown[] }).figures.length;
  const [newestDay] = await storyDayList(store.db);
  log(`  ${store.dialect}: ${planned.built} story days planned; the digest has ${digestFigures} figures; day page ${newestDay}`);

  const platforms = createPlatforms(loaded.env, logger);
  const services = commandServices({ store, loaded, logger, now, kickDelivery: () => {}, reloadSchedules: async () => {} });
  const server = await platforms.start(services, [webRoute({ db: store.db, config, now }, logger)]);
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const paths: [string, string, number][] = [
      ['/healthz', '/healthz', rounds],
      ['story /', '/', rounds],
      ['day', `/days/${newestDay}/`, rounds],
      ['digest', `/digests/${digest.public_id}/`, rounds],
      ['digest PNG', `/digests/${digest.public_id}/figures.png`, Math.min(rounds, 50)],
    ];
    const pages: PageFigures[] = [];
    for (const [page, url, requests] of paths) pages.push(await timeGets(base + url, page, requests));

    // One new article on the newest day, stored and analysed as `parley ingest` does, without planning.
    const pool = sentencePool(path.join(root, 'articles'));
    const text = syntheticArticle(size + 1, pool, () => '').replace(/^published: ".*"$/m, `published: "${newestDay}T12:00:00.000Z"`);
    const { data, body } = splitFrontMatter(text, 'new.txt');
    const saved = await saveArticle(
      store.db,
      { sourceKey: `file:/bench/new-${size + 1}.txt`, kind: 'file', file: 'articles/new.txt', url: data.url ?? null, title: data.title ?? null, outlet: data.outlet ?? null, publishedAt: data.published ?? null, text: body.trim() },
      NOW,
    );
    await analyzePending(store.db, config.topic);
    await relevanceOf(store.db, [saved.id], config.topic);
    const before = await builtAt(store, newestDay!);
    const afterNewMs = await timeGet(`${base}/`);
    const afterNewReplanned = (await builtAt(store, newestDay!)) !== before ? 1 : 0;
    const nextMs = await timeGet(`${base}/`);
    return { dialect: store.dialect, size, days: planned.built, planMs, pages, afterNewMs, afterNewReplanned, nextMs };
  } finally {
    await platforms.stop();
  }
}

async function builtAt(store: Store, day: string): Promise<string> {
  const row = await store.db.selectFrom('story_days').select(['built_at', 'max_seq']).where('day', '=', day).executeTakeFirstOrThrow();
  return `${row.built_at} ${row.max_seq}`;
}

async function get(url: string): Promise<number> {
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return body.byteLength;
}

async function timeGet(url: string): Promise<number> {
  const started = performance.now();
  await get(url);
  return performance.now() - started;
}

async function timeGets(url: string, page: string, requests: number): Promise<PageFigures> {
  let bytes = 0;
  for (let i = 0; i < 5; i++) bytes = await get(url); // warm caches, plans and the connection
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await timeGet(url));
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { page, requests, bytes, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
