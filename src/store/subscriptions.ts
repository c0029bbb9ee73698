import type { Config } from '../config/index.ts';
import type { Executor } from './open.ts';
import type { SubscriptionRow } from './schema.ts';

export interface SubscriptionSpec {
  platform: SubscriptionRow['platform'];
  channelId: string;
  workspaceId?: string | null;
  topic: string;
  schedule: string;
  timeZone: string;
  notifyEmpty?: boolean;
}

/**
 * The channel's subscription, created when missing. An existing one is returned as stored:
 * schedules and pauses set later by admins outlive a restart with the original config.
 */
export async function ensureSubscription(db: Executor, spec: SubscriptionSpec, now = new Date()): Promise<SubscriptionRow> {
  const stamp = now.toISOString();
  await db
    .insertInto('subscriptions')
    .values({
      platform: spec.platform,
      channel_id: spec.channelId,
      workspace_id: spec.workspaceId ?? null,
      topic: spec.topic,
      schedule: spec.schedule,
      time_zone: spec.timeZone,
      notify_empty: spec.notifyEmpty ? 1 : 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .onConflict((conflict) => conflict.columns(['platform', 'channel_id']).doNothing())
    .execute();
  const row = await findSubscription(db, spec.platform, spec.channelId);
  if (!row) throw new Error(`subscription ${spec.platform}:${spec.channelId} missing right after it was written`);
  return row;
}

export async function findSubscription(db: Executor, platform: SubscriptionRow['platform'], channelId: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('platform', '=', platform).where('channel_id', '=', channelId).executeTakeFirst();
}

export async function listSubscriptions(db: Executor): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().orderBy('id').execute();
}

/** Every channel of the config file as a subscription to the configured topic. */
export async function ensureConfiguredSubscriptions(db: Executor, config: Config, now = new Date()): Promise<SubscriptionRow[]> {
  const rows: SubscriptionRow[] = [];
  for (const channel of config.channels) {
    rows.push(
      await ensureSubscription(
        db,
        {
          platform: channel.platform,
          channelId: channel.id,
          topic: config.topic.id,
          schedule: channel.schedule,
          timeZone: channel.timeZone,
          notifyEmpty: channel.notifyEmpty,
        },
        now,
      ),
    );
  }
  return rows;
}
