import type { LoadedConfig } from '../config/index.ts';
import { runDigest } from '../delivery/run-digest.ts';
import type { Logger } from '../logger.ts';
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
      const queued = await runDigest({ db: options.store.db, config: options.loaded.config, logger: options.logger, now }, subscription, 'now');
      if (queued.messages > 0) options.kickDelivery();
      return queued;
    },
    schedulesChanged: () => options.reloadSchedules(),
  };
}
