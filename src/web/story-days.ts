import { sql, type ExpressionBuilder } from 'kysely';
import { ANALYSIS_VERSION } from '../analysis/analyze-article.ts';
import { analyzePending, topicFingerprint } from '../analysis/store-analysis.ts';
import type { Config } from '../config/index.ts';
import { planDigest, type Figure, type Update } from '../digest/index.ts';
import { articleDate, type Database, type Executor, type SubscriptionRow } from '../store/index.ts';

/**
 * The story day by day, as the web pages show it (docs/adr/005-story-on-the-web.md).
 *
 * Each publication day (UTC) is planned as one digest of that day's articles, for a reader told
 * nothing before, with the digest planner itself: the same developments, quotes, sources and
 * figures a channel would get. The result is kept in `story_days`, so a page reads a few rows
 * instead of planning over the whole store. A day is planned again only when one of its articles
 * was stored or edited since (a higher ingest sequence number than the row's `max_seq`; an edit
 * takes a new one) or when the analysis, the topic or these settings change (its `version`).
 *
 * Which days may have changed is found from a watermark (`counters.story_days_seq`): only articles
 * stored after it are looked at, so an unchanged store costs one index lookup.
 *
 *   5 May built with articles seq 3 and 7 (max_seq 7); article 3 edited → seq 12 > 7: planned again
 */

/** Most developments shown for one day. */
export const DAY_UPDATES = 10;
/** Bump when what a day row holds or how it is planned changes: every day is rebuilt once. */
const LAYOUT_VERSION = 1;
const WATERMARK = 'story_days_seq';

export interface StoryDay {
  day: string;
  updates: Update[];
  figures: Figure[];
}

export interface RefreshResult {
  /** Days planned again. */
  built: number;
  /** Days that may have changed and were left for a later call (over `maxDays`). */
  left: number;
}

/** What a day row was built with: when any of it changes, the row is stale. */
function buildVersion(config: Config): string {
  return [ANALYSIS_VERSION, topicFingerprint(config.topic), DAY_UPDATES, LAYOUT_VERSION].join(':');
}

const dayOf = sql<string>`substr(${articleDate}, 1, 10)`;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Plans again the days whose articles or analysis changed, newest first, at most `maxDays` of
 * them (a page asked for while much is new waits for a few days, not for all of them).
 */
export async function refreshStoryDays(db: Executor, config: Config, options: { maxDays: number; now: Date }): Promise<RefreshResult> {
  await analyzePending(db, config.topic);
  const version = buildVersion(config);
  const mark = Number((await db.selectFrom('counters').select('value').where('name', '=', WATERMARK).executeTakeFirst())?.value ?? 0);
  // Read before the days: an article stored meanwhile has a higher seq and is looked at next time.
  const top = Number((await db.selectFrom('articles').select((eb) => eb.fn.max('seq').as('top')).executeTakeFirst())?.top ?? 0);
  const touched = await db.selectFrom('articles').select([dayOf.as('day'), (eb) => eb.fn.max('seq').as('seq')]).where('seq', '>', mark).groupBy(dayOf).execute();
  const outdated = await db.selectFrom('story_days').select('day').where('version', '!=', version).execute();
  const built = new Map<string, { version: string; max_seq: number }>();
  const touchedDays = touched.map((t) => t.day);
  for (let i = 0; i < touchedDays.length; i += 500) {
    const rows = await db.selectFrom('story_days').select(['day', 'version', 'max_seq']).where('day', 'in', touchedDays.slice(i, i + 500)).execute();
    for (const r of rows) built.set(r.day, { version: r.version, max_seq: Number(r.max_seq) });
  }
  const stale = new Set(outdated.map((r) => r.day));
  for (const t of touched) {
    const row = built.get(t.day);
    if (!row || row.version !== version || Number(t.seq) > row.max_seq) stale.add(t.day);
  }
  const days = [...stale].sort().reverse();
  for (const day of days.slice(0, options.maxDays)) await buildDay(db, config, day, version, options.now);
  const left = Math.max(0, days.length - options.maxDays);
  if (left === 0 && top > mark) {
    await db.insertInto('counters').values({ name: WATERMARK, value: top }).onConflict((oc) => oc.column('name').doUpdateSet({ value: top })).execute();
  }
  return { built: Math.min(days.length, options.maxDays), left };
}

/** Plans one day: its articles as one digest for a reader told nothing. */
async function buildDay(db: Executor, config: Config, day: string, version: string, now: Date): Promise<void> {
  const to = nextDay(day);
  const plan = await planDigest({
    db,
    subscription: readerToldNothing(config),
    config: { ...config, digest: { ...config.digest, maxUpdates: DAY_UPDATES } },
    now,
    dated: { from: day, to },
  });
  const covered = await db.selectFrom('articles').select((eb) => eb.fn.max('seq').as('seq')).where(articleDate, '>=', day).where(articleDate, '<', to).executeTakeFirst();
  const row = {
    version,
    max_seq: Number(covered?.seq ?? 0),
    updates: plan.digest.updates.length,
    timeline: JSON.stringify(plan.digest.updates),
    figures: JSON.stringify(plan.digest.figures),
    built_at: now.toISOString(),
  };
  await db.insertInto('story_days').values({ day, ...row }).onConflict((oc) => oc.column('day').doUpdateSet(row)).execute();
}

/** A channel that was never told anything: no `told` rows have subscription id 0. */
function readerToldNothing(config: Config): SubscriptionRow {
  return {
    id: 0,
    platform: 'console',
    channel_id: 'web',
    workspace_id: null,
    topic: config.topic.id,
    schedule: '',
    time_zone: 'UTC',
    paused: 0,
    notify_empty: 0,
    cursor_seq: 0,
    last_digest_at: null,
    next_run_at: null,
    status: 'ok',
    status_reason: null,
    created_at: '',
    updated_at: '',
  };
}

/** A day has a page when it has developments or figures (a chart's point links to its day). */
const shown = (eb: ExpressionBuilder<Database, 'story_days'>) => eb.or([eb('updates', '>', 0), eb('figures', '!=', '[]')]);

const parseDay = (row: { day: string; timeline: string; figures: string }): StoryDay => ({
  day: row.day,
  updates: JSON.parse(row.timeline) as Update[],
  figures: JSON.parse(row.figures) as Figure[],
});

/** The newest `limit` days that have developments, before `before` when given, newest first. */
export async function storyDays(db: Executor, options: { limit: number; before?: string }): Promise<StoryDay[]> {
  const rows = await db
    .selectFrom('story_days')
    .select(['day', 'timeline', 'figures'])
    .where('updates', '>', 0)
    .$if(options.before !== undefined, (q) => q.where('day', '<', options.before!))
    .orderBy('day', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(parseDay);
}

export async function storyDay(db: Executor, day: string): Promise<StoryDay | null> {
  const row = await db.selectFrom('story_days').select(['day', 'timeline', 'figures']).where('day', '=', day).where(shown).executeTakeFirst();
  return row ? parseDay(row) : null;
}

/** Every day that has a page, newest first (a few hundred short strings for a year of news). */
export async function storyDayList(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('story_days').select('day').where(shown).orderBy('day', 'desc').execute();
  return rows.map((r) => r.day);
}

/** The figures of every day up to `until` (inclusive), oldest first: one row per day, not per article. */
export async function figureDays(db: Executor, options: { until?: string } = {}): Promise<{ day: string; figures: Figure[] }[]> {
  const rows = await db
    .selectFrom('story_days')
    .select(['day', 'figures'])
    .where('figures', '!=', '[]')
    .$if(options.until !== undefined, (q) => q.where('day', '<=', options.until!))
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, figures: JSON.parse(r.figures) as Figure[] }));
}

/**
 * A token that changes whenever a page could: a day planned again (its articles' highest `seq`
 * grows, or its build version changes), a day added, a digest recorded. Pages are cached under it
 * (web/page-cache.ts).
 */
export async function siteState(db: Executor): Promise<string> {
  const [days, digests] = await Promise.all([
    db
      .selectFrom('story_days')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum('max_seq').as('seqs'), eb.fn.min('version').as('oldest'), eb.fn.max('version').as('newest')])
      .executeTakeFirst(),
    db.selectFrom('digests').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst(),
  ]);
  return [days?.n, days?.seqs, days?.oldest, days?.newest, digests?.id].map((v) => String(v ?? '')).join(':');
}
