import type { LoadedConfig } from '../config/index.ts';
import { runDigest } from '../delivery/run-digest.ts';
import type { Logger } from '../logger.ts';
import { nextRun } from '../scheduler/next-runs.ts';
import type { Store } from '../store/index.ts';
import type { CommandServices } from './types.ts';

/**
 * The command core wired to the running bot: `/parley now` plans and queues a digest in one
 * transaction (so an acknowledged request is never lost) and wakes the delivery worker; settings
 * changes make the scheduler reload.
 */
export function commandServices(options: {
  store: Store;
  loaded: LoadedConfig;
  logger: Logger;
  now?: () => Date;
  kickDelivery(): void;
  reloadSchedules(): Promise<void>;
}): CommandServices {
  const now = options.now ?? (() => new Date());
  return {
    db: options.store.db,
    dialect: options.store.dialect,
    loaded: options.loaded,
    logger: options.logger,
    now,
    async postNow(subscription) {
      const db = options.store.db;
      // The request is made durable first, as a run due now: should parley die after the platform
      // was told "working on it" but before the digest is committed, the scheduler's catch-up at
      // the next start makes that run, so an acknowledged `/parley now` is never lost.
      const requested = now().toISOString();
      await db.updateTable('subscriptions').set({ next_run_at: requested }).where('id', '=', subscription.id).execute();
      const queued = await runDigest({ db, config: options.loaded.config, logger: options.logger, now }, subscription, 'now');
      // Done: back to the schedule's own next time, unless the scheduler already made the run.
      await db
        .updateTable('subscriptions')
        .set({ next_run_at: nextRun(subscription.schedule, subscription.time_zone, now())?.toISOString() ?? null })
        .where('id', '=', subscription.id)
        .where('next_run_at', '=', requested)
        .execute();
      if (queued.messages > 0) options.kickDelivery();
      return queued;
    },
    schedulesChanged: () => options.reloadSchedules(),
    kickDelivery: options.kickDelivery,
  };
}
