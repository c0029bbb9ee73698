// The process the crash tests kill: parley's scheduler and delivery worker on a shared store,
// posting to the fake platform. Short leases and claims so a killed instance's work is taken over fast.
import { loadConfig } from '../../../src/config/index.ts';
import { DeliveryWorker } from '../../../src/delivery/worker.ts';
import { createLogger } from '../../../src/logger.ts';
import { Scheduler } from '../../../src/scheduler/index.ts';
import { openStore } from '../../../src/store/index.ts';
import { HttpChannel } from './http-channel.ts';

const store = await openStore(process.env.CRASH_DB!);
const logger = createLogger({ level: process.env.CRASH_LOG_LEVEL ?? 'silent' });
const defaults = loadConfig({}).config;
const config = { ...defaults, digest: { ...defaults.digest, maxUpdates: 20 } };
const instanceId = `crash-child:${process.pid}`;
const worker = new DeliveryWorker({
  db: store.db,
  dialect: store.dialect,
  channels: { slack: new HttpChannel(process.env.CRASH_FAKE_URL!) },
  logger,
  instanceId,
  pollMs: 25,
  claimTtlMs: 1_500,
  backoff: { baseMs: 20, maxMs: 200, maxRetryAfterMs: 200 },
  attemptTimeoutMs: 3_000,
});
const scheduler = new Scheduler({ db: store.db, config, logger, instanceId, onQueued: () => worker.kick(), leaseTtlMs: 1_500, sweepMs: 100 });
worker.start();
await scheduler.start();
process.stdout.write('ready\n');

const stop = async () => {
  await scheduler.stop();
  await worker.stop();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
