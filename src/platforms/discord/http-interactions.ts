import type { APIInteraction } from 'discord.js';
import type { Logger } from '../../logger.ts';
import { readBody, type HttpRoute } from '../http-server.ts';
import { ReplayGuard } from '../replay-guard.ts';
import type { DiscordInteractions } from './interactions.ts';
import { discordPublicKey, verifyDiscordSignature } from './verify-signature.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/** Signed requests older (or further in the future) than this are refused, like Slack's. */
const MAX_AGE_SECONDS = 5 * 60;

/**
 * `POST /discord/interactions`: Discord's HTTP interactions. The Ed25519 signature over timestamp
 * and raw body is checked before anything is parsed; a bad, stale or replayed request gets 401.
 */
export function discordInteractionsRoute(publicKeyHex: string, interactions: () => DiscordInteractions | null, logger: Logger): HttpRoute {
  const key = discordPublicKey(publicKeyHex);
  const guard = new ReplayGuard(MAX_AGE_SECONDS * 1000);
  return {
    method: 'POST',
    path: '/discord/interactions',
    async handle(request, response) {
      const raw = await readBody(request, MAX_BODY_BYTES);
      if (raw === null) {
        response.writeHead(413).end();
        return;
      }
      const signature = header(request.headers['x-signature-ed25519']);
      const timestamp = header(request.headers['x-signature-timestamp']);
      const age = Math.abs(Date.now() / 1000 - Number(timestamp));
      if (!verifyDiscordSignature(key, signature, timestamp, raw) || !(age <= MAX_AGE_SECONDS) || !guard.admit(signature!)) {
        logger.warn({ component: 'discord' }, 'refused a Discord interaction with a bad, stale or repeated signature');
        response.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
        return;
      }
      let interaction: APIInteraction;
      try {
        interaction = JSON.parse(raw.toString('utf8')) as APIInteraction;
      } catch {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('body is not JSON');
        return;
      }
      const core = interactions();
      if (!core) {
        response.writeHead(503).end();
        return;
      }
      await core.handle(interaction, async (answer) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
      if (!response.headersSent) response.writeHead(500).end();
    },
  };
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
