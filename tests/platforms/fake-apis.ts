import http from 'node:http';

/** One recorded call to a fake platform API. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export interface Fake {
  url: string;
  calls: Call[];
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A JSON (or form-encoded) HTTP API on 127.0.0.1 that records every call and answers with `handler`. */
export function fakeApi(handler: (call: Call) => Answer): Promise<Fake> {
  const calls: Call[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Record<string, unknown> = {};
      try {
        body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
      const call: Call = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now() };
      calls.push(call);
      const answer = handler(call);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.status === 204 ? undefined : JSON.stringify(answer.body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    }),
  );
}

export interface SlackMessageRecord {
  ts: string;
  channel: string;
  text: string;
  blocks: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * A stateful fake Slack Web API: users.info says UADMIN is an admin, chat.postMessage stores
 * messages (with metadata) that conversations.history/replies return, and `rateLimitNext` makes
 * the next chat.postMessage answer 429 with Retry-After.
 */
export async function fakeSlack() {
  const messages: SlackMessageRecord[] = [];
  const state = { rateLimitNext: 0, failNext: null as string | null, ts: 1_700_000_000 };
  const fake = await fakeApi((call) => {
    const method = call.path.replace(/^\/api\//, '');
    const q = { ...Object.fromEntries(call.query), ...call.body } as Record<string, string>;
    if (call.path.startsWith('/respond/')) return { status: 200, body: { ok: true } };
    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', url: 'https://test.slack.com/' } };
      case 'users.info':
        return { status: 200, body: { ok: true, user: { id: q.user, is_admin: q.user === 'UADMIN', is_owner: false } } };
      case 'chat.postMessage': {
        if (state.rateLimitNext > 0) {
          state.rateLimitNext -= 1;
          return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } };
        }
        if (state.failNext) {
          const error = state.failNext;
          state.failNext = null;
          return { status: 200, body: { ok: false, error } };
        }
        const metadata = typeof q.metadata === 'string' ? JSON.parse(q.metadata) : q.metadata;
        const blocks = typeof q.blocks === 'string' ? JSON.parse(q.blocks) : q.blocks;
        // A ts as Slack writes one: seconds since the epoch, then a counter that keeps them distinct.
        const message = { ts: `${Math.floor(Date.now() / 1000)}.${String(++state.ts).padStart(6, '0')}`, channel: q.channel!, text: q.text ?? '', blocks, thread_ts: q.thread_ts, metadata };
        messages.push(message);
        return { status: 200, body: { ok: true, channel: q.channel, ts: message.ts, message } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        // History: newest first, from `oldest` on; replies: the thread in order. Pages of `limit`, `cursor` an offset.
        const withMeta = String(q.include_all_metadata) === 'true';
        const history = method === 'conversations.history';
        const list = messages
          .filter((m) => m.channel === q.channel && (history ? !m.thread_ts && Number(m.ts) > Number(q.oldest ?? 0) : m.ts === q.ts || m.thread_ts === q.ts))
          .map((m) => ({ ...m, metadata: withMeta ? m.metadata : undefined }));
        if (history) list.reverse();
        const from = Number(q.cursor || 0);
        const to = from + Number(q.limit ?? 100);
        const more = to < list.length;
        return { status: 200, body: { ok: true, has_more: more, messages: list.slice(from, to), response_metadata: { next_cursor: more ? String(to) : '' } } };
      }
      default:
        return { status: 200, body: { ok: true } };
    }
  });
  return { ...fake, messages, state, apiUrl: `${fake.url}/api/` };
}

export interface DiscordMessageRecord {
  id: string;
  channel_id: string;
  content: string;
  embeds: { description?: string }[];
  nonce?: string;
  allowed_mentions?: unknown;
  author: { id: string };
}

/**
 * A stateful fake Discord REST API (v10): messages honour `nonce` + `enforce_nonce`, threads
 * answer 160004 when one exists already, and `rateLimitNext` makes the next message post answer
 * 429 with the Retry-After headers discord.js reads.
 */
export async function fakeDiscord() {
  const messages: DiscordMessageRecord[] = [];
  const threads = new Map<string, string>();
  const state = { rateLimitNext: 0, snowflake: 100_000_000_000_000_000n, gatewayUrl: 'ws://127.0.0.1:9' };
  const next = () => String(++state.snowflake);
  const fake = await fakeApi((call) => {
    const p = call.path.replace(/^\/api(\/v\d+)?/, '');
    let m: RegExpMatchArray | null;
    if (p === '/users/@me') return { status: 200, body: { id: '42', username: 'parley', bot: true } };
    if (p === '/gateway/bot') {
      return { status: 200, body: { url: state.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } };
    }
    if (call.method === 'POST' && (m = p.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      if (threads.has(m[2]!)) return { status: 400, body: { code: 160004, message: 'A thread has already been created for this message.' } };
      const id = next();
      threads.set(m[2]!, id);
      return { status: 201, body: { id, type: 11, parent_id: m[1], name: call.body.name } };
    }
    if (call.method === 'POST' && (m = p.match(/^\/channels\/(\d+)\/messages$/))) {
      if (state.rateLimitNext > 0) {
        state.rateLimitNext -= 1;
        return {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: 1, global: false },
          headers: { 'retry-after': '1', 'x-ratelimit-reset-after': '1', 'x-ratelimit-scope': 'user', 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5', 'x-ratelimit-bucket': 'b1' },
        };
      }
      const nonce = call.body.nonce === undefined ? undefined : String(call.body.nonce);
      if (nonce && call.body.enforce_nonce) {
        const same = messages.find((x) => x.channel_id === m![1] && x.nonce === nonce);
        if (same) return { status: 200, body: same };
      }
      const message: DiscordMessageRecord = {
        id: next(),
        channel_id: m[1]!,
        content: String(call.body.content ?? ''),
        embeds: (call.body.embeds as { description?: string }[]) ?? [],
        nonce,
        allowed_mentions: call.body.allowed_mentions,
        author: { id: '42' },
      };
      messages.push(message);
      return { status: 200, body: message };
    }
    if (call.method === 'GET' && (m = p.match(/^\/channels\/(\d+)\/messages$/))) {
      return { status: 200, body: messages.filter((x) => x.channel_id === m![1]).reverse() };
    }
    if (call.method === 'GET' && (m = p.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = messages.find((x) => x.id === m![2]);
      if (!found) return { status: 404, body: { code: 10008, message: 'Unknown Message' } };
      return { status: 200, body: { ...found, thread: threads.has(found.id) ? { id: threads.get(found.id) } : undefined } };
    }
    if (call.method === 'PUT' && p.startsWith('/applications/')) return { status: 200, body: call.body };
    if (p.startsWith('/webhooks/')) return { status: 200, body: { id: next() } };
    if (p.startsWith('/interactions/')) return { status: 204, body: null };
    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  });
  return { ...fake, messages, threads, state, apiUrl: `${fake.url}/api` };
}
