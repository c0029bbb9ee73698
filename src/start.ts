import cron, { type ScheduledTask } from 'node-cron';
import { loadConfig, type LoadedConfig } from './config/index.ts';
import { ConsoleChannel } from './delivery/console-channel.ts';
import { planDigest, recordDigest, type DigestTrigger } from './digest/index.ts';
import { errorMessage } from './errors.ts';
import { createLogger, secretsFromEnv, type Logger } from './logger.ts';
import { renderMessages } from './render/index.ts';
import type { IngestContext } from './sources/context.ts';
import { ingestConfiguredSources } from './sources/ingest-configured.ts';
import { ensureConfiguredSubscriptions, findSubscription, openStore, type Store, type SubscriptionRow } from './store/index.ts';

/**
 * `parley start`: ingest, catch up, then run on schedules until SIGINT or SIGTERM.
 *
 *   1. load the config and open the store; the config's channels become subscriptions
 *   2. ingest the articles folder and the configured feeds
 *   3. give each console channel that never had a digest its first one right away
 *   4. re-ingest on `sources.ingestSchedule`; post each channel's digest on its own schedule
 *   5. on a signal: stop the schedules, let running work finish, close the store
 */
export interface StartOptions {
  config?: string;
  db?: string;
}

interface Runtime {
  loaded: LoadedConfig;
  logger: Logger;
  store: Store;
  console: ConsoleChannel;
}

export async function start(options: StartOptions): Promise<void> {
  const loaded = loadConfig({ configPath: options.config, databaseUrl: options.db });
  const logger = createLogger({ level: loaded.env.PARLEY_LOG_LEVEL ?? loaded.config.log.level, secrets: secretsFromEnv() });
  const store = await openStore(loaded.databaseUrl);
  const runtime: Runtime = { loaded, logger, store, console: new ConsoleChannel() };
  logger.info({ config: loaded.configPath, db: store.displayUrl }, 'parley starting');

  const work = serialQueue(logger);
  const subscriptions = await ensureConfiguredSubscriptions(store.db, loaded.config);
  await work(() => ingest(runtime));
  for (const subscription of subscriptions.filter((row) => row.platform === 'console' && row.last_digest_at === null)) {
    await work(() => deliverDigest(runtime, subscription, 'catch-up'));
  }

  const tasks = [
    cron.schedule(loaded.config.sources.ingestSchedule, () => work(() => ingest(runtime)), { name: 'ingest', noOverlap: true }),
    ...subscriptions
      .filter((row) => row.platform === 'console')
      .map((row) =>
        cron.schedule(row.schedule, () => work(() => deliverDigest(runtime, row, 'schedule')), {
          name: `digest:${row.platform}:${row.channel_id}`,
          timezone: row.time_zone,
          noOverlap: true,
        }),
      ),
  ];
  logger.info({ schedules: tasks.length }, 'parley running; stop with Ctrl-C');

  const signal = await nextSignal();
  logger.info({ signal }, 'parley stopping');
  await Promise.all(tasks.map((task: ScheduledTask) => task.destroy()));
  await work(async () => {});
  await store.close();
  logger.info('parley stopped');
}

/** Ingests files and configured feeds, logging what was skipped or failed and why. */
async function ingest({ loaded, logger, store }: Runtime): Promise<void> {
  const ctx: IngestContext = { db: store.db, logger, loaded, now: () => new Date() };
  const report = await ingestConfiguredSources(ctx, 'due');
  for (const skipped of report.files?.skipped ?? []) logger.warn({ file: skipped.file, reason: skipped.reason }, 'article file skipped');
  logger.info({ files: report.files && { ...report.files, skipped: report.files.skipped.length }, feeds: report.feeds.length }, 'ingested');
}

/**
 * Plans, records and prints one console channel's digest. An empty scheduled digest is recorded
 * (the cursor moves past off-topic articles) but printed only when the channel asked for
 * "nothing new" notices.
 */
async function deliverDigest(runtime: Runtime, configured: SubscriptionRow, trigger: DigestTrigger): Promise<void> {
  const { store, loaded, logger } = runtime;
  const subscription = await findSubscription(store.db, configured.platform, configured.channel_id);
  if (!subscription || subscription.paused) return;
  const now = new Date();
  const plan = await planDigest({ db: store.db, subscription, config: loaded.config, now });
  const digestId = await store.db.transaction().execute((trx) => recordDigest(trx, subscription, plan, trigger, now));
  const empty = plan.digest.updates.length === 0;
  logger.info({ channel: subscription.channel_id, digestId, trigger, updates: plan.digest.updates.length }, 'digest planned');
  if (empty && !subscription.notify_empty) return;

  const [parent, ...replies] = renderMessages(plan.digest, 'console');
  if (!parent) return;
  const marker = (seq: number) => ({ digestId, seq, key: `parley:${digestId}:${seq}` });
  const posted = await runtime.console.post({ channelId: subscription.channel_id, payload: parent.payload, marker: marker(0) });
  for (const [index, reply] of replies.entries()) {
    await runtime.console.post({ channelId: subscription.channel_id, payload: reply.payload, marker: marker(index + 1), parent: posted });
  }
}

/** Runs jobs one at a time (SQLite has one writer); a failing job is logged and does not stop the next. */
function serialQueue(logger: Logger): (job: () => Promise<void>) => Promise<void> {
  let tail = Promise.resolve();
  return (job) => {
    const run = tail.then(job).catch((error: unknown) => logger.error({ err: error }, `scheduled work failed: ${errorMessage(error)}`));
    tail = run;
    return run;
  };
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
