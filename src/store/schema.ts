import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one source of truth for table shapes; every query is typed from it.
 *
 * Portable on purpose, so SQLite and PostgreSQL run the same queries: timestamps are ISO-8601 UTC
 * strings (`2024-05-05T10:00:00.000Z`, which sort as text), booleans are 0/1 integers, structured
 * values are JSON text.
 */
export interface Database {
  articles: ArticlesTable;
  annotations: AnnotationsTable;
  feeds: FeedsTable;
  subscriptions: SubscriptionsTable;
  digests: DigestsTable;
  told: ToldTable;
  outbox: OutboxTable;
  leases: LeasesTable;
  counters: CountersTable;
  lsh_buckets: LshBucketsTable;
  pages: PagesTable;
  robots: RobotsTable;
  story_days: StoryDaysTable;
}

type Timestamp = string;
type Flag = ColumnType<number, number | undefined, number>;

export interface ArticlesTable {
  id: Generated<number>;
  /**
   * Ingest sequence: taken from `counters` when the article is stored and again when its text
   * changes. A channel's cursor is the highest `seq` it has been told about, so "new since the
   * last digest" means `seq > cursor`, whatever the publication date says.
   */
  seq: number;
  /** What identifies the article across re-ingests: `file:<absolute path>` or `feed:<feed url>#<guid>`. */
  source_key: string;
  kind: 'file' | 'feed';
  /** Path as shown to users (relative to the working directory when inside it). */
  file: string | null;
  url: string | null;
  /** `<link rel="canonical">` / `og:url` when known: the same article under another URL is stored once. */
  canonical_url: string | null;
  feed_id: number | null;
  title: string | null;
  outlet: string | null;
  byline: string | null;
  language: string | null;
  published_at: Timestamp | null;
  ingested_at: Timestamp;
  updated_at: Timestamp;
  /** sha256 of the cleaned text and metadata: an unchanged re-ingest is a no-op. */
  content_hash: string;
  /** Cleaned body text: paragraphs separated by a blank line, page junk removed. */
  text: string;
  /** The feed item's own summary, kept beside the full text. */
  summary: string | null;
  completeness: ColumnType<'full' | 'partial', 'full' | 'partial' | undefined, 'full' | 'partial'>;
  /** Why the full text could not be read (paywall, consent wall, HTTP 403, …) when `partial`. */
  partial_reason: string | null;
}

/** Analysis results cached per article, recomputed when the analyzer version or the article changes. */
export interface AnnotationsTable {
  article_id: number;
  kind: string;
  version: number;
  /** JSON. */
  data: string;
}

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  /** `config` for feeds from the config file, `admin` for `/parley sources add`. */
  origin: 'config' | 'admin';
  added_by: string | null;
  added_at: Timestamp;
  full_text: ColumnType<'auto' | 'always' | 'never', 'auto' | 'always' | 'never' | undefined, 'auto' | 'always' | 'never'>;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: Timestamp | null;
  last_ok_at: Timestamp | null;
  last_error: string | null;
  failures: ColumnType<number, number | undefined, number>;
  /** Failing feeds back off: they are not fetched again before this time. */
  next_attempt_at: Timestamp | null;
}

/** A channel that receives digests: the console, a Slack channel or a Discord channel. */
export interface SubscriptionsTable {
  id: Generated<number>;
  platform: 'console' | 'slack' | 'discord';
  channel_id: string;
  /** Slack team id or Discord guild id. */
  workspace_id: string | null;
  topic: string;
  /** Cron expression, evaluated in `time_zone`. */
  schedule: string;
  time_zone: string;
  paused: Flag;
  notify_empty: Flag;
  /** Highest article `seq` this channel has been told about. */
  cursor_seq: ColumnType<number, number | undefined, number>;
  last_digest_at: Timestamp | null;
  /** The next scheduled run, stored so a run missed while parley was down is caught up at start. */
  next_run_at: Timestamp | null;
  status: ColumnType<'ok' | 'failing', 'ok' | 'failing' | undefined, 'ok' | 'failing'>;
  status_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DigestsTable {
  id: Generated<number>;
  subscription_id: number;
  created_at: Timestamp;
  trigger: 'schedule' | 'catch-up' | 'now' | 'cli';
  cursor_from: number;
  cursor_to: number;
  empty: Flag;
  /** The digest model (DESIGN.md) as JSON. */
  model: string;
  /** Random, unguessable id of the digest's web page (`/digests/<public_id>/`); set when recorded. */
  public_id: string | null;
  /** What became of every article and candidate development, and why (digest/explanation.ts), as JSON. */
  explanation: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * One publication day of the story as the web pages show it: the day's articles planned as one
 * digest with nothing told before (web/story-days.ts). Rebuilt when the day's articles or the
 * analysis change.
 */
export interface StoryDaysTable {
  /** `2024-05-05` (UTC). */
  day: string;
  /** Analysis version, topic and planning settings the row was built with. */
  version: string;
  /** The highest ingest sequence among the day's articles when built: a higher one means it changed. */
  max_seq: number;
  /** Number of developments in `timeline`: days with none are not shown. */
  updates: number;
  /** The day's developments (digest updates), JSON. */
  timeline: string;
  /** The day's figures (digest figures, one per label), JSON. */
  figures: string;
  built_at: Timestamp;
}

/** What a channel has already been told: developments, quotes and figures, so none is repeated. */
export interface ToldTable {
  subscription_id: number;
  kind: 'development' | 'quote' | 'figure' | 'story' | 'background';
  key: string;
  /** For figures, the value told (so the next change reports it as `previous`). */
  value: string | null;
  digest_id: number | null;
  told_at: Timestamp;
}

/** Planned platform messages of a digest, written with the digest in one transaction. */
export interface OutboxTable {
  id: Generated<number>;
  digest_id: number;
  subscription_id: number;
  /** 0 is the parent message; replies follow in order. */
  seq: number;
  /** The rendered platform payload, JSON. */
  payload: string;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  /**
   * Attempts up to this number are known not to have reached the platform (it refused them, and
   * any earlier attempt was looked for and not found): only an attempt beyond it may have landed.
   */
  refused_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  claim_expires_at: Timestamp | null;
  platform_message_id: string | null;
  /** Slack thread ts / Discord thread channel id, set on the parent once the thread exists. */
  thread_id: string | null;
  last_error: string | null;
  sent_at: Timestamp | null;
}

/** Named leases (`schedule:<subscription id>`, …) so one instance does a piece of work at a time. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Timestamp;
}

/** One LSH band of an article's near-duplicate fingerprint (see analysis/fingerprint.ts). */
export interface LshBucketsTable {
  band: string;
  article_id: number;
}

/** A page a feed item links to, as last read: its extracted article, or why it could not be read. */
export interface PagesTable {
  /** The item's link, as the feed gives it. */
  url: string;
  /** Where redirects led. */
  final_url: string | null;
  outcome: 'full' | 'partial';
  /** `paywall: …`, `http_403: …`, `consent_wall: …` when `partial`. */
  reason: string | null;
  etag: string | null;
  last_modified: string | null;
  /** When the page body was last downloaded. */
  fetched_at: Timestamp;
  /** When the page was last asked for (a 304 moves this, not `fetched_at`). */
  checked_at: Timestamp;
  /** Not asked for again before this time. */
  next_check_at: Timestamp;
  title: string | null;
  byline: string | null;
  published_at: Timestamp | null;
  language: string | null;
  site_name: string | null;
  canonical_url: string | null;
  /** The article text, paragraphs separated by a blank line; null when `partial`. */
  text: string | null;
}

/** robots.txt of one site (`https://example.org`). */
export interface RobotsTable {
  origin: string;
  body: string;
  /** Why the file could not be read (everything is then disallowed until `expires_at`). */
  unreachable: string | null;
  fetched_at: Timestamp;
  expires_at: Timestamp;
}

export interface CountersTable {
  name: string;
  value: number;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticle = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type FeedRow = Selectable<FeedsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type DigestRow = Selectable<DigestsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type StoryDayRow = Selectable<StoryDaysTable>;
