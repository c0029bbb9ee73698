import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, saveArticle, type Store } from '../../src/store/index.ts';
import { addSubscription } from '../delivery/support/seed.ts';
import { freshPgDatabase, pgSkipReason, pgUrl } from '../support/stores.ts';
import { channelProblems, startFakePlatform } from './support/fake-platform.ts';
import { article, seeded } from './support/rounds.ts';

/**
 * Crash injection: a child process running the scheduler and the delivery worker is killed with
 * SIGKILL at random moments of planning and delivery, again and again, while new articles keep
 * arriving and the fake platform throws 429s, 500s and connection resets. After the last restart
 * the platform must hold every planned message exactly once, in order, replies in their parent's
 * thread — and every article told to every channel exactly once.
 */
const root = path.resolve(import.meta.dirname, '../..');
const child = path.join(import.meta.dirname, 'support/delivery-child.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  kills: number;
  articles: number;
  planned: number;
}

/** Keeps `instances` children running on one store, SIGKILLs one at random `kills` times (restarting it), then settles and checks. */
async function crashLoop(dbUrl: string, options: { kills: number; seed: number; instances: number }): Promise<{ run: Run; problems: string[] }> {
  const random = seeded(options.seed);
  const fake = await startFakePlatform({
    random,
    faults: { rateLimited: 0.08, serverError: 0.05, resetBefore: 0.04, resetAfterAccept: 0.06 },
    maxAnswerDelayMs: 40,
  });
  const store: Store = await openStore(dbUrl);
  const channels = ['C-NEWS', 'C-DESK', 'C-OPS'];
  const now = new Date();
  for (const channelId of channels) await addSubscription(store.db, { channelId, schedule: '* * * * * *', nextRunAt: now.toISOString() });

  let k = 100;
  let inserting = true;
  const feeder = (async () => {
    while (inserting) {
      try {
        await saveArticle(store.db, article(k));
        k++;
      } catch (error) {
        // SQLite: the child held the write lock past the busy timeout (a loaded machine); try again.
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      }
      await sleep(250 + random() * 150);
    }
  })();

  const alive = new Set<ChildProcess>();
  const spawnChild = () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      cwd: root,
      env: { ...process.env, CRASH_DB: dbUrl, CRASH_FAKE_URL: fake.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = new Promise<void>((resolve) => proc.stdout!.on('data', (d) => String(d).includes('ready') && resolve()));
    alive.add(proc);
    const exited = new Promise((resolve) => proc.on('exit', resolve)).then(() => alive.delete(proc));
    return { proc, ready, exited };
  };

  let kills = 0;
  try {
    const others = Array.from({ length: options.instances - 1 }, () => spawnChild());
    await Promise.all(others.map((o) => o.ready));
    for (; kills < options.kills; kills++) {
      const { proc, ready, exited } = spawnChild();
      // Most kills land after start-up, in the middle of planning and sending; some during start-up.
      if (random() < 0.85) await Promise.race([ready, exited]);
      await sleep(random() * 900);
      // With several instances, the victim is any of them; the one just started takes its place.
      const victim = [...alive][Math.floor(random() * alive.size)] ?? proc;
      const gone = new Promise((resolve) => (victim.exitCode !== null ? resolve(null) : victim.on('exit', resolve)));
      victim.kill('SIGKILL');
      await gone;
      if (victim !== proc && random() < 0.5) {
        proc.kill('SIGKILL');
        await exited;
      }
      if (process.env.PARLEY_CRASH_VERBOSE) process.stderr.write(`kill ${kills + 1}: ${fake.messages.length} messages posted\n`);
    }
    inserting = false;
    await feeder;
    const last = (await store.db.selectFrom('articles').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq;
    if (alive.size === 0) spawnChild();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const behind = await store.db.selectFrom('subscriptions').select('id').where('cursor_seq', '<', Number(last)).execute();
      const pending = await store.db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute();
      if (behind.length === 0 && pending.length === 0) break;
      if (Date.now() > deadline) throw new Error(`not settled: ${behind.length} channels behind, ${pending.length} messages pending`);
      await sleep(200);
    }
    await Promise.all([...alive].map((p) => new Promise((resolve) => (p.on('exit', resolve), p.kill('SIGTERM')))));

    const problems = channelProblems(fake.messages);
    const rows = await store.db
      .selectFrom('outbox')
      .innerJoin('subscriptions', 'subscriptions.id', 'outbox.subscription_id')
      .select(['outbox.digest_id', 'outbox.seq', 'outbox.status', 'outbox.platform_message_id', 'subscriptions.channel_id'])
      .execute();
    for (const row of rows) {
      const posted = fake.messages.find((m) => m.channelId === row.channel_id && m.key.endsWith(`:${row.digest_id}:${row.seq}`));
      if (!posted) problems.push(`parley:${row.digest_id}:${row.seq} planned for ${row.channel_id} but never posted`);
      else if (posted.id !== row.platform_message_id) problems.push(`parley:${row.digest_id}:${row.seq} recorded as ${row.platform_message_id}, posted as ${posted.id}`);
    }
    if (fake.messages.length !== rows.length) problems.push(`${fake.messages.length} messages posted for ${rows.length} planned`);
    // No article is told to a channel in two digests (a digest planned twice after a crash would).
    for (const channelId of channels) {
      const digestsOf = new Map<number, Set<string>>();
      for (const m of fake.messages.filter((x) => x.channelId === channelId)) {
        for (const [, round] of JSON.stringify(m.payload).matchAll(/Round (\d+):/g)) {
          const set = digestsOf.get(Number(round)) ?? new Set<string>();
          set.add(m.key.split(':').at(-2)!);
          digestsOf.set(Number(round), set);
        }
      }
      for (const [round, digests] of digestsOf) if (digests.size > 1) problems.push(`round ${round} told in ${digests.size} digests of ${channelId}`);
    }
    return { run: { kills, articles: k - 100, planned: rows.length }, problems };
  } finally {
    inserting = false;
    for (const p of alive) p.kill('SIGKILL');
    await store.close();
    await fake.close();
  }
}

// The 100-kill run on one instance is `parley start` itself (start-crash.test.ts, with the real Slack
// and Discord adapters); this file adds the generic platform's fault mix and several instances.
// `npm test` runs 10 kills per store; `npm run test:crash` (PARLEY_CRASH_FULL) the full 30;
// PARLEY_CRASH_KILLS sets every crash test's count.
const kills = Number(process.env.PARLEY_CRASH_KILLS ?? (process.env.PARLEY_CRASH_FULL ? 30 : 10));

describe('delivery survives SIGKILL at random moments', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`posts every planned message exactly once, in order, threads intact, through ${kills} kills (SQLite)`, { timeout: 900_000 }, async () => {
    const { run, problems } = await crashLoop(`sqlite:${path.join(dir, 'crash.db')}`, { kills, seed: 20261123, instances: 1 });
    process.stderr.write(`crash injection (SQLite): ${JSON.stringify(run)}\n`);
    expect(problems).toEqual([]);
    expect(run.kills).toBe(kills);
    expect(run.planned).toBeGreaterThan(run.kills);
  });

  const pgKills = kills;
  it.skipIf(!pgUrl)(`does the same with three instances sharing PostgreSQL, one of them killed ${pgKills} times`, { timeout: 900_000 }, async () => {
    const database = await freshPgDatabase();
    try {
      const { run, problems } = await crashLoop(database.url, { kills: pgKills, seed: 4242, instances: 3 });
      process.stderr.write(`crash injection (PostgreSQL): ${JSON.stringify(run)}\n`);
      expect(problems).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it.skipIf(Boolean(pgUrl))(pgSkipReason, () => {});
});
