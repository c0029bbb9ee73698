import cron from 'node-cron';
import { analyzePending } from './analysis/store-analysis.ts';
import { loadConfig, type LoadedConfig } from './config/index.ts';
import { ConsoleChannel } from './delivery/console-channel.ts';
import { newInstanceId, releaseWorkOfDeadLocalInstances } from './delivery/instances.ts';
import { runDigest } from './delivery/run-digest.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { errorMessage } from './errors.ts';
import { createLogger, secretsFromEnv, type Logger } from './logger.ts';
import { commandServices } from './commands/services.ts';
import { createPlatforms } from './platforms/index.ts';
import { Scheduler } from './scheduler/index.ts';
import type { IngestContext } from './sources/context.ts';
import { ingestConfiguredSources } from './sources/ingest-configured.ts';
import { ensureConfiguredSubscriptions, openStore, type Store } from './store/index.ts';

/**
 * `parley start`: ingest, catch up, then run on schedules until SIGINT or SIGTERM.
 *
 *   1. load the config and open the store; the config's channels become subscriptions
 *   2. ingest the articles folder and the configured feeds, and analyse what came in (and, with
 *      `web.enabled`, plan the changed days of the story for the web pages)
 *   3. give each console channel that never had a digest its first one right away
 *   4. re-ingest on `sources.ingestSchedule`; plan each channel's digest on its own schedule
 *      (catching up a run missed while down) into the outbox, which the delivery worker sends
 *   5. on a signal: stop taking work, let running work finish or give back its claims, close the store
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
  worker: DeliveryWorker;
}

export async function start(options: StartOptions): Promise<void> {
  // Listen from the first moment: a Ctrl-C during start-up still ends in a clean stop, not a kill.
  const stopSignal = nextSignal();
  const loaded = loadConfig({ configPath: options.config, databaseUrl: options.db });
  const logger = createLogger({ level: loaded.env.PARLEY_LOG_LEVEL ?? loaded.config.log.level, secrets: secretsFromEnv() });
  const store = await openStore(loaded.databaseUrl);
  const instanceId = newInstanceId();
  const consoleChannel = new ConsoleChannel();
  // Slack and Discord run when their tokens are set; with none, digests go to the console only.
  const platforms = createPlatforms(loaded.env, logger);
  const worker = new DeliveryWorker({ db: store.db, dialect: store.dialect, channels: { console: consoleChannel, ...platforms.channels }, logger, instanceId });
  const scheduler = new Scheduler({ db: store.db, config: loaded.config, logger, instanceId, onQueued: () => worker.kick() });
  const runtime: Runtime = { loaded, logger, store, console: consoleChannel, worker };
  logger.info({ config: loaded.configPath, db: store.displayUrl, instance: instanceId }, 'parley starting');

  const work = serialQueue(logger);
  const orphaned = await releaseWorkOfDeadLocalInstances(store.db, instanceId);
  if (orphaned.length > 0) logger.info({ instances: orphaned }, 'took over the work of instances that stopped without giving it back');
  const subscriptions = await ensureConfiguredSubscriptions(store.db, loaded.config);
  await work(() => ingest(runtime));
  for (const subscription of subscriptions.filter((row) => row.platform === 'console' && row.last_digest_at === null)) {
    await work(() => firstDigest(runtime, subscription.id));
  }
  worker.start();
  // Listening before the scheduler's catch-up runs, so /healthz and commands answer early.
  // The web pages (and their renderers) are loaded only when enabled.
  const webRoutes = loaded.config.web.enabled
    ? [(await import('./web/http-route.ts')).webRoute({ db: store.db, config: loaded.config, now: () => new Date() }, logger)]
    : [];
  try {
    await platforms.start(
      commandServices({ store, loaded, logger, kickDelivery: () => worker.kick(), reloadSchedules: () => scheduler.reload() }),
      webRoutes,
    );
  } catch (error) {
    // E.g. the port is taken: stop what already runs, so the process can exit with the error.
    await platforms.stop();
    await worker.stop();
    await store.close();
    throw error;
  }
  await scheduler.start();

  const ingestTask = cron.schedule(loaded.config.sources.ingestSchedule, () => work(() => ingest(runtime)), { name: 'ingest', noOverlap: true });
  logger.info({ channels: subscriptions.length }, 'parley running; stop with Ctrl-C');

  const signal = await stopSignal;
  logger.info({ signal }, 'parley stopping');
  await platforms.stop();
  await ingestTask.destroy();
  await scheduler.stop();
  await work(async () => {});
  await worker.stop();
  await store.close();
  logger.info('parley stopped');
}

/**
 * Ingests files and configured feeds, logging what was skipped or failed and why, then analyses
 * what came in: here, between scheduled runs, rather than in the next digest or `/latest` to
 * need it.
 */
async function ingest({ loaded, logger, store }: Runtime): Promise<void> {
  const ctx: IngestContext = { db: store.db, logger, loaded, now: () => new Date() };
  const report = await ingestConfiguredSources(ctx, 'due');
  for (const skipped of report.files?.skipped ?? []) logger.warn({ file: skipped.file, reason: skipped.reason }, 'article file skipped');
  const analysed = await analyzePending(store.db, loaded.config.topic);
  logger.info({ files: report.files && { ...report.files, skipped: report.files.skipped.length }, feeds: report.feeds.length, analysed }, 'ingested');
  if (loaded.config.web.enabled) {
    // The days that changed are planned for the web pages now, so a page request rarely has to.
    const { refreshStoryDays } = await import('./web/story-days.ts');
    const days = await refreshStoryDays(store.db, loaded.config, { maxDays: Infinity, now: new Date() });
    logger.info(days, 'story days planned for the web pages');
  }
}

/** A console channel's first digest, right at start: queued like any other, and printed before parley reports it is running. */
async function firstDigest({ store, loaded, logger, worker }: Runtime, subscriptionId: number): Promise<void> {
  await runDigest({ db: store.db, config: loaded.config, logger, now: () => new Date() }, { id: subscriptionId }, 'catch-up');
  await worker.drain();
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
