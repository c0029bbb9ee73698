import type { Executor } from '../../../src/store/index.ts';
import { enqueueMessages } from '../../../src/delivery/outbox.ts';

const stamp = '2026-03-01T00:00:00.000Z';

export async function addSubscription(
  db: Executor,
  values: { platform?: 'console' | 'slack' | 'discord'; channelId: string; schedule?: string; timeZone?: string; notifyEmpty?: boolean; nextRunAt?: string | null },
): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      platform: values.platform ?? 'slack',
      channel_id: values.channelId,
      workspace_id: null,
      topic: 'gaza-ceasefire-talks',
      schedule: values.schedule ?? '0 8 * * *',
      time_zone: values.timeZone ?? 'UTC',
      paused: 0,
      notify_empty: values.notifyEmpty ? 1 : 0,
      next_run_at: values.nextRunAt ?? null,
      last_digest_at: null,
      status_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A digest with `messages` planned messages (parent + replies) waiting in the outbox. */
export async function addPlannedDigest(db: Executor, subscriptionId: number, messages: number, now = new Date(stamp)): Promise<number> {
  const row = await db
    .insertInto('digests')
    .values({ subscription_id: subscriptionId, created_at: now.toISOString(), trigger: 'schedule', cursor_from: 0, cursor_to: 0, empty: 0, model: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const digestId = Number(row.id);
  await enqueueMessages(db, {
    digestId,
    subscriptionId,
    payloads: Array.from({ length: messages }, (_, i) => ({ text: i === 0 ? `digest ${digestId}` : `update ${i} of digest ${digestId}` })),
    now,
  });
  return digestId;
}
