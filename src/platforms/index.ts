import type { CommandServices } from '../commands/index.ts';
import type { Env } from '../config/index.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { Logger } from '../logger.ts';
import { createDiscordPlatform, type DiscordPlatform } from './discord/discord-platform.ts';
import { startHttpServer, type HttpRoute, type HttpServer } from './http-server.ts';
import { createSlackPlatform, type SlackPlatform } from './slack/slack-app.ts';

export interface Platforms {
  /** Delivery channels of the platforms that run (a platform runs when its token is set). */
  channels: { slack?: DeliveryChannel; discord?: DeliveryChannel };
  /**
   * Starts the platforms' listeners and the HTTP listener (`/healthz`, `/slack/events`,
   * `/discord/interactions`, and `routes` of the core such as the web pages).
   */
  start(services: CommandServices, routes?: HttpRoute[]): Promise<HttpServer>;
  stop(): Promise<void>;
}

/**
 * Slack and Discord as configured by the environment. Built in two steps so the delivery worker can
 * take the channels before commands (which kick that worker) start arriving.
 */
export function createPlatforms(env: Env, logger: Logger): Platforms {
  const slack: SlackPlatform | null = env.SLACK_BOT_TOKEN ? createSlackPlatform(env, logger) : null;
  const discord: DiscordPlatform | null = env.DISCORD_TOKEN ? createDiscordPlatform(env, logger) : null;
  let server: HttpServer | null = null;
  return {
    channels: { ...(slack ? { slack: slack.channel } : {}), ...(discord ? { discord: discord.channel } : {}) },
    async start(services, coreRoutes = []) {
      await slack?.start(services);
      await discord?.start(services);
      const routes = [slack?.route, discord?.route, ...coreRoutes].filter((route) => route != null);
      server = await startHttpServer({ host: env.HOST, port: env.PORT, routes, logger });
      return server;
    },
    async stop() {
      await server?.close();
      await slack?.stop();
      await discord?.stop();
    },
  };
}
