import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installationTag, markerKey } from '../../src/delivery/outbox.ts';
import { nonceFor } from '../../src/platforms/discord/discord-channel.ts';
import { openStore, saveArticle } from '../../src/store/index.ts';
import { startFakeChatApis } from './support/fake-chat-apis.ts';
import { article, seeded } from './support/rounds.ts';

/**
 * `parley start` with its real Slack and Discord adapters, against stateful fake APIs that answer
 * with 429s, 500s and lost answers, killed with SIGKILL at random moments of planning and delivery
 * while new articles keep arriving. After the last restart both platforms hold every planned
 * message exactly once, in order, replies in their parent's thread.
 */
const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Each kill costs a full `parley start` (Bolt and discord.js included), a few seconds; every kill
// hits both platforms at once. `npm test` runs 15; `npm run test:crash` (PARLEY_CRASH_FULL) the
// full 100; PARLEY_CRASH_KILLS sets another count.
const kills = Number(process.env.PARLEY_CRASH_KILLS ?? (process.env.PARLEY_CRASH_FULL ? 100 : 15));

describe('parley start survives SIGKILL with Slack and Discord', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-crash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`posts every planned message exactly once on both platforms through ${kills} kills`, { timeout: 1_200_000 }, async () => {
    const random = seeded(777);
    const fakes = await startFakeChatApis({ random, faults: { rateLimited: 0.05, serverError: 0.04, resetAfterAccept: 0.05 }, maxDelayMs: 60 });
    fs.mkdirSync(path.join(dir, 'articles'));
    const defaults = fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8');
    const config = defaults
      .replace('articles: ../articles', `articles: ${JSON.stringify(path.join(dir, 'articles'))}`)
      .replace(/\nchannels:\n[\s\S]*?\nlog:/, `\nchannels:\n  - { platform: slack, id: C1, schedule: "* * * * * *" }\n  - { platform: discord, id: "999", schedule: "* * * * * *" }\n\nlog:`)
      .replace('maxUpdates: 6', 'maxUpdates: 8');
    fs.writeFileSync(path.join(dir, 'parley.yaml'), config);
    const dbUrl = `sqlite:${path.join(dir, 'parley.db')}`;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      PARLEY_CONFIG: path.join(dir, 'parley.yaml'),
      PARLEY_DB: dbUrl,
      PARLEY_LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: 'crash-signing-secret',
      SLACK_API_URL: fakes.slackUrl,
      DISCORD_TOKEN: 'crash.discord.token',
      DISCORD_APPLICATION_ID: '777',
      DISCORD_PUBLIC_KEY: crypto.randomBytes(32).toString('hex'),
      DISCORD_API_URL: fakes.discordUrl,
    };
    const store = await openStore(dbUrl);
    let k = 1;
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        try {
          await saveArticle(store.db, article(k));
          k++;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        }
        await sleep(800 + random() * 400);
      }
    })();

    let child: ChildProcess | null = null;
    let stderr = '';
    const start = () => {
      const proc = spawn(process.execPath, [path.join(root, 'bin/parley.js'), 'start'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      child = proc;
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      const healthy = (async () => {
        while (proc.exitCode === null) {
          if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
          await sleep(50);
        }
      })();
      return { proc, exited, healthy };
    };

    try {
      for (let n = 0; n < kills; n++) {
        const { proc, exited, healthy } = start();
        if (random() < 0.85) await healthy;
        await sleep(random() * 1_200);
        proc.kill('SIGKILL');
        await exited;
      }
      feeding = false;
      await feeder;
      const last = Number((await store.db.selectFrom('articles').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq);
      const { proc, exited } = start();
      // Slack takes one message a second per channel: the backlog of the kill loop drains at that pace.
      const deadline = Date.now() + 400_000;
      for (;;) {
        const behind = await store.db.selectFrom('subscriptions').select('id').where('cursor_seq', '<', last).execute();
        const pending = await store.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute();
        if (behind.length === 0 && pending.length === 0) break;
        if (Date.now() > deadline) throw new Error(`not settled: ${behind.length} channels behind, ${pending.length} pending; ${stderr.slice(-500)}`);
        await sleep(250);
      }
      proc.kill('SIGTERM');
      await exited;

      const rows = await store.db
        .selectFrom('outbox')
        .innerJoin('subscriptions', 'subscriptions.id', 'outbox.subscription_id')
        .select(['outbox.digest_id', 'outbox.seq', 'outbox.status', 'outbox.platform_message_id', 'subscriptions.platform'])
        .orderBy('outbox.digest_id')
        .orderBy('outbox.seq')
        .execute();
      const problems: string[] = [];
      const failed = rows.filter((r) => r.status !== 'sent');
      if (failed.length) problems.push(`${failed.length} messages not sent`);

      // Slack: each marker once, replies in the parent's thread, arrival in planned order.
      const slackRows = rows.filter((r) => r.platform === 'slack');
      const tag = await installationTag(store.db);
      const slackKey = (m: (typeof fakes.slackMessages)[number]) => m.metadata?.event_payload?.key;
      for (const r of slackRows) {
        const key = markerKey(tag, r.digest_id, r.seq);
        const posted = fakes.slackMessages.filter((m) => slackKey(m) === key);
        if (posted.length !== 1) problems.push(`slack ${key} posted ${posted.length} times`);
        else if (posted[0]!.ts !== r.platform_message_id) problems.push(`slack ${key} recorded as ${r.platform_message_id}, posted as ${posted[0]!.ts}`);
        const parent = fakes.slackMessages.find((m) => slackKey(m) === markerKey(tag, r.digest_id, 0));
        if (r.seq > 0 && posted[0]?.thread_ts !== parent?.ts) problems.push(`slack ${key} is not in its parent's thread`);
      }
      if (fakes.slackMessages.length !== slackRows.length) problems.push(`slack holds ${fakes.slackMessages.length} messages for ${slackRows.length} planned`);
      problems.push(...outOfOrder('slack', fakes.slackMessages.map((m) => slackKey(m) ?? '?')));
      const byNonce = new Map(rows.map((r) => [nonceFor(markerKey(tag, r.digest_id, r.seq)), markerKey(tag, r.digest_id, r.seq)]));

      // Discord: each nonce once, parents in the channel, replies in the thread started from their parent.
      const discordRows = rows.filter((r) => r.platform === 'discord');
      for (const r of discordRows) {
        const key = nonceFor(markerKey(tag, r.digest_id, r.seq));
        const posted = fakes.discordMessages.filter((m) => m.nonce === key);
        if (posted.length !== 1) problems.push(`discord ${key} posted ${posted.length} times`);
        const parent = fakes.discordMessages.find((m) => m.nonce === nonceFor(markerKey(tag, r.digest_id, 0)));
        const where = r.seq === 0 ? '999' : parent && fakes.threads.get(parent.id);
        if (posted[0] && posted[0].channel_id !== where) problems.push(`discord ${key} landed in ${posted[0].channel_id}, not ${where}`);
      }
      if (fakes.discordMessages.length !== discordRows.length) problems.push(`discord holds ${fakes.discordMessages.length} messages for ${discordRows.length} planned`);
      problems.push(...outOfOrder('discord', fakes.discordMessages.map((m) => byNonce.get(m.nonce ?? '') ?? '?:-1:-1')));

      process.stderr.write(
        `crash injection (parley start): ${JSON.stringify({ kills, articles: k - 1, slack: slackRows.length, discord: discordRows.length, threads: fakes.threads.size })}\n`,
      );
      expect(problems).toEqual([]);
      expect(slackRows.length).toBeGreaterThan(10);
      expect(discordRows.length).toBeGreaterThan(10);
    } finally {
      feeding = false;
      (child as ChildProcess | null)?.kill('SIGKILL');
      await store.close();
      await fakes.close();
    }
  });
});

function outOfOrder(platform: string, keys: string[]): string[] {
  const problems: string[] = [];
  let previous: [number, number] = [-1, -1];
  for (const key of keys) {
    const [d, s] = key.split(':').slice(-2).map(Number) as [number, number];
    if (d < previous[0] || (d === previous[0] && s <= previous[1])) problems.push(`${platform} ${key} arrived after parley:${previous[0]}:${previous[1]}`);
    previous = [d, s];
  }
  return problems;
}
