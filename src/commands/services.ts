import type { Kysely } from 'kysely';
import type { LoadedConfig } from '../config/index.ts';
import { runDigest } from '../delivery/run-digest.ts';
import type { Logger } from '../logger.ts';
import { nextRun } from '../scheduler/next-runs.ts';
import type { Database, Store } from '../store/index.ts';
import type { CommandServices, DigestQueued } from './types.ts';

/**
 * A digest the scheduler made for the channel since `since`: the run asked for was due at once, so
 * a scheduler sweep may have made it a moment before `/parley now` got to plan, which then found
 * nothing new. The asker is told about that digest, not "nothing new".
 */
async function digestMadeSince(db: Kysely<Database>, subscriptionId: number, since: string): Promise<DigestQueued | undefined> {
  const digest = await db
    .selectFrom('digests')
    .select((eb) => ['id', eb.selectFrom('outbox').select((o) => o.fn.countAll<number>().as('n')).whereRef('outbox.digest_id', '=', 'digests.id').as('messages')])
    .where('subscription_id', '=', subscriptionId)
    .where('created_at', '>=', since)
    .where('trigger', 'in', ['schedule', 'catch-up'])
    .where('empty', '=', 0)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return digest ? { digestId: digest.id, empty: false, messages: Number(digest.messages) } : undefined;
}

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
      return queued.empty ? ((await digestMadeSince(db, subscription.id, requested)) ?? queued) : queued;
    },
    schedulesChanged: () => options.reloadSchedules(),
    kickDelivery: options.kickDelivery,
  };
}
