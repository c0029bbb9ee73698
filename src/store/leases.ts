import type { Executor } from './open.ts';

/**
 * Named leases (`schedule:<subscription id>`, …): one instance at a time does a piece of work.
 *
 * A lease is one row. Taking it is a single atomic upsert that only overwrites the row when it has
 * expired or is already ours — `INSERT … ON CONFLICT (name) DO UPDATE … WHERE expires_at < now OR
 * holder = me` — so on PostgreSQL two instances racing for it serialise on the row and exactly one
 * gets a row back; on SQLite the write lock does the same. A lease held by an instance that crashed
 * is taken over once it expires.
 */
export interface LeaseOptions {
  holder: string;
  ttlMs: number;
  now?: Date;
}

/** Takes (or extends, when already held by `holder`) the lease; false when another holder's lease is live. */
export async function acquireLease(db: Executor, name: string, options: LeaseOptions): Promise<boolean> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.ttlMs).toISOString();
  const row = await db
    .insertInto('leases')
    .values({ name, holder: options.holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder: options.holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now.toISOString()), eb('leases.holder', '=', options.holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === options.holder;
}

/** Extends a lease this holder still has; false when it was lost (expired and taken over, or released). */
export async function renewLease(db: Executor, name: string, options: LeaseOptions): Promise<boolean> {
  const now = options.now ?? new Date();
  const result = await db
    .updateTable('leases')
    .set({ expires_at: new Date(now.getTime() + options.ttlMs).toISOString() })
    .where('name', '=', name)
    .where('holder', '=', options.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a lease back so another instance need not wait for it to expire. */
export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Releases every lease an instance holds (graceful shutdown). */
export async function releaseLeasesOf(db: Executor, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('holder', '=', holder).execute();
}
