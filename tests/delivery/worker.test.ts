import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { retryDelayMs, type BackoffPolicy } from '../../src/delivery/backoff.ts';
import { installationTag, markerKey, pendingCount } from '../../src/delivery/outbox.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeChannel, type Fault } from './support/fake-channel.ts';
import { addPlannedDigest, addSubscription } from './support/seed.ts';
import { pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

class Clock {
  constructor(public ms = Date.parse('2026-03-01T08:00:00.000Z')) {}
  now = () => new Date(this.ms);
  advance(ms: number) {
    this.ms += ms;
  }
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const backoff: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, maxRetryAfterMs: 60_000 };

/** Drains, then moves the clock past the next retry, until the outbox is empty (bounded). */
async function deliverAll(store: TestStore, worker: DeliveryWorker, clock: Clock, rounds = 400): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await worker.drain();
    if ((await pendingCount(store.db)) === 0) return;
    clock.advance(backoff.maxRetryAfterMs);
  }
  throw new Error('outbox not empty after bounded retries');
}

for (const variant of storeVariants) {
  describe.skipIf(!variant.enabled)(`delivery worker (${variant.name})`, () => {
    let store: TestStore | undefined;
    afterEach(async () => {
      await store?.dispose();
      store = undefined;
    });

    const setup = async (fault?: (request: Parameters<FakeChannel['post']>[0], call: number) => Fault) => {
      store = await variant.open();
      const clock = new Clock();
      const channel = new FakeChannel('slack', fault, 5_000);
      const { logger, lines } = capturedLogger();
      const worker = new DeliveryWorker({ db: store.db, dialect: store.dialect, channels: { slack: channel }, logger, instanceId: 'w1', now: clock.now, backoff });
      return { store, clock, channel, worker, lines };
    };

    it('posts the parent, then each reply in its thread and in order, and records every message id', async () => {
      const { store, clock, channel, worker } = await setup();
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      const digest = await addPlannedDigest(store.db, sub, 4);
      await deliverAll(store, worker, clock);
      const tag = await installationTag(store.db);
      expect(channel.posted.map((m) => m.key)).toEqual([0, 1, 2, 3].map((seq) => markerKey(tag, digest, seq)));
      expect(channel.problems()).toEqual([]);
      const rows = await store.db.selectFrom('outbox').selectAll().orderBy('seq').execute();
      expect(rows.every((r) => r.status === 'sent' && r.platform_message_id)).toBe(true);
      expect(rows[0]!.thread_id).toBe(`t-${rows[0]!.platform_message_id}`);
    });

    it('marks each message with this database’s own tag, so another installation’s messages never match', async () => {
      const { store, clock, channel, worker } = await setup();
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      const digest = await addPlannedDigest(store.db, sub, 1);
      // A message another database posted to the same channel under the same digest id.
      await channel.post({ channelId: 'C1', payload: {}, marker: { digestId: digest, seq: 0, key: markerKey('othr', digest, 0) }, plannedAt: '2026-01-01T00:00:00.000Z' });
      await store.db.updateTable('outbox').set({ attempts: 1 }).execute(); // as after a lost answer
      await deliverAll(store, worker, clock);
      expect(channel.posted).toHaveLength(2);
      expect(channel.calls.find).toBe(1);
      expect(await installationTag(store.db)).toBe(await installationTag(store.db));
    });

    it('sends a channel’s digests in the order they were planned', async () => {
      const { store, clock, channel, worker } = await setup();
      const a = await addSubscription(store.db, { channelId: 'CA' });
      const b = await addSubscription(store.db, { channelId: 'CB' });
      const digests = [];
      for (let i = 0; i < 3; i++) digests.push(await addPlannedDigest(store.db, a, 3), await addPlannedDigest(store.db, b, 2));
      await deliverAll(store, worker, clock);
      for (const channelId of ['CA', 'CB']) {
        const order = channel.posted.filter((m) => m.channelId === channelId).map((m) => m.digestId);
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }
      expect(channel.posted).toHaveLength(15);
      expect(channel.problems()).toEqual([]);
    });

    it('keeps to the platform’s pace for one channel instead of running into its rate limit', async () => {
      const { store, clock, channel, worker } = await setup();
      Object.assign(channel, { minIntervalMs: 1_000 });
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      const other = await addSubscription(store.db, { channelId: 'C2' });
      await addPlannedDigest(store.db, sub, 3);
      await addPlannedDigest(store.db, other, 1);
      await worker.drain();
      expect(channel.posted.map((m) => m.channelId).sort()).toEqual(['C1', 'C2']);
      clock.advance(999);
      await worker.drain();
      expect(channel.posted).toHaveLength(2);
      clock.advance(1);
      await worker.drain();
      expect(channel.posted).toHaveLength(3);
      clock.advance(1_000);
      await worker.drain();
      expect(channel.posted.map((m) => m.seq)).toEqual([0, 0, 1, 2]);
    });

    it('waits out a 429 for the retry-after the platform asked for, then posts once', async () => {
      const { store, clock, channel, worker } = await setup((_, call) => (call === 1 ? 'rate-limited' : 'ok'));
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      await addPlannedDigest(store.db, sub, 1);
      await worker.drain();
      const row = await store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
      expect(Date.parse(row.next_attempt_at) - clock.ms).toBe(5_000);
      clock.advance(4_999);
      await worker.drain();
      expect(channel.posted).toHaveLength(0);
      clock.advance(1);
      await worker.drain();
      expect(channel.posted).toHaveLength(1);
      // A 429 says the message was not taken: nothing to look for before sending it again.
      expect(channel.calls.find).toBe(0);
    });

    it('after a 429, rests the whole platform for its retry-after instead of sending other channels’ messages into the limit', async () => {
      const { store, clock, channel, worker } = await setup((_, call) => (call === 1 ? 'rate-limited' : 'ok'));
      await addPlannedDigest(store.db, await addSubscription(store.db, { channelId: 'C1' }), 1);
      await worker.drain();
      await addPlannedDigest(store.db, await addSubscription(store.db, { channelId: 'C2' }), 1);
      // The fake platform asks for 5 s.
      clock.advance(4_999);
      await worker.drain();
      expect(channel.calls.post).toBe(1);
      clock.advance(1);
      await worker.drain();
      expect(channel.posted.map((m) => m.channelId).sort()).toEqual(['C1', 'C2']);
    });

    it('looks for an earlier copy after a 500, and again after a 429 that followed one', async () => {
      const faults = ['server-error', 'rate-limited', 'ok'] as const;
      const { store, clock, channel, worker } = await setup((_, call) => faults[call - 1] ?? 'ok');
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      await addPlannedDigest(store.db, sub, 1);
      await deliverAll(store, worker, clock);
      expect(channel.posted).toHaveLength(1);
      // The 500 may have come after the message was posted; the 429 attempt looked first, found
      // nothing, and was refused, so the last attempt knows no earlier one landed.
      expect(channel.calls.find).toBe(1);
      expect(await store.db.selectFrom('outbox').select(['attempts', 'refused_attempts']).executeTakeFirstOrThrow()).toEqual({ attempts: 3, refused_attempts: 2 });
    });

    it('does not post twice when the platform accepted a message whose answer was lost', async () => {
      const { store, clock, channel, worker } = await setup((request, call) => (call === 1 || request.marker.seq === 2 ? 'timeout-after-accept' : 'ok'));
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      await addPlannedDigest(store.db, sub, 3);
      await deliverAll(store, worker, clock);
      expect(channel.posted.map((m) => m.seq)).toEqual([0, 1, 2]);
      expect(channel.problems()).toEqual([]);
      expect(channel.calls.find).toBe(2);
    });

    it('takes over a message claimed by an instance that crashed, asking the platform before re-sending', async () => {
      const { store, clock, channel, worker } = await setup();
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      const digest = await addPlannedDigest(store.db, sub, 2);
      // The crashed instance had claimed the parent and the platform had accepted it.
      await store.db
        .updateTable('outbox')
        .set({ claimed_by: 'crashed', claim_expires_at: new Date(clock.ms + 30_000).toISOString(), attempts: 1 })
        .where('seq', '=', 0)
        .execute();
      await channel.post({ channelId: 'C1', payload: {}, marker: { digestId: digest, seq: 0, key: markerKey(await installationTag(store.db), digest, 0) }, plannedAt: '2026-01-01T00:00:00.000Z' });
      await worker.drain();
      expect(channel.posted).toHaveLength(1); // the claim is still live: nothing happens
      clock.advance(30_001);
      await worker.drain();
      expect(channel.posted.map((m) => m.seq)).toEqual([0, 1]);
      expect(channel.problems()).toEqual([]);
    });

    it('marks a channel that is gone as failing, logs it once and holds its later digests', async () => {
      const { store, clock, channel, worker, lines } = await setup((request) => (request.channelId === 'GONE' ? 'permanent' : 'ok'));
      const gone = await addSubscription(store.db, { channelId: 'GONE' });
      const fine = await addSubscription(store.db, { channelId: 'FINE' });
      await addPlannedDigest(store.db, gone, 3);
      await addPlannedDigest(store.db, gone, 2);
      await addPlannedDigest(store.db, fine, 2);
      for (let i = 0; i < 5; i++) {
        await worker.drain();
        clock.advance(60_000);
      }
      const sub = await store.db.selectFrom('subscriptions').selectAll().where('id', '=', gone).executeTakeFirstOrThrow();
      expect(sub.status).toBe('failing');
      expect(sub.status_reason).toBe('channel_not_found');
      const statuses = await store.db.selectFrom('outbox').select(['digest_id', 'status']).where('subscription_id', '=', gone).orderBy('id').execute();
      expect(statuses.map((s) => s.status)).toEqual(['failed', 'failed', 'failed', 'pending', 'pending']);
      expect(channel.calls.post).toBe(3); // one try for GONE, two posts for FINE
      expect(lines.filter((l) => String(l.msg).includes('marked failing'))).toHaveLength(1);
      expect(channel.posted.map((m) => m.channelId)).toEqual(['FINE', 'FINE']);
    });

    it('loses and doubles nothing through a storm of 429s, 500s, timeouts and connection resets', async () => {
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
      const faults: Fault[] = ['rate-limited', 'server-error', 'timeout-after-accept', 'reset'];
      const { store, clock, channel, worker } = await setup(() => (random() < 0.6 ? faults[Math.floor(random() * faults.length)]! : 'ok'));
      const expected: string[] = [];
      for (let c = 0; c < 5; c++) {
        const sub = await addSubscription(store.db, { channelId: `C${c}` });
        for (let d = 0; d < 3; d++) {
          const digest = await addPlannedDigest(store.db, sub, 1 + ((c + d) % 4));
          for (let s = 0; s < 1 + ((c + d) % 4); s++) expected.push(`${digest}:${s}`);
        }
      }
      await deliverAll(store, worker, clock);
      expect(channel.problems()).toEqual([]);
      expect(channel.posted.map((m) => `${m.digestId}:${m.seq}`).sort()).toEqual([...expected].sort());
      const rows = await store.db.selectFrom('outbox').select(['next_attempt_at', 'attempts']).execute();
      expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThan(2);
    });

    it('gives claims back on stop so another instance can carry on at once', async () => {
      const { store, clock } = await setup();
      const sub = await addSubscription(store.db, { channelId: 'C1' });
      await addPlannedDigest(store.db, sub, 2);
      let release!: () => void;
      const hanging = new FakeChannel('slack');
      hanging.post = () => new Promise((_, reject) => (release = () => reject(new Error('aborted'))));
      const { logger } = capturedLogger();
      const stuck = new DeliveryWorker({ db: store.db, dialect: store.dialect, channels: { slack: hanging }, logger, instanceId: 'stuck', now: clock.now, pollMs: 20, stopGraceMs: 50 });
      stuck.start();
      await expect.poll(() => store!.db.selectFrom('outbox').select('claimed_by').where('seq', '=', 0).executeTakeFirstOrThrow()).toEqual({ claimed_by: 'stuck' });
      await stuck.stop();
      const row = await store.db.selectFrom('outbox').selectAll().where('seq', '=', 0).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ claimed_by: null, attempts: 1, status: 'pending' });
      release();
    });
  });
}

describe.skipIf(storeVariants[1]!.enabled)('delivery worker (postgres)', () => {
  it.skip(pgSkipReason, () => {});
});

describe('retry backoff', () => {
  it('grows exponentially but never past its ceiling, and honours retry-after up to its own bound', () => {
    const policy: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000, maxRetryAfterMs: 900_000 };
    for (let attempt = 1; attempt < 200; attempt++) {
      for (const r of [0, 0.5, 0.999]) {
        const delay = retryDelayMs(attempt, undefined, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.min(300_000, 1_000 * 2 ** (attempt - 1)) / 2);
        expect(delay).toBeLessThanOrEqual(300_000);
      }
    }
    expect(retryDelayMs(3, 1_234, policy)).toBe(1_234);
    expect(retryDelayMs(3, 86_400_000, policy)).toBe(900_000);
  });
});
