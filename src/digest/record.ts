import { newPublicId, type Executor, type SubscriptionRow } from '../store/index.ts';
import { explanationSchema, type Explanation } from './explanation.ts';
import { digestSchema, type Digest } from './model.ts';
import type { DigestPlan } from './plan.ts';

export type DigestTrigger = 'schedule' | 'catch-up' | 'now' | 'cli';

/**
 * Records a planned digest as delivered: the `digests` row, what the channel has now been told,
 * and the channel's cursor. Call it inside the transaction that also writes the outbox, so a crash
 * leaves either all of it or none. `publicId` is the digest's web page address (taken before
 * rendering when the messages link to that page).
 */
export async function recordDigest(
  db: Executor,
  subscription: SubscriptionRow,
  plan: DigestPlan,
  trigger: DigestTrigger,
  now: Date,
  publicId: string = newPublicId(),
): Promise<number> {
  const stamp = now.toISOString();
  const row = await db
    .insertInto('digests')
    .values({
      subscription_id: subscription.id,
      created_at: stamp,
      trigger,
      cursor_from: subscription.cursor_seq,
      cursor_to: plan.cursorTo,
      empty: plan.digest.updates.length === 0 ? 1 : 0,
      model: JSON.stringify(plan.digest),
      public_id: publicId,
      explanation: plan.explanation ? JSON.stringify(plan.explanation) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const digestId = Number(row.id);
  for (const told of plan.told) {
    await db
      .insertInto('told')
      .values({ subscription_id: subscription.id, kind: told.kind, key: told.key, value: told.value, digest_id: digestId, told_at: stamp })
      .onConflict((oc) => oc.columns(['subscription_id', 'kind', 'key']).doUpdateSet({ value: told.value, digest_id: digestId, told_at: stamp }))
      .execute();
  }
  await db
    .updateTable('subscriptions')
    .set({ cursor_seq: Math.max(plan.cursorTo, subscription.cursor_seq), last_digest_at: stamp, updated_at: stamp })
    .where('id', '=', subscription.id)
    .execute();
  return digestId;
}

/**
 * The channel's last recorded digest that had news, with the reasons kept with it (null for one
 * recorded before reasons were kept); null when the channel has had none.
 */
export async function lastRecordedDigest(db: Executor, subscriptionId: number): Promise<{ digest: Digest; explanation: Explanation | null; recordedAt: string } | null> {
  const row = await db
    .selectFrom('digests')
    .select(['model', 'explanation', 'created_at'])
    .where('subscription_id', '=', subscriptionId)
    .where('empty', '=', 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { ...recordedDigestOf(row), recordedAt: row.created_at } : null;
}

/** A `digests` row's digest and the reasons kept with it (null for one recorded before reasons were kept). */
export function recordedDigestOf(row: { model: string; explanation: string | null }): { digest: Digest; explanation: Explanation | null } {
  return {
    digest: digestSchema.parse(JSON.parse(row.model)),
    explanation: row.explanation === null ? null : explanationSchema.parse(JSON.parse(row.explanation)),
  };
}
