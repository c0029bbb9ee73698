import crypto from 'node:crypto';
import os from 'node:os';
import type { Executor } from '../store/index.ts';
import { releaseLeasesOf } from '../store/leases.ts';
import { releaseClaims } from './outbox.ts';

/** This process's name in outbox claims and leases: `host:pid:random`, unique per running process. */
export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Gives back the outbox claims and leases held by instances on this host whose process is gone
 * (killed, crashed), so a restart carries on with their work at once instead of after the claim
 * (1 minute) or lease (2 minutes) expires — with SQLite, the restarted instance is the only one.
 * A holder on another host, or whose pid now belongs to a live process, still waits for expiry;
 * the message lookup before a re-send covers an attempt the dead instance had in flight.
 */
export async function releaseWorkOfDeadLocalInstances(db: Executor, self: string): Promise<string[]> {
  const claimants = await db.selectFrom('outbox').select('claimed_by').distinct().where('claimed_by', 'is not', null).where('status', '=', 'pending').execute();
  const leaseHolders = await db.selectFrom('leases').select('holder').distinct().execute();
  const holders = new Set([...claimants.map((row) => row.claimed_by!), ...leaseHolders.map((row) => row.holder)]);
  const dead = [...holders].filter((holder) => holder !== self && isDeadLocalInstance(holder));
  for (const holder of dead) {
    await releaseClaims(db, holder);
    await releaseLeasesOf(db, holder);
  }
  return dead;
}

/** True only for an id of `newInstanceId()`'s form, on this host, whose process does not exist. */
export function isDeadLocalInstance(holder: string): boolean {
  const match = /^(.+):(\d+):[0-9a-f]+$/.exec(holder);
  if (!match || match[1] !== os.hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
