import { REST } from 'discord.js';
import type { CommandServices } from '../../commands/index.ts';
import type { Env } from '../../config/index.ts';
import { ConfigError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { HttpRoute } from '../http-server.ts';
import { DiscordDeliveryChannel } from './discord-channel.ts';
import { connectGateway } from './gateway.ts';
import { discordInteractionsRoute } from './http-interactions.ts';
import { DiscordInteractions } from './interactions.ts';

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

export interface DiscordPlatform {
  channel: DiscordDeliveryChannel;
  /** `POST /discord/interactions` when DISCORD_PUBLIC_KEY is set; otherwise interactions come over the gateway. */
  route: HttpRoute | null;
  start(services: CommandServices): Promise<void>;
  stop(): Promise<void>;
}

/** Every Discord HTTP call goes through discord.js's REST client, which waits out 429s by their headers. */
export function discordRest(env: Env): REST {
  const rest = new REST({ api: discordApiUrl(env), version: '10', timeout: 15_000, retries: 3 });
  if (env.DISCORD_TOKEN) rest.setToken(env.DISCORD_TOKEN);
  return rest;
}

export function discordApiUrl(env: Env): string {
  return (env.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, '');
}

/**
 * The Discord side of parley: HTTP interactions (Ed25519-verified) when DISCORD_PUBLIC_KEY is set,
 * else the gateway; either way one interaction core and one REST client.
 */
export function createDiscordPlatform(env: Env, logger: Logger): DiscordPlatform {
  const token = env.DISCORD_TOKEN;
  if (!token) throw new ConfigError('environment: DISCORD_TOKEN is required to run on Discord');
  const applicationId = env.DISCORD_APPLICATION_ID;
  if (!applicationId) throw new ConfigError('environment: DISCORD_APPLICATION_ID is required to answer Discord commands');
  const log = logger.child({ component: 'discord' });
  const rest = discordRest(env);
  let interactions: DiscordInteractions | null = null;
  let gateway: { stop(): Promise<void> } | null = null;
  const http = Boolean(env.DISCORD_PUBLIC_KEY);
  return {
    channel: new DiscordDeliveryChannel(rest),
    route: http ? discordInteractionsRoute(env.DISCORD_PUBLIC_KEY!, () => interactions, log) : null,
    async start(services) {
      interactions = new DiscordInteractions(rest, applicationId, services, log);
      if (!http) gateway = await connectGateway({ token, apiUrl: discordApiUrl(env), rest, interactions, logger: log });
      log.info({ mode: http ? 'http' : 'gateway' }, 'Discord ready');
    },
    async stop() {
      await gateway?.stop();
    },
  };
}
