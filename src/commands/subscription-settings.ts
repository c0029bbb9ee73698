import cron from 'node-cron';
import { isTimeZone } from '../config/index.ts';
import { UserError } from '../errors.ts';
import { nextRuns } from '../scheduler/next-runs.ts';
import { ensureSubscription, findSubscription } from '../store/subscriptions.ts';
import type { SubscriptionRow } from '../store/index.ts';
import type { CommandServices, Invocation } from './types.ts';

/** The channel's subscription, or a UserError telling the asker how to create one. */
export async function subscriptionOf(services: CommandServices, invocation: Invocation): Promise<SubscriptionRow> {
  const row = await findSubscription(services.db, invocation.platform, invocation.channelId);
  if (!row) throw new UserError('not_subscribed', 'This channel is not subscribed yet. An admin can start with “/parley subscribe”.');
  return row;
}

/** Schedule defaults for a new subscription: the config file's entry for this channel, else 08:00 UTC. */
export function defaultSchedule(services: CommandServices, invocation: Invocation): { schedule: string; timeZone: string; notifyEmpty: boolean } {
  const configured = services.loaded.config.channels.find((c) => c.platform === invocation.platform && c.id === invocation.channelId);
  return { schedule: configured?.schedule ?? '0 8 * * *', timeZone: configured?.timeZone ?? 'UTC', notifyEmpty: configured?.notifyEmpty ?? false };
}

export async function ensureChannelSubscription(services: CommandServices, invocation: Invocation): Promise<SubscriptionRow> {
  const defaults = defaultSchedule(services, invocation);
  return ensureSubscription(
    services.db,
    {
      platform: invocation.platform,
      channelId: invocation.channelId,
      workspaceId: invocation.workspaceId,
      topic: services.loaded.config.topic.id,
      ...defaults,
    },
    services.now(),
  );
}

export function validateSchedule(expression: string, timeZone: string): void {
  if (!cron.validate(expression)) {
    throw new UserError('bad_schedule', `“${expression}” is not a cron expression. Example: "0 8 * * 1-5" (08:00 on weekdays).`);
  }
  if (!isTimeZone(timeZone)) {
    throw new UserError('bad_time_zone', `“${timeZone}” is not a time zone. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`);
  }
}

/** `Tue 24 Nov 2026, 09:00 CET` in the schedule's own zone. */
export function formatRun(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

export function upcomingRuns(expression: string, timeZone: string, from: Date, count: number): Date[] {
  return nextRuns(expression, timeZone, count, from);
}
