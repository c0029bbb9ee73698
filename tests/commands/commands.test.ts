import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runCommand, type CommandReply } from '../../src/commands/index.ts';
import { runDigest } from '../../src/delivery/run-digest.ts';
import { Scheduler } from '../../src/scheduler/index.ts';
import { oneOffFeedMarker } from '../../src/sources/feed-ingest.ts';
import { findSubscription } from '../../src/store/subscriptions.ts';
import { asker, commandWorld, fixedNow, ingest, type CommandWorld } from './setup.ts';

const worlds: CommandWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.dispose();
});
async function world(env: Record<string, string> = {}, restartOf?: CommandWorld) {
  const w = await commandWorld(env, restartOf);
  worlds.push(w);
  return w;
}
const text = (reply: CommandReply) => (reply.kind === 'notice' ? reply.text : JSON.stringify(reply.answer));

describe('/parley settings', () => {
  it('refuses a non-admin’s schedule change clearly, and changes nothing', async () => {
    const w = await world();
    const reply = await runCommand(w.services, asker('UREADER', false), { name: 'schedule', cron: '0 9 * * *', timeZone: 'UTC' });
    expect(reply).toMatchObject({ kind: 'notice', visibility: 'private' });
    expect(text(reply)).toMatch(/Only workspace admins and owners .* Nothing was changed/);
    expect(await findSubscription(w.store.db, 'slack', 'C1')).toBeUndefined();
    expect(w.reloads).toBe(0);
  });

  it('lets someone listed in PARLEY_ADMINS change settings although the platform says they are not an admin', async () => {
    const w = await world();
    const reply = await runCommand(w.services, asker('ULISTED', false), { name: 'subscribe', topic: null });
    expect(text(reply)).toContain('This channel follows “Gaza ceasefire negotiations”');
    expect(await findSubscription(w.store.db, 'slack', 'C1')).toBeDefined();
  });

  it('an admin’s schedule shows the next three runs in its time zone and survives a restart', async () => {
    const w = await world();
    const reply = await runCommand(w.services, asker('UADMIN', true), { name: 'schedule', cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' });
    expect(text(reply)).toContain('Schedule set to “0 9 * * 1-5” (Europe/Berlin)');
    // 23 Nov 2026 is a Monday, 12:00 UTC = 13:00 in Berlin: next runs Tue, Wed, Thu at 09:00 CET.
    expect(text(reply)).toContain('Tue, 24 Nov 2026, 09:00 CET');
    expect(text(reply)).toContain('Thu, 26 Nov 2026, 09:00 CET');
    expect(w.reloads).toBe(1);
    await w.close();
    const again = await world({}, w);
    const row = await findSubscription(again.store.db, 'slack', 'C1');
    expect(row).toMatchObject({ schedule: '0 9 * * 1-5', time_zone: 'Europe/Berlin', next_run_at: '2026-11-24T08:00:00.000Z' });
  });

  it('says what is wrong with a bad cron expression or time zone', async () => {
    const w = await world();
    expect(text(await runCommand(w.services, asker('UADMIN', true), { name: 'schedule', cron: '0 25 * * *', timeZone: null }))).toMatch(/is not a cron expression/);
    expect(text(await runCommand(w.services, asker('UADMIN', true), { name: 'schedule', cron: '0 9 * * *', timeZone: 'Mars/Olympus' }))).toMatch(/“Mars\/Olympus” is not a time zone/);
  });

  it('pauses and resumes, and status reports it', async () => {
    const w = await world();
    const admin = asker('UADMIN', true);
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    expect(text(await runCommand(w.services, admin, { name: 'pause' }))).toContain('paused');
    expect(text(await runCommand(w.services, asker('UREADER', false), { name: 'status' }))).toMatch(/Schedule: “0 8 \* \* \*” \(UTC\) — paused\./);
    await runCommand(w.services, admin, { name: 'resume' });
    expect(text(await runCommand(w.services, admin, { name: 'status' }))).toMatch(/next run Tue, 24 Nov 2026, 08:00 UTC/);
  });

  it('resume after a delivery failure sends the digest the failure stopped, and status no longer reports it', async () => {
    const w = await world();
    await ingest(w);
    const admin = asker('UADMIN', true);
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    await runCommand(w.services, admin, { name: 'now' });
    const subscription = (await findSubscription(w.store.db, 'slack', 'C1'))!;
    // The platform said the channel is gone: the first message and the rest of the digest failed.
    await w.store.db.updateTable('outbox').set({ status: 'failed', last_error: 'channel_not_found', attempts: 1 }).execute();
    await w.store.db.updateTable('subscriptions').set({ status: 'failing', status_reason: 'channel_not_found' }).where('id', '=', subscription.id).execute();
    expect(text(await runCommand(w.services, admin, { name: 'status' }))).toMatch(/Delivery is failing: channel_not_found/);
    const kicks = w.kicks;
    const reply = text(await runCommand(w.services, admin, { name: 'resume' }));
    expect(reply).toMatch(/Delivery had failed \(channel_not_found\) and is tried again, starting with the \d+ messages it could not post\./);
    expect(w.kicks).toBe(kicks + 1);
    expect(text(await runCommand(w.services, admin, { name: 'status' }))).not.toMatch(/failing/);
    const outbox = await w.store.db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).execute();
    expect(outbox.every((m) => m.status === 'pending' && m.last_error === null && m.attempts === 1)).toBe(true);
    expect(text(await runCommand(w.services, admin, { name: 'resume' }))).toBe('Digests are not paused here.');
  });

  it('refuses a topic other than the configured one', async () => {
    const w = await world();
    expect(text(await runCommand(w.services, asker('UADMIN', true), { name: 'subscribe', topic: 'football' }))).toMatch(/follows one topic/);
  });

  it('unknown subcommands get help, not an error', async () => {
    const w = await world();
    const reply = await runCommand(w.services, asker('UREADER', false), { name: 'help', problem: 'Unknown subcommand “frobnicate”.' });
    expect(text(reply)).toMatch(/^Unknown subcommand “frobnicate”\.\n\n.*\/parley schedule/s);
    const discord = await runCommand(w.services, asker('22', false, 'discord'), { name: 'help' });
    expect(text(discord)).toContain('/parley schedule cron:<cron> timezone:<zone>');
    expect(text(discord)).toContain('Manage Server');
  });

  it('a failure inside a command is answered with a short apology and logged, not a stack trace', async () => {
    const w = await world();
    await runCommand(w.services, asker('UADMIN', true), { name: 'subscribe', topic: null });
    w.services.postNow = async () => {
      throw new Error('database is locked');
    };
    const reply = await runCommand(w.services, asker('UADMIN', true), { name: 'now' });
    expect(text(reply)).toBe('Sorry, “now” failed on parley’s side; the operator can see why in its log.');
  });
});

describe('/parley now and /latest', () => {
  it('now queues a digest of the stored articles and wakes the sender', async () => {
    const w = await world();
    await ingest(w);
    const admin = asker('UADMIN', true);
    expect(text(await runCommand(w.services, admin, { name: 'now' }))).toContain('not subscribed');
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    const reply = await runCommand(w.services, admin, { name: 'now' });
    expect(text(reply)).toMatch(/Posting a digest \(\d+ messages\) now\./);
    expect(w.kicks).toBe(1);
    const outbox = await w.store.db.selectFrom('outbox').select(['seq', 'payload']).orderBy('seq').execute();
    expect(outbox.length).toBeGreaterThan(1);
    expect(JSON.parse(outbox[0]!.payload)).toHaveProperty('blocks');
    expect(text(await runCommand(w.services, admin, { name: 'now' }))).toBe('Nothing new since the last digest.');
  });

  it('now tells the asker about the digest a scheduler sweep made for the request a moment before it, not "nothing new"', async () => {
    const w = await world();
    await ingest(w);
    const admin = asker('UADMIN', true);
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    // The request is recorded as a run due now; a sweep at that same moment makes it first.
    const subscription = (await findSubscription(w.store.db, 'slack', 'C1'))!;
    const made = await runDigest({ db: w.store.db, config: w.services.loaded.config, logger: w.services.logger, now: () => fixedNow }, subscription, 'schedule');
    expect(made.messages).toBeGreaterThan(1);
    expect(text(await runCommand(w.services, admin, { name: 'now' }))).toBe(`Posting a digest (${made.messages} messages) now.`);
    expect(await w.store.db.selectFrom('digests').select('id').where('empty', '=', 0).execute()).toHaveLength(1);
  });

  it('a /parley now that fails before its digest is committed is still made, by the scheduler', async () => {
    const w = await world();
    await ingest(w);
    const admin = asker('UADMIN', true);
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    // The digest's transaction dies (as when the process is killed mid-way) after the request was taken.
    await refuseDigests(w, true);
    expect(text(await runCommand(w.services, admin, { name: 'now' }))).toMatch(/^Sorry, “now” failed/);
    expect(await w.store.db.selectFrom('digests').selectAll().execute()).toEqual([]);
    await refuseDigests(w, false);
    // parley starts again five minutes later: the scheduler finds the run that was asked for.
    const scheduler = new Scheduler({ db: w.store.db, config: w.services.loaded.config, logger: w.services.logger, instanceId: 'restart', now: () => new Date(fixedNow.getTime() + 5 * 60_000) });
    await scheduler.runDue();
    await scheduler.stop();
    const digests = await w.store.db.selectFrom('digests').select(['trigger', 'empty']).execute();
    expect(digests).toEqual([{ trigger: 'catch-up', empty: 0 }]);
  });

  it('latest answers about Doha with quotes and sources', async () => {
    const w = await world();
    await ingest(w, [path.resolve(import.meta.dirname, '../fixtures/platforms/doha-round-mentions.md')]);
    const reply = await runCommand(w.services, asker('UREADER', false), { name: 'latest', query: 'Doha talks' });
    expect(reply.kind).toBe('latest');
    if (reply.kind !== 'latest') return;
    expect(reply.answer.updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(reply.answer)).toMatch(/Doha/);
    expect(reply.answer.updates.every((u) => u.sources.length > 0)).toBe(true);
  });
});

describe('/parley why', () => {
  it('tells an admin what became of the articles and developments matching words or a URL in the last digest', async () => {
    const w = await world();
    await ingest(w, [path.resolve(import.meta.dirname, '../fixtures/platforms/doha-round-mentions.md')]);
    const admin = asker('UADMIN', true);
    await runCommand(w.services, admin, { name: 'subscribe', topic: null });
    expect(text(await runCommand(w.services, admin, { name: 'why', about: 'Doha' }))).toMatch(/no digest with news yet/);
    await runCommand(w.services, admin, { name: 'now' });
    expect(text(await runCommand(w.services, asker('UREADER', false), { name: 'why', about: 'Doha' }))).toMatch(/Only workspace admins/);

    const byWords = text(await runCommand(w.services, admin, { name: 'why', about: 'Cairo delegation' }));
    expect(byWords).toMatch(/^In the last digest \(23 Nov 2026\):/);
    expect(byWords).toMatch(/• Article “Hamas delegation leaves Cairo[^”]*” \(Al Jazeera\): posted — update \d/);
    expect(byWords).toMatch(/• Development “[^”]+”: posted — update \d \(score [\d.]+\)\./);

    const byUrl = text(await runCommand(w.services, admin, { name: 'why', about: 'https://news.example.org/2024/05/06/doha-round' }));
    expect(byUrl).toMatch(/• Article “Negotiators return to Doha for a new round of Gaza ceasefire talks” \(Gulf Desk\): /);

    const nothing = text(await runCommand(w.services, admin, { name: 'why', about: 'volcano eruption' }));
    expect(nothing).toMatch(/^Nothing in the last digest \(23 Nov 2026\) matches “volcano eruption”\. It weighed 6 articles, such as “/);
  });

  it('is parsed from Slack text and explained in help', async () => {
    const { parseParleyText } = await import('../../src/commands/index.ts');
    expect(parseParleyText('why Cairo talks')).toEqual({ name: 'why', about: 'Cairo talks' });
    expect(parseParleyText('why')).toMatchObject({ name: 'help', problem: expect.stringMatching(/needs words of a title/) });
  });
});

describe('/parley sources', () => {
  it('adds an http(s) feed as an admin source and refuses other schemes and private addresses', async () => {
    const w = await world();
    const admin = asker('UADMIN', true);
    expect(text(await runCommand(w.services, admin, { name: 'sources-add', url: 'ftp://example.org/feed' }))).toMatch(/only http and https/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-add', url: 'http://127.0.0.1:8080/feed.xml' }))).toMatch(/private address \(loopback\)/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-add', url: 'http://169.254.169.254/latest' }))).toMatch(/private address/);
    expect(text(await runCommand(w.services, asker('UREADER', false), { name: 'sources-add', url: 'https://93.184.215.14/rss' }))).toMatch(/Only workspace admins/);
    const added = await runCommand(w.services, admin, { name: 'sources-add', url: 'https://93.184.215.14/rss' });
    expect(text(added)).toMatch(/^Added source #1: https:\/\/93\.184\.215\.14\/rss/);
    const row = await w.store.db.selectFrom('feeds').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ origin: 'admin', added_by: 'slack:UADMIN', url: 'https://93.184.215.14/rss' });
    expect(text(await runCommand(w.services, admin, { name: 'sources-add', url: 'https://93.184.215.14/rss' }))).toMatch(/already followed as source #1/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-list' }))).toMatch(/#1 https:\/\/93\.184\.215\.14\/rss \(added here; not read yet\)/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-remove', id: '2' }))).toMatch(/There is no source #2/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-remove', id: '#1' }))).toMatch(/Removed source #1/);
    expect(await w.store.db.selectFrom('feeds').selectAll().execute()).toEqual([]);
  });

  it('follows a feed that was only read once with parley ingest URL, which is not listed as a source before', async () => {
    const w = await world();
    const admin = asker('UADMIN', true);
    await w.store.db.insertInto('feeds').values({ url: 'https://93.184.215.14/rss', origin: 'admin', added_by: oneOffFeedMarker, added_at: fixedNow.toISOString() }).execute();
    expect(text(await runCommand(w.services, admin, { name: 'sources-list' }))).toMatch(/^No feeds yet/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-remove', id: '1' }))).toMatch(/There is no source #1/);
    expect(text(await runCommand(w.services, admin, { name: 'sources-add', url: 'https://93.184.215.14/rss' }))).toMatch(/^Added source #1: /);
    expect(await w.store.db.selectFrom('feeds').select(['id', 'added_by']).execute()).toEqual([{ id: 1, added_by: 'slack:UADMIN' }]);
    expect(text(await runCommand(w.services, admin, { name: 'sources-list' }))).toMatch(/#1 https:\/\/93\.184\.215\.14\/rss \(added here/);
  });

  it('allows a feed on the local network when private networks are allowed', async () => {
    const w = await world({ PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' });
    expect(text(await runCommand(w.services, asker('UADMIN', true), { name: 'sources-add', url: 'http://127.0.0.1:8080/feed.xml' }))).toMatch(/Added source/);
  });
});

/** Makes every insert into `digests` fail (a trigger, in either store's dialect), or stops doing so. */
async function refuseDigests(w: CommandWorld, refuse: boolean): Promise<void> {
  const db = w.store.db;
  if (w.store.dialect === 'sqlite') {
    if (refuse) await sql`CREATE TRIGGER refuse_digest BEFORE INSERT ON digests BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`.execute(db);
    else await sql`DROP TRIGGER refuse_digest`.execute(db);
    return;
  }
  if (refuse) {
    await sql`CREATE FUNCTION refuse_digest() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_digest BEFORE INSERT ON digests FOR EACH ROW EXECUTE FUNCTION refuse_digest()`.execute(db);
  } else {
    await sql`DROP TRIGGER refuse_digest ON digests`.execute(db);
    await sql`DROP FUNCTION refuse_digest()`.execute(db);
  }
}
