import { afterEach, describe, expect, it } from 'vitest';
import { acquireLease, releaseLease, renewLease } from '../../src/store/leases.ts';
import type { Store } from '../../src/store/index.ts';
import { pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

const t0 = new Date('2026-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

for (const variant of storeVariants) {
  describe.skipIf(!variant.enabled)(`leases (${variant.name})`, () => {
    let store: TestStore | undefined;
    const others: Store[] = [];
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store?.dispose();
      store = undefined;
    });

    it('gives a free lease to the first instance and refuses it to a second while it is live', async () => {
      store = await variant.open();
      expect(await acquireLease(store.db, 'schedule:1', { holder: 'a', ttlMs: 30_000, now: t0 })).toBe(true);
      expect(await acquireLease(store.db, 'schedule:1', { holder: 'b', ttlMs: 30_000, now: at(29_000) })).toBe(false);
      expect(await acquireLease(store.db, 'schedule:2', { holder: 'b', ttlMs: 30_000, now: at(29_000) })).toBe(true);
    });

    it('lets another instance take over a lease whose holder crashed once it expires', async () => {
      store = await variant.open();
      expect(await acquireLease(store.db, 'schedule:1', { holder: 'crashed', ttlMs: 30_000, now: t0 })).toBe(true);
      expect(await acquireLease(store.db, 'schedule:1', { holder: 'b', ttlMs: 30_000, now: at(30_001) })).toBe(true);
      expect(await renewLease(store.db, 'schedule:1', { holder: 'crashed', ttlMs: 30_000, now: at(30_002) })).toBe(false);
    });

    it('renews a held lease so it outlives its first expiry, and release frees it at once', async () => {
      store = await variant.open();
      await acquireLease(store.db, 'l', { holder: 'a', ttlMs: 10_000, now: t0 });
      expect(await renewLease(store.db, 'l', { holder: 'a', ttlMs: 10_000, now: at(9_000) })).toBe(true);
      expect(await acquireLease(store.db, 'l', { holder: 'b', ttlMs: 10_000, now: at(15_000) })).toBe(false);
      await releaseLease(store.db, 'l', 'b');
      expect(await acquireLease(store.db, 'l', { holder: 'b', ttlMs: 10_000, now: at(15_000) })).toBe(false);
      await releaseLease(store.db, 'l', 'a');
      expect(await acquireLease(store.db, 'l', { holder: 'b', ttlMs: 10_000, now: at(15_000) })).toBe(true);
    });

    it('hands a contended lease to exactly one of many instances racing for it', async () => {
      store = await variant.open();
      const connections = [store as Store];
      for (let i = 0; i < 3; i++) {
        const other = await store.reopen();
        others.push(other);
        connections.push(other);
      }
      for (let round = 0; round < 20; round++) {
        const now = at(round * 60_000);
        const wins = await Promise.all(
          connections.flatMap((c, i) => [0, 1].map((j) => acquireLease(c.db, `race:${round}`, { holder: `i${i}-${j}`, ttlMs: 30_000, now }))),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
      }
    });
  });
}

describe.skipIf(storeVariants[1]!.enabled)('leases (postgres)', () => {
  it.skip(pgSkipReason, () => {});
});
