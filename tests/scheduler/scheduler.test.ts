import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { Scheduler } from '../../src/scheduler/index.ts';
import { acquireLease } from '../../src/store/leases.ts';
import type { Store } from '../../src/store/index.ts';
import { addSubscription } from '../delivery/support/seed.ts';
import { pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

const config = configSchema.parse({ topic: { id: 'gaza-ceasefire-talks', name: 'Gaza ceasefire negotiations', terms: ['ceasefire'] } });
const logger = createLogger({ level: 'silent' });

class Clock {
  constructor(public ms: number) {}
  now = () => new Date(this.ms);
  set(iso: string) {
    this.ms = Date.parse(iso);
  }
}

const digestRuns = (store: Store) =>
  store.db.selectFrom('digests').select(['subscription_id', 'trigger', 'created_at']).orderBy('id').execute();

for (const variant of storeVariants) {
  describe.skipIf(!variant.enabled)(`scheduler (${variant.name})`, () => {
    let store: TestStore | undefined;
    const others: Store[] = [];
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store?.dispose();
      store = undefined;
    });

    const scheduler = (db: Store['db'], clock: Clock, instanceId = 'i1', queued: number[] = []) =>
      new Scheduler({ db, config, logger, instanceId, now: clock.now, onQueued: (r) => queued.push(r.digestId) });

    it('catches up a run missed while parley was down once, not once per missed day', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T12:00:00Z'));
      const id = await addSubscription(store.db, { channelId: 'C1', schedule: '0 8 * * *', nextRunAt: '2026-03-02T08:00:00.000Z' });
      const s = scheduler(store.db, clock);
      await s.reload();
      await s.runDue();
      await s.runDue();
      expect(await digestRuns(store)).toEqual([{ subscription_id: id, trigger: 'catch-up', created_at: '2026-03-05T12:00:00.000Z' }]);
      const row = await store.db.selectFrom('subscriptions').select('next_run_at').executeTakeFirstOrThrow();
      expect(row.next_run_at).toBe('2026-03-06T08:00:00.000Z');
    });

    it('gives a new channel its first run at the next scheduled time, with nothing to catch up', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T12:00:00Z'));
      await addSubscription(store.db, { channelId: 'C1', schedule: '0 8 * * *', timeZone: 'Europe/Berlin' });
      const s = scheduler(store.db, clock);
      await s.reload();
      await s.runDue();
      expect(await digestRuns(store)).toEqual([]);
      expect((await store.db.selectFrom('subscriptions').select('next_run_at').executeTakeFirstOrThrow()).next_run_at).toBe('2026-03-06T07:00:00.000Z');
    });

    it('runs once a day through the spring and autumn clock changes, even when the clock ticks twice in the repeated hour', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-27T00:00:00Z'));
      await addSubscription(store.db, { channelId: 'C1', schedule: '30 2 * * *', timeZone: 'Europe/Berlin' });
      const s = scheduler(store.db, clock);
      await s.reload();
      const walk = async (fromIso: string, toIso: string) => {
        for (clock.set(fromIso); clock.ms < Date.parse(toIso); clock.ms += 10 * 60_000) await s.runDue();
      };
      await walk('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z');
      // Jump to autumn as if the schedule had just been set (no catch-up of the months between).
      clock.set('2026-10-23T00:00:00Z');
      await store.db.updateTable('subscriptions').set({ next_run_at: null }).execute();
      await s.reload();
      await walk('2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z');
      // The autumn walk also ticks at 01:30Z on 25 October, the repeated 02:30 (CET).
      const runs = (await digestRuns(store)).map((r) => r.created_at);
      expect(runs).toEqual([
        '2026-03-27T01:30:00.000Z',
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:00:00.000Z', // 02:30 does not exist that night: 03:00 CEST
        '2026-03-30T00:30:00.000Z',
        '2026-10-23T00:30:00.000Z',
        '2026-10-24T00:30:00.000Z',
        '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST) only
        '2026-10-26T01:30:00.000Z',
      ]);
      expect((await digestRuns(store)).every((r) => r.trigger === 'schedule')).toBe(true);
    });

    it('skips the runs of a paused channel and does not catch them up when it is resumed', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T07:00:00Z'));
      const id = await addSubscription(store.db, { channelId: 'C1', schedule: '0 8 * * *' });
      const s = scheduler(store.db, clock);
      await s.reload();
      await store.db.updateTable('subscriptions').set({ paused: 1 }).where('id', '=', id).execute();
      for (const at of ['2026-03-05T08:00:00Z', '2026-03-06T08:00:00Z', '2026-03-07T09:00:00Z']) {
        clock.set(at);
        await s.runDue();
      }
      await store.db.updateTable('subscriptions').set({ paused: 0 }).where('id', '=', id).execute();
      await s.reload();
      await s.runDue();
      expect(await digestRuns(store)).toEqual([]);
      clock.set('2026-03-08T08:00:00Z');
      await s.runDue();
      expect((await digestRuns(store)).map((r) => r.trigger)).toEqual(['schedule']);
    });

    it('posts an empty scheduled digest only to a channel that asked for "nothing new" notices', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T08:00:00Z'));
      const quiet = await addSubscription(store.db, { channelId: 'QUIET', nextRunAt: '2026-03-05T08:00:00.000Z' });
      const told = await addSubscription(store.db, { channelId: 'TELL', notifyEmpty: true, nextRunAt: '2026-03-05T08:00:00.000Z' });
      const queued: number[] = [];
      await scheduler(store.db, clock, 'i1', queued).runDue();
      const outbox = await store.db.selectFrom('outbox').select(['subscription_id']).execute();
      expect(outbox.map((o) => o.subscription_id)).toEqual([told]);
      expect(queued).toHaveLength(1);
      expect((await digestRuns(store)).map((r) => r.subscription_id).sort()).toEqual([quiet, told].sort());
    });

    it('fixes a stored next run the current schedule would never make (schedule changed)', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T07:00:00Z'));
      await addSubscription(store.db, { channelId: 'C1', schedule: '0 9 * * *', nextRunAt: '2026-03-05T08:00:00.000Z' });
      await scheduler(store.db, clock).reload();
      expect((await store.db.selectFrom('subscriptions').select('next_run_at').executeTakeFirstOrThrow()).next_run_at).toBe('2026-03-05T09:00:00.000Z');
    });

    // SQLite serves one instance (DESIGN.md); several instances share PostgreSQL.
    it.skipIf(variant.name === 'sqlite').each([2, 3])('lets exactly one of %i instances make each run of the same schedules', async (count) => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T00:00:00Z'));
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await addSubscription(store.db, { channelId: `C${i}`, schedule: '*/5 * * * *', notifyEmpty: true }));
      const instances = [scheduler(store.db, clock, 'i0')];
      for (let i = 1; i < count; i++) {
        const other = await store.reopen();
        others.push(other);
        instances.push(scheduler(other.db, clock, `i${i}`));
      }
      await instances[0]!.reload();
      const ticks = 30;
      for (let t = 1; t <= ticks; t++) {
        clock.ms += 5 * 60_000;
        await Promise.all(instances.flatMap((s) => [s.runDue(), s.runDue()]));
      }
      const runs = await digestRuns(store);
      expect(runs).toHaveLength(ids.length * ticks);
      for (const id of ids) expect(new Set(runs.filter((r) => r.subscription_id === id).map((r) => r.created_at)).size).toBe(ticks);
      expect(await store.db.selectFrom('outbox').select('id').execute()).toHaveLength(ids.length * ticks);
    });

    it('takes over a run whose instance crashed once its lease has expired', async () => {
      store = await variant.open();
      const clock = new Clock(Date.parse('2026-03-05T08:00:00Z'));
      const id = await addSubscription(store.db, { channelId: 'C1', nextRunAt: '2026-03-05T08:00:00.000Z' });
      // The crashed instance had claimed the run and died before committing anything.
      await acquireLease(store.db, `schedule:${id}`, { holder: 'crashed', ttlMs: 120_000, now: clock.now() });
      const survivor = scheduler(store.db, clock, 'survivor');
      clock.ms += 60_000;
      await survivor.runDue();
      expect(await digestRuns(store)).toEqual([]);
      clock.ms += 60_001;
      await survivor.runDue();
      expect((await digestRuns(store)).map((r) => r.trigger)).toEqual(['catch-up']);
    });
  });
}

describe.skipIf(storeVariants[1]!.enabled)('scheduler (postgres)', () => {
  it.skip(pgSkipReason, () => {});
});
