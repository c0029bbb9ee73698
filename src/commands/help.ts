import type { ChatPlatform, CommandHandler, ParsedCommand } from './types.ts';

/** What parley can do, written the way each platform's slash commands are typed. */
export function helpText(platform: ChatPlatform): string {
  const slack = platform === 'slack';
  return [
    'parley posts what changed in the story since this channel’s last digest.',
    `${slack ? '/latest <query>' : '/latest query:<text>'} — the most recent developments on a subject, with quotes and sources (empty: the channel’s topic)`,
    '/parley subscribe [topic] — start digests in this channel',
    '/parley unsubscribe — stop them',
    slack
      ? '/parley schedule "<cron>" [time zone] — when digests run, e.g. schedule "0 8 * * 1-5" Europe/Berlin'
      : '/parley schedule cron:<cron> timezone:<zone> — when digests run, e.g. cron:0 8 * * 1-5 timezone:Europe/Berlin',
    '/parley pause | resume — stop and restart scheduled digests (resume also retries a channel whose delivery failed)',
    '/parley now — post a digest now',
    '/parley status — schedule, next run, last digest, sources health',
    `/parley why ${slack ? '<words or URL>' : 'about:<words or URL>'} — what became of matching articles and developments in the last digest, and why`,
    `/parley sources list | add ${slack ? '<feed url>' : 'url:<feed url>'} | remove ${slack ? '<id>' : 'id:<id>'} — the feeds parley reads`,
    `Changing settings needs ${slack ? 'a workspace admin or owner' : 'the Manage Server permission'} (or a place in PARLEY_ADMINS).`,
  ].join('\n');
}

export const help: CommandHandler<Extract<ParsedCommand, { name: 'help' }>> = {
  admin: false,
  async run(_services, invocation, command) {
    const text = helpText(invocation.platform);
    return { kind: 'notice', text: command.problem ? `${command.problem}\n\n${text}` : text, visibility: 'private' };
  },
};
