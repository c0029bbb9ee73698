import { App, HTTPReceiver, SocketModeReceiver, webApi, type AckFn, type BlockButtonAction, type RespondArguments, type RespondFn, type SlashCommand } from '@slack/bolt';
import type { Env } from '../../config/index.ts';
import { ConfigError, errorMessage } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { parseParleyText, runCommand, type CommandReply, type CommandServices, type Invocation, type ParsedCommand } from '../../commands/index.ts';
import { renderSlackLatest, renderSlackNotice, SHARE_LATEST_ACTION } from '../../render/index.ts';
import type { HttpRoute } from '../http-server.ts';
import { ReplayGuard } from '../replay-guard.ts';
import { SlackDeliveryChannel } from './slack-channel.ts';
import { boltLogger } from './slack-logger.ts';

/** Slack wants an answer within 3 s; what is not ready by then is acked and sent to response_url. */
export const SLACK_ACK_BUDGET_MS = 2000;
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackPlatform {
  channel: SlackDeliveryChannel;
  /** `POST /slack/events` on parley's HTTP listener (HTTP mode); absent in Socket Mode. */
  route: HttpRoute | null;
  /** Connects Socket Mode (HTTP mode needs nothing: its route is served by the listener). */
  start(services: CommandServices): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack side of parley on Bolt. The transport is one adapter — Bolt's HTTPReceiver (signed
 * requests on /slack/events) or its SocketModeReceiver (SLACK_APP_TOKEN) — and everything after
 * it (commands, the share button, delivery) is the same code for both.
 */
export function createSlackPlatform(env: Env, logger: Logger): SlackPlatform {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) throw new ConfigError('environment: SLACK_BOT_TOKEN is required to run on Slack');
  const log = boltLogger(logger);
  const socket = Boolean(env.SLACK_APP_TOKEN);
  let httpReceiver: HTTPReceiver | null = null;
  let receiver;
  if (socket) {
    receiver = new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN!, logger: log });
  } else {
    if (!env.SLACK_SIGNING_SECRET) {
      throw new ConfigError('environment: SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
    }
    httpReceiver = new HTTPReceiver({ signingSecret: env.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logger: log });
    receiver = httpReceiver;
  }
  const apiUrl = (env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL).replace(/\/?$/, '/');
  const app = new App({
    token,
    receiver,
    logger: log,
    // Bolt would otherwise call auth.test once at construction and keep a failed answer (Slack
    // unreachable at boot) as an unhandled rejection that fails every later request; verified per
    // request instead, it recovers when Slack does.
    tokenVerificationEnabled: false,
    // A few quick retries; the outbox retries for longer, with backoff, without holding a worker.
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 }, timeout: 15_000 },
  });
  // Digest messages get a client of their own that never re-sends by itself: a retried
  // chat.postMessage whose first answer was lost would post twice. The outbox retries instead,
  // after looking the message up, and a 429 comes back to it with its Retry-After.
  const channel = new SlackDeliveryChannel(
    new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 15_000, logger: log }),
  );
  const guard = new ReplayGuard();

  const route: HttpRoute | null = httpReceiver
    ? {
        method: 'POST',
        path: '/slack/events',
        handle(request, response) {
          const signature = request.headers['x-slack-signature'];
          if (typeof signature === 'string') {
            if (!guard.admit(signature)) {
              logger.warn({ component: 'slack' }, 'refused a replayed Slack request');
              response.writeHead(401).end();
              return;
            }
            response.on('finish', () => {
              if (response.statusCode === 401) guard.forget(signature);
            });
          }
          httpReceiver!.requestListener(request, response);
        },
      }
    : null;

  let started = false;
  return {
    channel,
    route,
    async start(services) {
      registerListeners(app, services, logger);
      if (socket) {
        await app.start();
        started = true;
      }
      logger.info({ mode: socket ? 'socket' : 'http' }, 'Slack ready');
    },
    async stop() {
      if (started) await app.stop();
    },
  };
}

function registerListeners(app: App, services: CommandServices, logger: Logger): void {
  app.command('/latest', async ({ command, ack, respond, client }) => {
    const work = runCommand(services, invocationOf(command, client), { name: 'latest', query: commandText(command.text) });
    await answer(ack, respond, work, logger);
  });

  app.command('/parley', async ({ command, ack, respond, client }) => {
    const parsed: ParsedCommand = parseParleyText(commandText(command.text));
    const work = runCommand(services, invocationOf(command, client), parsed);
    await answer(ack, respond, work, logger);
  });

  // "Share in channel" under a /latest answer: the same answer, posted for everyone.
  app.action<BlockButtonAction>(SHARE_LATEST_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const invocation: Invocation = {
      platform: 'slack',
      channelId: body.channel?.id ?? '',
      workspaceId: body.team?.id ?? null,
      userId: body.user.id,
      isPlatformAdmin: () => isSlackAdmin(client, body.user.id),
    };
    const reply = await runCommand(services, invocation, { name: 'latest', query: action.value ?? '' });
    if (reply.kind !== 'latest') {
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderSlackNotice(reply.text) });
      return;
    }
    await respond({ response_type: 'in_channel', replace_original: false, ...renderSlackLatest(reply.answer, { share: false }) });
    await respond({ delete_original: true }).catch(() => undefined);
  });

  app.error(async (error) => {
    logger.error({ component: 'slack', err: error }, `Slack listener failed: ${errorMessage(error)}`);
  });
}

type WebClient = webApi.WebClient;

function invocationOf(command: SlashCommand, client: WebClient): Invocation {
  return {
    platform: 'slack',
    channelId: command.channel_id,
    workspaceId: command.team_id ?? null,
    userId: command.user_id,
    isPlatformAdmin: () => isSlackAdmin(client, command.user_id),
  };
}

/** Workspace admins and owners, as users.info reports them. */
async function isSlackAdmin(client: WebClient, user: string): Promise<boolean> {
  const info = await client.users.info({ user });
  return Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
}

/**
 * A command's text as the user typed it: Slack escapes `&`, `<`, `>` and wraps links it
 * recognised in `<…>` (`<https://x.org/rss|x.org/rss>`).
 */
export function commandText(text: string): string {
  return text
    .replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_match, target: string, label: string | undefined) =>
      /^https?:\/\//.test(target) ? target : (label ?? target),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function toResponse(reply: CommandReply): RespondArguments {
  if (reply.kind === 'latest') return { response_type: 'ephemeral', ...renderSlackLatest(reply.answer, { share: true }) };
  return { response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', ...renderSlackNotice(reply.text) };
}

/** Acks with the answer when it is ready in time, else acks at once and answers via response_url. */
async function answer(ack: AckFn<string | RespondArguments>, respond: RespondFn, work: Promise<CommandReply>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SLACK_ACK_BUDGET_MS);
  });
  const quick = await Promise.race([work, late]);
  clearTimeout(timer);
  if (quick) {
    await ack(toResponse(quick));
    return;
  }
  await ack({ response_type: 'ephemeral', text: 'Working on it…' });
  try {
    await respond(toResponse(await work));
  } catch (error) {
    logger.error({ component: 'slack', err: error }, `could not send a late Slack answer: ${errorMessage(error)}`);
  }
}
