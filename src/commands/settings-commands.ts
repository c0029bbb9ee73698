import { reinstateSubscription } from '../delivery/outbox.ts';
import { UserError } from '../errors.ts';
import {
  ensureChannelSubscription,
  formatRun,
  subscriptionOf,
  upcomingRuns,
  validateSchedule,
} from './subscription-settings.ts';
import type { CommandHandler, CommandReply, ParsedCommand } from './types.ts';

type Of<N extends ParsedCommand['name']> = Extract<ParsedCommand, { name: N }>;

const notice = (text: string, visibility: 'private' | 'channel' = 'private'): CommandReply => ({ kind: 'notice', text, visibility });

export const subscribe: CommandHandler<Of<'subscribe'>> = {
  admin: true,
  async run(services, invocation, command) {
    const topic = services.loaded.config.topic;
    if (command.topic !== null) {
      const asked = command.topic.trim().toLowerCase();
      if (asked !== topic.id && asked !== topic.name.toLowerCase()) {
        throw new UserError('unknown_topic', `This parley follows one topic, “${topic.name}” (${topic.id}); “${command.topic}” is not it.`);
      }
    }
    const row = await ensureChannelSubscription(services, invocation);
    await services.schedulesChanged();
    const next = upcomingRuns(row.schedule, row.time_zone, services.now(), 1)[0];
    return notice(
      `This channel follows “${topic.name}”. Digests run on “${row.schedule}” (${row.time_zone})` +
        (next ? `, next ${formatRun(next, row.time_zone)}.` : '.') +
        ' Change it with /parley schedule, or post one now with /parley now.',
      'channel',
    );
  },
};

export const unsubscribe: CommandHandler<Of<'unsubscribe'>> = {
  admin: true,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    await services.db.deleteFrom('subscriptions').where('id', '=', row.id).execute();
    await services.schedulesChanged();
    return notice('This channel no longer receives digests. /parley subscribe starts them again (from scratch).', 'channel');
  },
};

export const schedule: CommandHandler<Of<'schedule'>> = {
  admin: true,
  async run(services, invocation, command) {
    const existing = await ensureChannelSubscription(services, invocation);
    const timeZone = command.timeZone ?? existing.time_zone;
    validateSchedule(command.cron, timeZone);
    const now = services.now();
    const runs = upcomingRuns(command.cron, timeZone, now, 3);
    await services.db
      .updateTable('subscriptions')
      .set({ schedule: command.cron, time_zone: timeZone, next_run_at: runs[0]?.toISOString() ?? null, updated_at: now.toISOString() })
      .where('id', '=', existing.id)
      .execute();
    await services.schedulesChanged();
    const list = runs.map((run) => `• ${formatRun(run, timeZone)}`).join('\n');
    return notice(`Schedule set to “${command.cron}” (${timeZone}).${runs.length > 0 ? ` Next runs:\n${list}` : ' It never runs.'}`, 'channel');
  },
};

export const pause: CommandHandler = {
  admin: true,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    if (row.paused) return notice('Digests are already paused here.');
    await services.db.updateTable('subscriptions').set({ paused: 1, updated_at: services.now().toISOString() }).where('id', '=', row.id).execute();
    await services.schedulesChanged();
    return notice('Scheduled digests are paused. /parley resume restarts them.', 'channel');
  },
};

/** Restarts a paused channel, and also one whose delivery failed for good once an admin has fixed it. */
export const resume: CommandHandler = {
  admin: true,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    const failing = row.status === 'failing';
    if (!row.paused && !failing) return notice('Digests are not paused here.');
    const now = services.now();
    if (row.paused) await services.db.updateTable('subscriptions').set({ paused: 0, updated_at: now.toISOString() }).where('id', '=', row.id).execute();
    const resent = failing ? await reinstateSubscription(services.db, row.id, now) : 0;
    await services.schedulesChanged();
    if (resent > 0) services.kickDelivery();
    const lines = [`Scheduled digests resume on “${row.schedule}” (${row.time_zone}).`];
    if (failing) {
      lines.push(`Delivery had failed (${row.status_reason ?? 'unknown reason'}) and is tried again` + (resent > 0 ? `, starting with the ${resent === 1 ? 'message' : `${resent} messages`} it could not post.` : '.'));
    }
    return notice(lines.join(' '), 'channel');
  },
};

export const now: CommandHandler<Of<'now'>> = {
  admin: true,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    const queued = await services.postNow(row);
    if (queued.empty) return notice('Nothing new since the last digest.');
    return notice(`Posting a digest (${queued.messages} messages) now.`);
  },
};
