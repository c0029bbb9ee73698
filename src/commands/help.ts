import type { CommandHandler, ParsedCommand } from './types.ts';

export const HELP_TEXT = [
  'parley posts what changed in the story since this channel’s last digest.',
  '/latest <query> — the most recent developments on a subject, with quotes and sources (empty: the channel’s topic)',
  '/parley subscribe [topic] — start digests in this channel',
  '/parley unsubscribe — stop them',
  '/parley schedule "<cron>" [time zone] — when digests run, e.g. schedule "0 8 * * 1-5" Europe/Berlin',
  '/parley pause | resume — stop and restart scheduled digests',
  '/parley now — post a digest now',
  '/parley status — schedule, next run, last digest, sources health',
  '/parley sources list | add <feed url> | remove <id> — the feeds parley reads',
  'Changing settings needs a workspace admin (Slack) or Manage Server (Discord).',
].join('\n');

export const help: CommandHandler<Extract<ParsedCommand, { name: 'help' }>> = {
  admin: false,
  async run(_services, _invocation, command) {
    return { kind: 'notice', text: command.problem ? `${command.problem}\n\n${HELP_TEXT}` : HELP_TEXT, visibility: 'private' };
  },
};
