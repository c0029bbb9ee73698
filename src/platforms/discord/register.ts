import { DiscordAPIError } from 'discord.js';
import type { Env } from '../../config/index.ts';
import { ConfigError, errorMessage, UserError } from '../../errors.ts';
import { registerCommands } from './command-definitions.ts';
import { discordRest } from './discord-platform.ts';

/** `parley discord register [--guild ID]`: puts /latest and /parley on Discord; returns a line to print. */
export async function registerDiscordCommands(env: Env, guildId?: string): Promise<string> {
  if (!env.DISCORD_TOKEN) throw new ConfigError('environment: DISCORD_TOKEN is required to register Discord commands');
  if (!env.DISCORD_APPLICATION_ID) throw new ConfigError('environment: DISCORD_APPLICATION_ID is required to register Discord commands');
  if (guildId !== undefined && !/^\d+$/.test(guildId)) throw new UserError('bad_guild', `--guild "${guildId}": expected a numeric server id`, 2);
  let count: number;
  try {
    count = await registerCommands(discordRest(env), env.DISCORD_APPLICATION_ID, guildId);
  } catch (error) {
    const reason = error instanceof DiscordAPIError ? `Discord answered ${error.status}: ${error.message}` : errorMessage(error);
    throw new UserError('discord_register_failed', `registering Discord commands failed: ${reason}`);
  }
  return guildId
    ? `registered ${count} commands in server ${guildId} (available now)`
    : `registered ${count} commands globally (Discord may take up to an hour to show them everywhere)`;
}
