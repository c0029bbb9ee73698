import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  id: string;
  channelId: string;
  key: string;
  payload: unknown;
  /** For replies: the thread they landed in. */
  threadOf: string | null;
}

export interface FakePlatformOptions {
  /** Seeded random in [0, 1). */
  random: () => number;
  /** Share of calls answered 429 / 500 / reset before arrival / reset after the message was accepted. */
  faults?: { rateLimited: number; serverError: number; resetBefore: number; resetAfterAccept: number };
  /** The platform accepts a message on arrival and answers after up to this long. */
  maxAnswerDelayMs?: number;
}

/**
 * A stateful chat platform on 127.0.0.1 that a killed and restarted process talks to: it keeps every
 * message it accepted, in arrival order, and can look one up by its delivery marker — like Slack's
 * message metadata or Discord's nonce.
 */
export async function startFakePlatform(options: FakePlatformOptions) {
  const messages: FakeMessage[] = [];
  const faults = options.faults ?? { rateLimited: 0, serverError: 0, resetBefore: 0, resetAfterAccept: 0 };
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, body: unknown) => {
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        setTimeout(send, Math.floor(options.random() * (options.maxAnswerDelayMs ?? 0)));
      };
      if (req.method === 'GET' && url.pathname === '/find') {
        const found = messages.find((m) => m.channelId === url.searchParams.get('channel') && m.key === url.searchParams.get('key'));
        return found ? answer(200, ref(found)) : answer(404, { error: 'not_found' });
      }
      if (req.method !== 'POST' || url.pathname !== '/post') return answer(404, { error: 'unknown_method' });
      const body = JSON.parse(raw) as { channelId: string; key: string; payload: unknown; thread?: string };
      const roll = options.random();
      let edge = faults.rateLimited;
      if (roll < edge) return answer(429, { error: 'ratelimited', retryAfterMs: 30 });
      if (roll < (edge += faults.serverError)) return answer(500, { error: 'internal_error' });
      if (roll < (edge += faults.resetBefore)) return req.socket.destroy();
      const message: FakeMessage = { id: `m${next++}`, channelId: body.channelId, key: body.key, payload: body.payload, threadOf: body.thread ?? null };
      messages.push(message);
      if (roll < edge + faults.resetAfterAccept) return req.socket.destroy();
      answer(200, ref(message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ref = (m: FakeMessage) => (m.threadOf === null ? { messageId: m.id, threadId: `thread-${m.id}` } : { messageId: m.id });

/** Problems a reader of the channels would see. */
export function channelProblems(messages: FakeMessage[]): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, FakeMessage>();
  for (const m of messages) {
    if (byKey.has(`${m.channelId} ${m.key}`)) problems.push(`${m.key} posted twice in ${m.channelId}`);
    byKey.set(`${m.channelId} ${m.key}`, m);
  }
  const last = new Map<string, [number, number]>();
  for (const m of messages) {
    const [digest, seq] = m.key.split(':').slice(-2).map(Number) as [number, number];
    const previous = last.get(m.channelId);
    if (previous && (digest < previous[0] || (digest === previous[0] && seq <= previous[1]))) problems.push(`${m.key} arrived out of order in ${m.channelId}`);
    last.set(m.channelId, [digest, seq]);
    if (seq > 0) {
      const parent = messages.find((x) => x.channelId === m.channelId && x.key.endsWith(`:${digest}:0`));
      if (!parent || m.threadOf !== `thread-${parent.id}`) problems.push(`${m.key} is not in its parent's thread`);
    } else if (m.threadOf !== null) problems.push(`${m.key} is a parent posted inside a thread`);
  }
  return problems;
}
