import { ApplicationCommandOptionType, PermissionFlagsBits, Routes, type REST, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';

const STRING = ApplicationCommandOptionType.String;
const SUB = ApplicationCommandOptionType.Subcommand;
const GROUP = ApplicationCommandOptionType.SubcommandGroup;

/**
 * The slash commands: `/latest query:<text>` for everyone and `/parley …` for managers. Discord
 * hides `/parley` from members without Manage Server (`default_member_permissions`); the server
 * checks again on every interaction, since a guild can override that default.
 */
export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'latest',
    description: 'The most recent developments on a subject, with quotes and sources',
    options: [{ type: STRING, name: 'query', description: 'What to look for, e.g. "Doha talks" (empty: the channel topic)', required: false, max_length: 200 }],
  },
  {
    name: 'parley',
    description: 'Digest settings for this channel',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    dm_permission: false,
    options: [
      { type: SUB, name: 'subscribe', description: 'Start digests in this channel', options: [{ type: STRING, name: 'topic', description: 'Topic id (default: the configured topic)', required: false }] },
      { type: SUB, name: 'unsubscribe', description: 'Stop digests in this channel' },
      {
        type: SUB,
        name: 'schedule',
        description: 'When digests run (cron expression and time zone)',
        options: [
          { type: STRING, name: 'cron', description: 'Cron expression, e.g. "0 8 * * 1-5"', required: true, max_length: 100 },
          { type: STRING, name: 'timezone', description: 'IANA time zone, e.g. Europe/Berlin', required: false, autocomplete: true },
        ],
      },
      { type: SUB, name: 'pause', description: 'Pause scheduled digests' },
      { type: SUB, name: 'resume', description: 'Resume scheduled digests, or retry delivery after a failure' },
      { type: SUB, name: 'now', description: 'Post a digest now' },
      { type: SUB, name: 'status', description: 'Schedule, next run, last digest and sources health' },
      {
        type: SUB,
        name: 'why',
        description: 'What became of matching articles and developments in the last digest, and why',
        options: [{ type: STRING, name: 'about', description: 'Words of a title, or an article URL', required: true, max_length: 300 }],
      },
      { type: SUB, name: 'help', description: 'What parley can do' },
      {
        type: GROUP,
        name: 'sources',
        description: 'The feeds parley reads',
        options: [
          { type: SUB, name: 'list', description: 'List the feeds' },
          { type: SUB, name: 'add', description: 'Follow a feed', options: [{ type: STRING, name: 'url', description: 'RSS or Atom feed URL', required: true }] },
          { type: SUB, name: 'remove', description: 'Stop following a feed', options: [{ type: STRING, name: 'id', description: 'Source id from /parley sources list', required: true }] },
        ],
      },
    ],
  },
];

/** Registers the commands in one guild (immediate) or globally (may take up to an hour to appear). */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<number> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commandDefinitions })) as unknown[];
  return registered.length;
}
