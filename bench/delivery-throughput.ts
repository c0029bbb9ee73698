import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../src/config/index.ts';
import { enqueueMessages, pendingCount } from '../src/delivery/outbox.ts';
import { DeliveryWorker } from '../src/delivery/worker.ts';
import { createLogger } from '../src/logger.ts';
import { createPlatforms } from '../src/platforms/index.ts';
import { openStore } from '../src/store/index.ts';

/**
 * Delivery throughput: one digest (a parent and its replies) to each of `channels` Slack channels,
 * through the real Slack adapter and the outbox worker, against a fake Web API on 127.0.0.1 that
 * enforces rate limits — at most one message per second per channel (Slack's chat.postMessage
 * limit) and `globalPerSecond` messages per second in all (answered 429 with Retry-After).
 * The floor is what those limits alone allow; the figure is how close the worker gets to it.
 */
export interface ThroughputFigures {
  channels: number;
  messages: number;
  seconds: number;
  floorSeconds: number;
  rateLimited: number;
  lookups: number;
}

export async function runDeliveryThroughputBench(
  options: { channels: number; messagesPerDigest: number; globalPerSecond: number },
  log: (line: string) => void,
): Promise<ThroughputFigures> {
  const fake = await rateLimitedSlack(options.globalPerSecond);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-throughput-'));
  const store = await openStore(`sqlite:${path.join(dir, 'throughput.db')}`);
  const logger = createLogger({ level: 'silent' });
  try {
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: fake.url });
    const platforms = createPlatforms(env, logger);
    const now = new Date();
    const stamp = now.toISOString();
    for (let c = 0; c < options.channels; c++) {
      await store.db.transaction().execute(async (trx) => {
        const sub = await trx
          .insertInto('subscriptions')
          .values({ platform: 'slack', channel_id: `C${String(c).padStart(5, '0')}`, workspace_id: 'T1', topic: 'gaza-ceasefire-talks', schedule: '0 8 * * *', time_zone: 'UTC', created_at: stamp, updated_at: stamp })
          .returning('id')
          .executeTakeFirstOrThrow();
        const digest = await trx
          .insertInto('digests')
          .values({ subscription_id: sub.id, created_at: stamp, trigger: 'schedule', cursor_from: 0, cursor_to: 0, empty: 0, model: '{}' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const payloads = Array.from({ length: options.messagesPerDigest }, (_, i) => ({
          text: i === 0 ? 'Cairo round ends without a deal' : `Update ${i}: mediators meet again in Doha`,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: i === 0 ? '*Cairo round ends without a deal*' : `Update ${i}` } }],
        }));
        await enqueueMessages(trx, { digestId: digest.id, subscriptionId: sub.id, payloads, now });
      });
    }
    const messages = options.channels * options.messagesPerDigest;
    log(`  ${options.channels} channels × ${options.messagesPerDigest} messages queued`);

    const worker = new DeliveryWorker({ db: store.db, dialect: store.dialect, channels: platforms.channels, logger, instanceId: 'bench', pollMs: 50 });
    const started = performance.now();
    worker.start();
    while ((await pendingCount(store.db)) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    if (fake.posted.size !== messages) throw new Error(`fake Slack holds ${fake.posted.size} distinct messages, ${messages} were planned`);
    if (fake.duplicates > 0) throw new Error(`${fake.duplicates} messages posted twice`);
    const floorSeconds = Math.max(messages / options.globalPerSecond, options.messagesPerDigest - 1);
    return { channels: options.channels, messages, seconds, floorSeconds, rateLimited: fake.rateLimited, lookups: fake.lookups };
  } finally {
    await store.close();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function rateLimitedSlack(globalPerSecond: number) {
  const lastInChannel = new Map<string, number>();
  const posted = new Set<string>();
  let windowStart = 0;
  let inWindow = 0;
  const state = { rateLimited: 0, lookups: 0, duplicates: 0 };
  let ts = 1_700_000_000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (method === 'chat.postMessage') {
        // The Web API client sends form fields; metadata is a JSON string among them.
        const form = new URLSearchParams(raw);
        const metadata = JSON.parse(form.get('metadata') ?? '{}') as { event_payload?: { key?: string } };
        const body = { channel: form.get('channel') ?? '', metadata };
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          inWindow = 0;
        }
        const last = lastInChannel.get(body.channel) ?? -Infinity;
        if (inWindow >= globalPerSecond || now - last < 1000) {
          state.rateLimited += 1;
          const wait = Math.max(1000 - (now - windowStart), 1000 - (now - last));
          return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
        }
        inWindow += 1;
        lastInChannel.set(body.channel, now);
        const key = body.metadata?.event_payload?.key ?? '';
        if (posted.has(key)) state.duplicates += 1;
        posted.add(key);
        return reply(200, { ok: true, channel: body.channel, ts: `${++ts}.000100` });
      }
      if (method === 'conversations.history' || method === 'conversations.replies') {
        state.lookups += 1;
        return reply(200, { ok: true, messages: [], has_more: false });
      }
      return reply(200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posted,
    get rateLimited() {
      return state.rateLimited;
    },
    get lookups() {
      return state.lookups;
    },
    get duplicates() {
      return state.duplicates;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
