import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stateful fakes of the Slack Web API and the Discord REST API on 127.0.0.1, enough for parley's
 * adapters to post digests and look them up after a crash: Slack keeps message metadata and answers
 * conversations.history / conversations.replies; Discord honours `nonce` + `enforce_nonce`, threads
 * started from a message, and its 160004 "thread already exists". A message is accepted when the
 * request arrives; the answer may be delayed, or lost (the connection reset) after acceptance.
 * Some calls are refused with 429 (with Retry-After headers) or 500 before anything is accepted.
 */
export interface Faults {
  rateLimited: number;
  serverError: number;
  resetAfterAccept: number;
}

export interface SlackMessage {
  ts: string;
  channel: string;
  text: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: string } };
}

export interface DiscordMessage {
  id: string;
  channel_id: string;
  content: string;
  nonce?: string;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string>; reset?: boolean };

function serve(handler: (method: string, url: URL, body: Record<string, unknown>) => Answer, random: () => number, maxDelayMs: number) {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
      const answer = handler(req.method ?? 'GET', new URL(req.url ?? '/', 'http://127.0.0.1'), body);
      if (answer.reset) return req.socket.destroy();
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
      }, Math.floor(random() * maxDelayMs));
    });
  });
  return new Promise<{ server: http.Server; port: number }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

export async function startFakeChatApis(options: { random: () => number; faults: Faults; maxDelayMs: number }) {
  const { random, faults } = options;
  const fault = (): 'rate' | 'error' | 'reset' | null => {
    const roll = random();
    if (roll < faults.rateLimited) return 'rate';
    if (roll < faults.rateLimited + faults.serverError) return 'error';
    if (roll < faults.rateLimited + faults.serverError + faults.resetAfterAccept) return 'reset';
    return null;
  };

  const slackMessages: SlackMessage[] = [];
  let ts = 1_700_000_000;
  const slack = await serve((_method, url, body) => {
    const q = { ...Object.fromEntries(url.searchParams), ...body } as Record<string, unknown>;
    const withMeta = q.include_all_metadata === true || q.include_all_metadata === 'true';
    const shown = (m: SlackMessage) => ({ ...m, metadata: withMeta ? m.metadata : undefined });
    switch (url.pathname.replace(/^\/api\//, '')) {
      case 'auth.test':
        return { status: 200, body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } };
      case 'chat.postMessage': {
        const f = fault();
        if (f === 'rate') return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } };
        if (f === 'error') return { status: 500, body: { ok: false, error: 'internal_error' } };
        const metadata = (typeof q.metadata === 'string' ? JSON.parse(q.metadata) : q.metadata) as SlackMessage['metadata'];
        const message: SlackMessage = { ts: `${++ts}.000100`, channel: String(q.channel), text: String(q.text ?? ''), metadata };
        if (q.thread_ts) message.thread_ts = String(q.thread_ts);
        slackMessages.push(message);
        if (f === 'reset') return { status: 0, body: null, reset: true };
        return { status: 200, body: { ok: true, channel: message.channel, ts: message.ts, message } };
      }
      case 'conversations.history': {
        const top = slackMessages.filter((m) => m.channel === q.channel && !m.thread_ts).reverse().slice(0, Number(q.limit ?? 100));
        return { status: 200, body: { ok: true, has_more: false, messages: top.map(shown) } };
      }
      case 'conversations.replies': {
        const all = slackMessages.filter((m) => m.channel === q.channel && (m.ts === q.ts || m.thread_ts === q.ts));
        return { status: 200, body: { ok: true, has_more: false, messages: all.map(shown) } };
      }
      default:
        return { status: 200, body: { ok: true } };
    }
  }, random, options.maxDelayMs);

  const discordMessages: DiscordMessage[] = [];
  const threads = new Map<string, string>();
  let snowflake = 200_000_000_000_000_000n;
  const discord = await serve((method, url, body) => {
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    let m: RegExpMatchArray | null;
    if (path === '/users/@me') return { status: 200, body: { id: '42', username: 'parley', bot: true } };
    if (path.startsWith('/applications/')) return { status: 200, body: [] };
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      if (threads.has(m[2]!)) return { status: 400, body: { code: 160004, message: 'A thread has already been created for this message.' } };
      const f = fault();
      if (f === 'rate') return { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.5, global: false }, headers: { 'retry-after': '0.5', 'x-ratelimit-reset-after': '0.5', 'x-ratelimit-scope': 'user' } };
      if (f === 'error') return { status: 500, body: { message: 'internal' } };
      const id = String(++snowflake);
      threads.set(m[2]!, id);
      if (f === 'reset') return { status: 0, body: null, reset: true };
      return { status: 201, body: { id, type: 11, parent_id: m[1], name: body.name } };
    }
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const f = fault();
      if (f === 'rate') return { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.5, global: false }, headers: { 'retry-after': '0.5', 'x-ratelimit-reset-after': '0.5', 'x-ratelimit-scope': 'user' } };
      if (f === 'error') return { status: 500, body: { message: 'internal' } };
      const nonce = body.nonce != null ? String(body.nonce) : undefined;
      const same = nonce && body.enforce_nonce ? discordMessages.find((x) => x.channel_id === m![1] && x.nonce === nonce) : undefined;
      if (same) return { status: 200, body: same };
      const message: DiscordMessage = { id: String(++snowflake), channel_id: m[1]!, content: String(body.content ?? ''), nonce };
      discordMessages.push({ ...message, embeds: body.embeds } as DiscordMessage);
      if (f === 'reset') return { status: 0, body: null, reset: true };
      return { status: 200, body: { ...message, embeds: body.embeds, author: { id: '42', bot: true } } };
    }
    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const recent = discordMessages.filter((x) => x.channel_id === m![1]).reverse().slice(0, Number(url.searchParams.get('limit') ?? 50));
      return { status: 200, body: recent.map((x) => ({ ...x, author: { id: '42', bot: true } })) };
    }
    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = discordMessages.find((x) => x.id === m![2]);
      if (!found) return { status: 404, body: { code: 10008, message: 'Unknown Message' } };
      return { status: 200, body: { ...found, author: { id: '42', bot: true }, thread: threads.has(found.id) ? { id: threads.get(found.id) } : undefined } };
    }
    return { status: 200, body: {} };
  }, random, options.maxDelayMs);

  return {
    slackUrl: `http://127.0.0.1:${slack.port}/api/`,
    discordUrl: `http://127.0.0.1:${discord.port}/api`,
    slackMessages,
    discordMessages,
    threads,
    close: async () => {
      await new Promise((resolve) => slack.server.close(resolve));
      await new Promise((resolve) => discord.server.close(resolve));
    },
  };
}
