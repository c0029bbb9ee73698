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

function pauseHandler(paused: boolean): CommandHandler {
  return {
    admin: true,
    async run(services, invocation) {
      const row = await subscriptionOf(services, invocation);
      if (Boolean(row.paused) === paused) return notice(paused ? 'Digests are already paused here.' : 'Digests are not paused here.');
      await services.db
        .updateTable('subscriptions')
        .set({ paused: paused ? 1 : 0, updated_at: services.now().toISOString() })
        .where('id', '=', row.id)
        .execute();
      await services.schedulesChanged();
      return notice(paused ? 'Scheduled digests are paused. /parley resume restarts them.' : `Scheduled digests resume on “${row.schedule}” (${row.time_zone}).`, 'channel');
    },
  };
}

export const pause = pauseHandler(true);
export const resume = pauseHandler(false);

export const now: CommandHandler<Of<'now'>> = {
  admin: true,
  async run(services, invocation) {
    const row = await subscriptionOf(services, invocation);
    const queued = await services.postNow(row);
    if (queued.empty) return notice('Nothing new since the last digest.');
    return notice(`Posting a digest (${queued.messages} messages) now.`);
  },
};
