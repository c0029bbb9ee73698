import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, Dialect, Executor } from '../store/index.ts';
import type { OutboxRow, SubscriptionRow } from '../store/schema.ts';
import type { PostedRef } from './channel.ts';

/**
 * The outbox: every platform message of a digest, written with the digest before anything is sent.
 *
 * A row is `pending` until it is `sent` (with its platform message id) or `failed` (permanently).
 * Only the head of a channel's queue — its oldest pending digest's lowest pending `seq` — can be
 * claimed, so a channel's digests go out in order and a digest's replies strictly after its parent.
 * Claiming is a compare-and-set on `claimed_by` / `claim_expires_at` that also counts the attempt
 * *before* anything is sent: a row with more attempts than `refused_attempts` (those the platform
 * answered with a refusal) may already have reached the platform, and whoever sends it next asks
 * the platform first.
 */
export type Platform = SubscriptionRow['platform'];

export interface ClaimedMessage extends OutboxRow {
  platform: Platform;
  channel_id: string;
  /** When its digest was planned: no copy of the message can be older. */
  planned_at: string;
}

export async function enqueueMessages(
  db: Executor,
  input: { digestId: number; subscriptionId: number; payloads: unknown[]; now: Date },
): Promise<void> {
  if (input.payloads.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      input.payloads.map((payload, seq) => ({
        digest_id: input.digestId,
        subscription_id: input.subscriptionId,
        seq,
        payload: JSON.stringify(payload),
        next_attempt_at: input.now.toISOString(),
      })),
    )
    .execute();
}

/**
 * Claims up to `limit` messages that are due, each the head of its channel's queue, for platforms
 * this instance can deliver to. Channels marked failing are held until they are healthy again.
 */
export async function claimDue(
  db: Executor,
  options: { dialect: Dialect; holder: string; platforms: Platform[]; now: Date; ttlMs: number; limit: number },
): Promise<ClaimedMessage[]> {
  if (options.platforms.length === 0 || options.limit <= 0) return [];
  const now = options.now.toISOString();
  const claim = {
    claimed_by: options.holder,
    claim_expires_at: new Date(options.now.getTime() + options.ttlMs).toISOString(),
  };
  const claimable = (eb: ExpressionBuilder<Database, 'outbox'>) =>
    eb.and([eb('status', '=', 'pending'), eb.or([eb('claimed_by', 'is', null), eb('claim_expires_at', '<', now)])]);
  const heads = db
    .selectFrom('outbox as o')
    .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
    .select(['o.id'])
    .where('o.status', '=', 'pending')
    .where('s.status', '=', 'ok')
    .where('s.platform', 'in', options.platforms)
    .where('o.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('o.claimed_by', 'is', null), eb('o.claim_expires_at', '<', now)]))
    .where('o.digest_id', 'in', (eb) =>
      eb.selectFrom('outbox').select((e) => e.fn.min('digest_id').as('d')).where('status', '=', 'pending').groupBy('subscription_id'),
    )
    .where('o.seq', '=', (eb) =>
      eb
        .selectFrom('outbox as p')
        .select((e) => e.fn.min('p.seq').as('s'))
        .whereRef('p.digest_id', '=', 'o.digest_id')
        .where('p.status', '=', 'pending'),
    )
    .orderBy('o.digest_id')
    .limit(options.limit);

  let rows: OutboxRow[];
  if (options.dialect === 'postgres') {
    // One statement; rows another instance is claiming right now are skipped, not waited for.
    rows = await db
      .updateTable('outbox')
      .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', heads.forUpdate('o').skipLocked())
      .where(claimable)
      .returningAll()
      .execute();
  } else {
    // SQLite: a compare-and-set per candidate (the database-wide write lock serialises them).
    rows = [];
    for (const { id } of await heads.execute()) {
      const row = await db
        .updateTable('outbox')
        .set((eb) => ({ ...claim, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where(claimable)
        .returningAll()
        .executeTakeFirst();
      if (row) rows.push(row);
    }
  }
  if (rows.length === 0) return [];
  const [channels, digests] = await Promise.all([
    db.selectFrom('subscriptions').select(['id', 'platform', 'channel_id']).where('id', 'in', [...new Set(rows.map((r) => r.subscription_id))]).execute(),
    db.selectFrom('digests').select(['id', 'created_at']).where('id', 'in', [...new Set(rows.map((r) => r.digest_id))]).execute(),
  ]);
  const channelOf = new Map(channels.map((c) => [c.id, c]));
  const plannedAt = new Map(digests.map((d) => [d.id, d.created_at]));
  return rows.sort((a, b) => a.digest_id - b.digest_id).map((row) => {
    const { platform, channel_id } = channelOf.get(row.subscription_id)!;
    return { ...row, platform, channel_id, planned_at: plannedAt.get(row.digest_id)! };
  });
}

/**
 * A random number naming this database, created on first use. It goes into every message marker,
 * so a marker cannot match a message posted by another parley database — a second installation
 * posting to the same channel, or this one after its database was reset and digest ids restart.
 */
export async function installationTag(db: Executor): Promise<string> {
  await db
    .insertInto('counters')
    .values({ name: 'installation', value: 1 + Math.floor(Math.random() * 2 ** 31) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('counters').select('value').where('name', '=', 'installation').executeTakeFirstOrThrow();
  return Number(row.value).toString(36);
}

/** The marker of one message: stable across retries and restarts, unique across installations. */
export function markerKey(installation: string, digestId: number, seq: number): string {
  return `parley:${installation}:${digestId}:${seq}`;
}

/** Extends a claim while its message is in flight; false when the claim was lost. */
export async function renewClaim(db: Executor, id: number, holder: string, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ claim_expires_at: until.toISOString() })
    .where('id', '=', id)
    .where('claimed_by', '=', holder)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The parent message of a reply, as posted. */
export async function postedParent(db: Executor, digestId: number): Promise<PostedRef | null> {
  const parent = await db
    .selectFrom('outbox')
    .select(['platform_message_id', 'thread_id'])
    .where('digest_id', '=', digestId)
    .where('seq', '=', 0)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  if (!parent?.platform_message_id) return null;
  return { messageId: parent.platform_message_id, ...(parent.thread_id ? { threadId: parent.thread_id } : {}) };
}

/**
 * Records a message as posted; false when this instance no longer held its claim. With `paceMs`,
 * the channel's next messages are not due before that much time has passed.
 */
export async function markSent(db: Kysely<Database>, message: OutboxRow, holder: string, posted: PostedRef, now: Date, paceMs = 0): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (paceMs > 0) {
      await trx
        .updateTable('outbox')
        .set({ next_attempt_at: new Date(now.getTime() + paceMs).toISOString() })
        .where('subscription_id', '=', message.subscription_id)
        .where('status', '=', 'pending')
        .where('id', '!=', message.id)
        .where('next_attempt_at', '<', new Date(now.getTime() + paceMs).toISOString())
        .execute();
    }
    const result = await trx
      .updateTable('outbox')
      .set({
        status: 'sent',
        platform_message_id: posted.messageId,
        thread_id: posted.threadId ?? null,
        sent_at: now.toISOString(),
        claimed_by: null,
        claim_expires_at: null,
        last_error: null,
      })
      .where('id', '=', message.id)
      .where('claimed_by', '=', holder)
      .executeTakeFirst();
    // A reply may be the one that opened the thread (the parent's thread was not there yet).
    if (message.seq > 0 && posted.threadId) {
      await trx
        .updateTable('outbox')
        .set({ thread_id: posted.threadId })
        .where('digest_id', '=', message.digest_id)
        .where('seq', '=', 0)
        .where('thread_id', 'is', null)
        .execute();
    }
    return Number(result.numUpdatedRows) === 1;
  });
}

export async function scheduleRetry(
  db: Executor,
  message: OutboxRow,
  holder: string,
  retry: { at: Date; error: string; noAttemptLanded: boolean },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      next_attempt_at: retry.at.toISOString(),
      claimed_by: null,
      claim_expires_at: null,
      last_error: retry.error,
      ...(retry.noAttemptLanded ? { refused_attempts: message.attempts } : {}),
    })
    .where('id', '=', message.id)
    .where('claimed_by', '=', holder)
    .execute();
}

/**
 * A permanent failure: this message and the rest of its digest will not be sent, and the channel
 * is marked failing (later digests wait until an admin fixes the channel and resumes it).
 */
export async function failPermanently(db: Kysely<Database>, message: OutboxRow, holder: string, reason: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox')
      .set({ status: 'failed', claimed_by: null, claim_expires_at: null, last_error: reason })
      .where('id', '=', message.id)
      .where('claimed_by', '=', holder)
      .execute();
    await trx
      .updateTable('outbox')
      .set({ status: 'failed', last_error: `not sent: message ${message.seq} of this digest failed: ${reason}` })
      .where('digest_id', '=', message.digest_id)
      .where('status', '=', 'pending')
      .execute();
    await trx
      .updateTable('subscriptions')
      .set({ status: 'failing', status_reason: reason, updated_at: now.toISOString() })
      .where('id', '=', message.subscription_id)
      .execute();
  });
}

/**
 * Undoes `failPermanently` once an admin has fixed the channel (`/parley resume`): the channel is
 * no longer failing, and the messages the failure stopped are sent after all, in their order, so
 * the channel is not left without the digest it missed. Their attempts stay counted: whoever sends
 * one next looks for it on the platform first. Returns how many messages go out again.
 */
export async function reinstateSubscription(db: Kysely<Database>, subscriptionId: number, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('subscriptions').set({ status: 'ok', status_reason: null, updated_at: now.toISOString() }).where('id', '=', subscriptionId).execute();
    const requeued = await trx
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: now.toISOString(), claimed_by: null, claim_expires_at: null, last_error: null })
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(requeued.numUpdatedRows);
  });
}

/** Gives back claims this instance still holds (shutdown); their attempts stay counted. */
export async function releaseClaims(db: Executor, holder: string): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ claimed_by: null, claim_expires_at: null })
    .where('claimed_by', '=', holder)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Messages not yet sent, oldest first; for status replies and tests. */
export async function pendingCount(db: Executor, subscriptionId?: number): Promise<number> {
  let query = db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending');
  if (subscriptionId !== undefined) query = query.where('subscription_id', '=', subscriptionId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
