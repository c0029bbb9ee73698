import type { Kysely } from 'kysely';
import type { Config } from '../config/index.ts';
import { planDigest, recordDigest, type DigestTrigger } from '../digest/index.ts';
import type { Logger } from '../logger.ts';
import { renderMessages, webLinks } from '../render/index.ts';
import { newPublicId, type Database, type Executor, type SubscriptionRow } from '../store/index.ts';
import { enqueueMessages } from './outbox.ts';

export interface RunDigestContext {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  now: () => Date;
}

export interface RunDigestResult {
  digestId: number;
  empty: boolean;
  /** Updates in the digest. */
  updates: number;
  /** Messages queued in the outbox (0 for an empty digest nobody asked to hear about). */
  messages: number;
}

/**
 * Plans a channel's next digest and queues its messages: the digest, what the channel has been
 * told, its cursor and the outbox rows are written in ONE transaction, so a crash leaves either a
 * digest that will be delivered in full or nothing at all (and the next run plans it again).
 */
export async function runDigest(ctx: RunDigestContext, subscription: Pick<SubscriptionRow, 'id'>, trigger: DigestTrigger): Promise<RunDigestResult> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockSubscription(trx, subscription.id);
    if (!current) throw new Error(`subscription ${subscription.id} no longer exists`);
    return planAndQueue(trx, ctx.config, current, trigger, ctx.now());
  });
  const { updates, ...queued } = result;
  ctx.logger.info({ subscription: subscription.id, trigger, updates, ...queued }, result.messages > 0 ? 'digest planned and queued' : 'digest planned; nothing to post');
  return result;
}

/**
 * Takes the channel's row lock for the rest of the transaction (PostgreSQL: a row lock; SQLite: the
 * write lock, taken up front so the transaction never has to upgrade a read lock) and returns the
 * row as it is now — its cursor may have moved since the caller read it.
 */
export async function lockSubscription(trx: Executor, id: number): Promise<SubscriptionRow | undefined> {
  await trx
    .updateTable('subscriptions')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .execute();
  return trx.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The body of `runDigest`, for callers that hold the transaction and the channel's lock already. */
export async function planAndQueue(trx: Executor, config: Config, subscription: SubscriptionRow, trigger: DigestTrigger, now: Date): Promise<RunDigestResult> {
  // The planner's reasons are kept with every digest, for "why wasn't this posted?".
  const plan = await planDigest({ db: trx, subscription, config, now, explain: true });
  // The page's address is chosen before rendering, so the messages can link to it.
  const publicId = newPublicId();
  const digestId = await recordDigest(trx, subscription, plan, trigger, now, publicId);
  const empty = plan.digest.updates.length === 0;
  // An empty digest is posted only on a schedule, and only to channels that asked for "nothing new"
  // notices; `/parley now` and the CLI tell the asker themselves.
  const scheduled = trigger === 'schedule' || trigger === 'catch-up';
  const post = !empty || (scheduled && Boolean(subscription.notify_empty));
  const web = config.web.publicUrl && !empty ? webLinks(config.web.publicUrl, publicId, plan.digest.figures.length > 0) : null;
  const payloads = post ? renderMessages(plan.digest, subscription.platform, web).map((m) => m.payload) : [];
  await enqueueMessages(trx, { digestId, subscriptionId: subscription.id, payloads, now });
  return { digestId, empty, updates: plan.digest.updates.length, messages: payloads.length };
}
