import { Client, Events, GatewayIntentBits, Routes, type APIInteraction, type REST } from 'discord.js';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { DiscordInteractions } from './interactions.ts';

/**
 * Interactions over the gateway (for deployments without a public HTTPS endpoint). discord.js keeps
 * the WebSocket connection; the raw INTERACTION_CREATE payload goes to the same interaction core
 * as HTTP interactions, and the first response is sent through the REST callback route.
 */
export async function connectGateway(options: { token: string; apiUrl: string; rest: REST; interactions: DiscordInteractions; logger: Logger }): Promise<{ stop(): Promise<void> }> {
  const { rest, interactions, logger } = options;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: options.apiUrl, version: '10' } });
  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const interaction = packet.d as APIInteraction;
    interactions
      .handle(interaction, async (response) => {
        await rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: response, auth: false });
      })
      .catch((error: unknown) => logger.error({ component: 'discord', err: error }, `gateway interaction failed: ${errorMessage(error)}`));
  });
  client.on(Events.Error, (error) => logger.error({ component: 'discord', err: error }, `Discord gateway error: ${error.message}`));
  await client.login(options.token);
  logger.info({ component: 'discord' }, 'Discord gateway connected');
  return { stop: () => client.destroy() };
}
