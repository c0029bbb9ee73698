import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { FeedConfig } from '../config/index.ts';
import { errorMessage } from '../errors.ts';
import { saveArticles, type Database, type Executor, type FeedRow } from '../store/index.ts';
import type { IngestContext } from './context.ts';
import { feedItemToArticle } from './feed-article.ts';
import { FeedParseError, parseFeed } from './feed-parse.ts';
import { FetchError, fetchOptionsFrom, fetchUrl } from './fetch.ts';
import { withFullText } from './full-text.ts';
import { mapLimit } from './map-limit.ts';

export interface FeedIngestResult {
  url: string;
  ok: boolean;
  /** The server answered 304: nothing changed since the last fetch. */
  notModified: boolean;
  /** Items read from the feed. */
  items: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** One line naming the feed and the reason, when `ok` is false. */
  error?: string;
}

/**
 * `added_by` of a feed row created by `parley ingest URL`. The row exists so the articles have a
 * feed (and its conditional-GET state is kept for the next `parley ingest URL`), but a one-off
 * URL is not a subscription: scheduled ingestion skips it, and it is not listed as an admin source.
 */
export const oneOffFeedMarker = 'parley ingest';

/** A feed row made by a one-off `parley ingest URL` only. */
export function isOneOffFeed(feed: Pick<FeedRow, 'origin' | 'added_by'>): boolean {
  return feed.origin !== 'config' && feed.added_by === oneOffFeedMarker;
}

/** The same rule in SQL: feeds that are followed (configured, or added by an admin). */
export function isFollowedFeed(eb: ExpressionBuilder<Database, 'feeds'>): Expression<SqlBool> {
  return eb.or([eb('origin', '=', 'config'), eb('added_by', 'is', null), eb('added_by', '!=', oneOffFeedMarker)]);
}

/** Feeds fetched at once; small, because each may hold up to `fetch.maxBytes` in memory. */
const feedConcurrency = 4;
/** A failing feed waits 5 minutes, then twice as long after each further failure, at most 6 hours. */
const backoffBaseMs = 5 * 60_000;
const backoffMaxMs = 6 * 60 * 60_000;

export function backoffDelayMs(failures: number): number {
  return Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

/**
 * Fetches the given URLs once as feeds (`parley ingest URL…`), whatever their backoff says: the
 * operator asked for them now. Each gets a `feeds` row (see `oneOffFeedMarker`) unless the URL is
 * already a configured or admin feed, in which case that row is used.
 */
export async function ingestFeedUrls(ctx: IngestContext, urls: readonly string[]): Promise<FeedIngestResult[]> {
  const unique = [...new Set(urls.map((url) => url.trim()))];
  return mapLimit(unique, feedConcurrency, async (url) => {
    if (!isHttpUrl(url)) {
      const error = new FetchError('bad_url', url, 'not an http or https URL');
      ctx.logger.warn({ feed: url, reason: error.reason }, error.message);
      return failed(url, error.message);
    }
    const row = await ensureFeedRow(ctx.db, url, ctx.now());
    return ingestFeed(ctx, row);
  });
}

/**
 * Makes the `feeds` table hold exactly the configured feeds as `origin = 'config'`: new ones are
 * added, removed ones deleted (their articles stay, without a feed), and a URL that was added by
 * an admin or fetched once becomes a configured feed, keeping its fetch state.
 */
export async function syncConfiguredFeeds(db: Executor, feeds: readonly FeedConfig[], now = new Date()): Promise<void> {
  const wanted = new Map(feeds.map((feed) => [feed.url, feed]));
  const existing = await db.selectFrom('feeds').select(['id', 'url', 'origin', 'full_text']).execute();
  for (const row of existing) {
    const feed = wanted.get(row.url);
    if (feed) {
      if (row.origin !== 'config' || row.full_text !== feed.fullText) {
        await db.updateTable('feeds').set({ origin: 'config', full_text: feed.fullText, added_by: null }).where('id', '=', row.id).execute();
      }
      wanted.delete(row.url);
    } else if (row.origin === 'config') {
      await db.deleteFrom('feeds').where('id', '=', row.id).execute();
    }
  }
  for (const feed of wanted.values()) {
    await db
      .insertInto('feeds')
      .values({ url: feed.url, origin: 'config', added_at: now.toISOString(), full_text: feed.fullText })
      .onConflict((conflict) => conflict.column('url').doNothing())
      .execute();
  }
}

/**
 * Fetches every configured and admin-added feed whose backoff has passed. A failing feed is
 * logged with its URL and reason and tried again once its backoff is over; it never stops the others.
 */
export async function ingestDueFeeds(ctx: IngestContext): Promise<FeedIngestResult[]> {
  const now = ctx.now().toISOString();
  const due = await ctx.db
    .selectFrom('feeds')
    .selectAll()
    .where(isFollowedFeed)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .execute();
  return mapLimit(due, feedConcurrency, (row) => ingestFeed(ctx, row));
}

/** Fetch, parse and store one feed, and record the outcome on its row. Never throws. */
async function ingestFeed(ctx: IngestContext, feed: FeedRow): Promise<FeedIngestResult> {
  const { url } = feed;
  const startedAt = ctx.now();
  try {
    const response = await fetchUrl(url, { ...fetchOptionsFrom(ctx.loaded), etag: feed.etag, lastModified: feed.last_modified });
    if (response.notModified) {
      await recordSuccess(ctx.db, feed.id, startedAt, { etag: feed.etag, lastModified: feed.last_modified, title: feed.title });
      ctx.logger.debug({ feed: url }, 'feed not modified');
      return { url, ok: true, notModified: true, items: 0, inserted: 0, updated: 0, unchanged: 0 };
    }
    const parsed = await parseFeed(response.text(), url);
    // Pages are read before the transaction: it must not stay open while waiting on the network.
    const articles = await withFullText(ctx, parsed.items.map((item) => feedItemToArticle(parsed, item, url, feed.id)), feed.full_text);
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    await inTransaction(ctx.db, async (db) => {
      for (const saved of await saveArticles(db, articles, startedAt)) counts[saved.status]++;
    });
    await recordSuccess(ctx.db, feed.id, startedAt, {
      etag: response.headers.etag ?? null,
      lastModified: response.headers['last-modified'] ?? null,
      title: parsed.title ? parsed.title.slice(0, 300) : feed.title,
    });
    if (parsed.unreadable > 0) {
      ctx.logger.warn({ feed: url, unreadable: parsed.unreadable }, `${url}: ${parsed.unreadable} entries could not be read and were skipped`);
    }
    ctx.logger.info({ feed: url, items: parsed.items.length, ...counts }, 'feed ingested');
    return { url, ok: true, notModified: false, items: parsed.items.length, ...counts };
  } catch (error) {
    const known = error instanceof FetchError || error instanceof FeedParseError;
    const message = known ? error.message : `${url}: ${errorMessage(error)}`;
    const failures = feed.failures + 1;
    const retryAt = new Date(startedAt.getTime() + backoffDelayMs(failures));
    try {
      await ctx.db
        .updateTable('feeds')
        .set({ last_fetched_at: startedAt.toISOString(), last_error: message.slice(0, 1000), failures, next_attempt_at: retryAt.toISOString() })
        .where('id', '=', feed.id)
        .execute();
    } catch (recordError) {
      ctx.logger.error({ feed: url, err: recordError }, 'could not record the feed failure');
    }
    if (known) ctx.logger.warn({ feed: url, reason: error instanceof FetchError ? error.reason : error.code, failures, retryAt: retryAt.toISOString() }, message);
    else ctx.logger.error({ feed: url, err: error, failures }, message);
    return failed(url, message);
  }
}

async function recordSuccess(db: Executor, id: number, at: Date, state: { etag: string | null; lastModified: string | null; title: string | null }) {
  await db
    .updateTable('feeds')
    .set({
      etag: state.etag,
      last_modified: state.lastModified,
      title: state.title,
      last_fetched_at: at.toISOString(),
      last_ok_at: at.toISOString(),
      last_error: null,
      failures: 0,
      next_attempt_at: null,
    })
    .where('id', '=', id)
    .execute();
}

async function ensureFeedRow(db: Executor, url: string, now: Date): Promise<FeedRow> {
  await db
    .insertInto('feeds')
    .values({ url, origin: 'admin', added_by: oneOffFeedMarker, added_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('url').doNothing())
    .execute();
  return db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirstOrThrow();
}

/** A feed's articles are stored together: a reader never sees half a feed, and SQLite commits once. */
async function inTransaction(db: Executor, work: (db: Executor) => Promise<void>): Promise<void> {
  if (db.isTransaction) return work(db);
  await db.transaction().execute(work);
}

function failed(url: string, error: string): FeedIngestResult {
  return { url, ok: false, notModified: false, items: 0, inserted: 0, updated: 0, unchanged: 0, error };
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
