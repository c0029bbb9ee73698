import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { isDeadLocalInstance, newInstanceId, releaseWorkOfDeadLocalInstances } from '../../src/delivery/instances.ts';
import { acquireLease } from '../../src/store/leases.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { addPlannedDigest, addSubscription } from './support/seed.ts';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('work left by instances that stopped without giving it back', () => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('tells a dead process on this host from a live one, another host and a foreign id', () => {
    expect(isDeadLocalInstance(`${os.hostname()}:${deadPid()}:a1b2c3`)).toBe(true);
    expect(isDeadLocalInstance(newInstanceId())).toBe(false);
    expect(isDeadLocalInstance(`another-host.example:${deadPid()}:a1b2c3`)).toBe(false);
    expect(isDeadLocalInstance(`crash-child:${deadPid()}`)).toBe(false);
  });

  it('releases the claims and leases of a dead local instance at once, and nobody else’s', async () => {
    const { db } = (store = await openTestStore());
    const self = newInstanceId();
    const dead = `${os.hostname()}:${deadPid()}:dead01`;
    const elsewhere = 'another-host.example:4242:beef01';
    const now = new Date();
    const later = new Date(now.getTime() + 60_000).toISOString();
    for (const [channel, holder] of [['C1', dead], ['C2', elsewhere], ['C3', self]] as const) {
      const sub = await addSubscription(db, { channelId: channel });
      await addPlannedDigest(db, sub, 2);
      await db.updateTable('outbox').set({ claimed_by: holder, claim_expires_at: later }).where('subscription_id', '=', sub).where('seq', '=', 0).execute();
      await acquireLease(db, `schedule:${sub}`, { holder, ttlMs: 120_000, now });
    }
    expect(await releaseWorkOfDeadLocalInstances(db, self)).toEqual([dead]);
    const claims = await db.selectFrom('outbox').select('claimed_by').where('claimed_by', 'is not', null).orderBy('claimed_by').execute();
    expect(claims.map((c) => c.claimed_by).sort()).toEqual([elsewhere, self].sort());
    const leases = await db.selectFrom('leases').select('holder').execute();
    expect(leases.map((l) => l.holder).sort()).toEqual([elsewhere, self].sort());
  });
});
