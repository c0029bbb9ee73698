import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/index.ts';
import { DeliveryError } from '../../src/delivery/channel.ts';
import { registerCommands } from '../../src/platforms/discord/command-definitions.ts';
import { DiscordDeliveryChannel, nonceFor } from '../../src/platforms/discord/discord-channel.ts';
import { discordRest } from '../../src/platforms/discord/discord-platform.ts';
import { parsedFrom, timeZoneChoices } from '../../src/platforms/discord/interactions.ts';
import { findSubscription } from '../../src/store/subscriptions.ts';
import { fakeDiscord } from './fake-apis.ts';
import { ed25519Keys, ingestArticles, platformWorld, publicUrl, sleep, waitFor, webPublicUrlEnv, type PlatformWorld } from './setup.ts';

const token = 'discord.test.token-123';
const keys = ed25519Keys();
let discord: Awaited<ReturnType<typeof fakeDiscord>>;
const worlds: PlatformWorld[] = [];

beforeAll(async () => {
  discord = await fakeDiscord();
});
afterAll(async () => {
  await discord.close();
});
afterEach(async () => {
  for (const world of worlds.splice(0)) {
    await world.close();
    await world.home.remove();
  }
});

const env = () => ({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: '777', DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: discord.apiUrl });

async function start(restartOf?: PlatformWorld, extraEnv: Record<string, string> = {}): Promise<PlatformWorld> {
  const world = await platformWorld({ ...env(), ...extraEnv }, restartOf);
  worlds.push(world);
  return world;
}

async function signed(world: PlatformWorld, payload: unknown, { forge = false, age = 0 } = {}) {
  const body = JSON.stringify(payload);
  const stamp = String(Math.floor(Date.now() / 1000) - age);
  let signature = crypto.sign(null, Buffer.from(stamp + body), keys.privateKey).toString('hex');
  if (forge) signature = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
  const started = Date.now();
  const response = await fetch(`${world.base}/discord/interactions`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': stamp },
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { type: number; data?: Record<string, unknown> }) : null;
  return { status: response.status, json, text, ms: Date.now() - started };
}

let interactionId = 900_000_000_000_000_000n;
function slash(world: PlatformWorld, name: string, options: unknown[], { admin, channel = '999' }: { admin: boolean; channel?: string }) {
  const id = String(++interactionId);
  return signed(world, {
    id,
    application_id: '777',
    type: 2,
    token: `tok${id}`,
    version: 1,
    guild_id: '555',
    channel_id: channel,
    channel: { id: channel, type: 0 },
    member: { user: { id: admin ? '11' : '22', username: admin ? 'admin' : 'reader' }, roles: [], permissions: admin ? '32' : '0' },
    data: { id: '1', name, type: 1, options },
  }).then((result) => ({ ...result, token: `tok${id}` }));
}
const sub = (name: string, options: unknown[] = []) => [{ name, type: 1, options }];
const channelPosts = (since: number, channel: string) =>
  discord.calls.slice(since).filter((c) => c.method === 'POST' && c.path.replace(/^\/api(\/v\d+)?/, '') === `/channels/${channel}/messages`);

describe('Discord HTTP interactions', () => {
  it('answers PING and rejects a bad signature or a stale timestamp with 401', async () => {
    const world = await start();
    expect(await signed(world, { type: 1 })).toMatchObject({ status: 200, json: { type: 1 } });
    expect((await signed(world, { type: 1 }, { forge: true })).status).toBe(401);
    expect((await signed(world, { type: 1 }, { age: 10 * 60 })).status).toBe(401);
  });

  it('/latest query:Doha talks answers privately within 3 s with quotes and source links, mentioning nobody', async () => {
    const world = await start();
    await ingestArticles(world);
    const reply = await slash(world, 'latest', [{ name: 'query', type: 3, value: 'Doha talks' }], { admin: false });
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeLessThan(3000);
    expect(reply.json).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(reply.text).toMatch(/Doha/);
    expect(reply.text).toContain('(<https://news.example.org/2024/05/06/doha-round>)');
    expect(reply.text).not.toMatch(/[^\u200b]@everyone|<@U0ADMIN>/);
  });

  it('refuses a non-admin’s /parley schedule and changes nothing', async () => {
    const world = await start();
    const before = discord.calls.length;
    const reply = await slash(world, 'parley', sub('schedule', [{ name: 'cron', type: 3, value: '0 9 * * *' }]), { admin: false });
    expect(reply.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.text).toMatch(/Only members with the Manage Server permission/);
    expect(channelPosts(before, '999')).toHaveLength(0);
    expect(await findSubscription(world.store.db, 'discord', '999')).toBeUndefined();
  });

  it('an admin’s /parley schedule changes the schedule, and it survives a restart', async () => {
    const first = await start();
    const reply = await slash(first, 'parley', sub('schedule', [{ name: 'cron', type: 3, value: '0 18 * * *' }, { name: 'timezone', type: 3, value: 'America/New_York' }]), { admin: true });
    // Discord shows `\*` as `*`: the cron expression is escaped so it does not turn into italics.
    expect(reply.text).toContain('Schedule set to “0 18 \\\\* \\\\* \\\\*” (America/New\\\\_York)');
    await first.close();
    worlds.splice(worlds.indexOf(first), 1);
    const second = await start(first);
    expect((await slash(second, 'parley', sub('status'), { admin: false })).text).toMatch(/New\\\\_York\) — next run .*, 18:00 GMT-5\./);
  });

  it('/parley now posts a message, starts a thread from it and posts one reply per update there, pinging nobody', async () => {
    const world = await start();
    await ingestArticles(world);
    await slash(world, 'parley', sub('subscribe'), { admin: true });
    const before = discord.calls.length;
    const stored = discord.messages.length;
    const reply = await slash(world, 'parley', sub('now'), { admin: true });
    expect(reply.text).toMatch(/Posting a digest/);
    const digest = await world.store.db.selectFrom('digests').select(['id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const planned = await world.store.db.selectFrom('outbox').select('id').where('digest_id', '=', digest.id).execute();
    expect(await waitFor(() => discord.messages.length - stored === planned.length, 15_000)).toBe(true);
    const [parent, ...replies] = discord.messages.slice(stored);
    expect(parent!.channel_id).toBe('999');
    const thread = discord.threads.get(parent!.id);
    expect(thread).toBeDefined();
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.channel_id === thread)).toBe(true);
    const bodies = discord.calls.slice(before).filter((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path)).map((c) => c.body);
    expect(bodies.every((b) => JSON.stringify(b.allowed_mentions) === '{"parse":[]}' && b.enforce_nonce === true && String(b.nonce).length <= 25)).toBe(true);
    expect(bodies.some((b) => 'thread_name' in b)).toBe(false);
    const posted = JSON.stringify(discord.messages.slice(stored));
    expect(posted).toMatch(/Doha/);
    expect(posted).not.toMatch(/[^\u200b]@everyone|<@U0ADMIN>/);
    expect(world.logs.join('')).not.toContain(token);
    // Why an article was or was not posted: for managers only, answered privately.
    const why = await slash(world, 'parley', sub('why', [{ name: 'about', type: 3, value: 'Doha round' }]), { admin: true });
    expect(why.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(why.text).toMatch(/In the last digest .*Article “Negotiators return to Doha for a new round of Gaza ceasefire talks” \(Gulf Desk\): /);
    expect((await slash(world, 'parley', sub('why', [{ name: 'about', type: 3, value: 'Doha' }]), { admin: false })).text).toMatch(/Only members with the Manage Server permission/);
  });

  it('with web.publicUrl, the parent links to the digest’s page and embeds the chart of its changed figures', async () => {
    const world = await start(undefined, webPublicUrlEnv());
    await ingestArticles(world);
    await slash(world, 'parley', sub('subscribe'), { admin: true });
    const stored = discord.messages.length;
    await slash(world, 'parley', sub('now'), { admin: true });
    const digest = await world.store.db.selectFrom('digests').select(['public_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await waitFor(() => discord.messages.length > stored, 15_000)).toBe(true);
    const parent = discord.messages[stored] as unknown as { content: string; embeds: { image?: { url: string } }[] };
    const page = `${publicUrl}/digests/${digest.public_id}/`;
    expect(parent.content).toContain(`[Read on the web](<${page}>)`);
    expect(parent.embeds).toEqual([expect.objectContaining({ image: { url: `${page}figures.png` } })]);
  });

  it('defers a slow command and edits the answer in through the interaction webhook', async () => {
    const world = await start();
    await ingestArticles(world);
    await slash(world, 'parley', sub('subscribe'), { admin: true });
    const postNow = world.services.postNow;
    world.services.postNow = async (subscription) => {
      await sleep(2500);
      return postNow(subscription);
    };
    const reply = await slash(world, 'parley', sub('now'), { admin: true });
    expect(reply.ms).toBeLessThan(3000);
    expect(reply.json).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = `/webhooks/777/${reply.token}/messages/%40original`;
    expect(await waitFor(() => discord.calls.some((c) => c.method === 'PATCH' && c.path.endsWith(edit)), 10_000)).toBe(true);
    expect(JSON.stringify(discord.calls.find((c) => c.path.endsWith(edit))!.body)).toMatch(/Posting a digest/);
  });

  it('waits out a 429 by its Retry-After header and posts the message once', async () => {
    const world = await start();
    await ingestArticles(world);
    await slash(world, 'parley', sub('subscribe', []), { admin: true, channel: '1001' });
    const before = discord.calls.length;
    discord.state.rateLimitNext = 1;
    await slash(world, 'parley', sub('now'), { admin: true, channel: '1001' });
    expect(await waitFor(() => discord.messages.some((m) => m.channel_id === '1001'), 15_000)).toBe(true);
    await sleep(300);
    const attempts = channelPosts(before, '1001');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(discord.messages.filter((m) => m.channel_id === '1001')).toHaveLength(1);
  });

  it('suggests time zones as the admin types', async () => {
    const world = await start();
    const reply = await signed(world, {
      id: '1', application_id: '777', type: 4, token: 't', version: 1, guild_id: '555', channel_id: '999',
      member: { user: { id: '11' }, roles: [], permissions: '32' },
      data: { id: '1', name: 'parley', type: 1, options: [{ name: 'schedule', type: 1, options: [{ name: 'timezone', type: 3, value: 'berl', focused: true }] }] },
    });
    expect(reply.json).toMatchObject({ type: 8, data: { choices: [{ name: 'Europe/Berlin', value: 'Europe/Berlin' }] } });
  });
});

describe('Discord delivery channel', () => {
  const channel = () => new DiscordDeliveryChannel(discordRest(loadEnv(env())));

  it('a repeated post with the same nonce returns the message already posted, and the thread is reused (160004)', async () => {
    const request = { channelId: '2001', payload: { content: 'Headline', embeds: [], allowed_mentions: { parse: [] }, thread_name: 'Headline' }, marker: { digestId: 3, seq: 0, key: 'parley:3:0' }, plannedAt: '2026-01-01T00:00:00.000Z' };
    const first = await channel().post(request);
    const again = await channel().post(request);
    expect(again).toEqual(first);
    expect(discord.messages.filter((m) => m.channel_id === '2001')).toHaveLength(1);
    expect(first.threadId).toBe(discord.threads.get(first.messageId));
  });

  it('finds a parent and a reply posted before a crash', async () => {
    const parentRequest = { channelId: '2002', payload: { content: 'Parent', embeds: [], allowed_mentions: { parse: [] } }, marker: { digestId: 4, seq: 0, key: 'parley:4:0' }, plannedAt: '2026-01-01T00:00:00.000Z' };
    expect(await channel().find(parentRequest)).toBeNull();
    const parent = await channel().post(parentRequest);
    expect(await channel().find(parentRequest)).toEqual(parent);
    const replyRequest = { channelId: '2002', payload: { content: '', embeds: [{ description: 'Update' }], allowed_mentions: { parse: [] } }, marker: { digestId: 4, seq: 1, key: 'parley:4:1' }, parent, plannedAt: '2026-01-01T00:00:00.000Z' };
    expect(await channel().find(replyRequest)).toBeNull();
    const reply = await channel().post(replyRequest);
    expect(await channel().find(replyRequest)).toEqual(reply);
  });

  it('never mistakes an older message with the same text for the one it looks for', async () => {
    const twin = { content: 'Nothing new on the talks', embeds: [], allowed_mentions: { parse: [] } };
    const thread = { messageId: '1', threadId: '2003' };
    await channel().post({ channelId: '2003', payload: twin, marker: { digestId: 10, seq: 1, key: 'parley:10:1' }, parent: thread, plannedAt: '2026-01-01T00:00:00.000Z' });
    await channel().post({ channelId: '2003', payload: { ...twin, content: 'Later message' }, marker: { digestId: 11, seq: 1, key: 'parley:11:1' }, parent: thread, plannedAt: '2026-01-01T00:00:00.000Z' });
    expect(await channel().find({ channelId: '2003', payload: twin, marker: { digestId: 12, seq: 1, key: 'parley:12:1' }, parent: thread, plannedAt: '2026-01-01T00:00:00.000Z' })).toBeNull();
  });

  it('reports an unknown channel as permanent and an unreachable API as transient', async () => {
    const gone = await channel()
      .post({ channelId: 'nope', payload: { content: 'x', embeds: [], allowed_mentions: { parse: [] } }, marker: { digestId: 5, seq: 1, key: 'k' }, plannedAt: '2026-01-01T00:00:00.000Z' })
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(DeliveryError);
    expect(gone).toMatchObject({ kind: 'permanent' });
    const down = new DiscordDeliveryChannel(discordRest(loadEnv({ ...env(), DISCORD_API_URL: 'http://127.0.0.1:9/api' })));
    const failure = await down.post({ channelId: '1', payload: { content: 'x', embeds: [], allowed_mentions: { parse: [] } }, marker: { digestId: 6, seq: 1, key: 'k' }, plannedAt: '2026-01-01T00:00:00.000Z' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'transient' });
  }, 30_000);

  it('keeps nonces within 25 characters', () => {
    expect(nonceFor('parley:12:3')).toBe('parley:12:3');
    expect(nonceFor('parley:123456789:123456789:extra')).toHaveLength(25);
  });
});

describe('Discord commands', () => {
  it('registers /latest and /parley in a guild, with Manage Guild as the default permission for /parley', async () => {
    const before = discord.calls.length;
    expect(await registerCommands(discordRest(loadEnv(env())), '777', '555')).toBe(2);
    const put = discord.calls.slice(before).find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v10/applications/777/guilds/555/commands');
    const parley = (put.body as unknown as { name: string; default_member_permissions?: string }[]).find((c) => c.name === 'parley');
    expect(parley?.default_member_permissions).toBe('32');
  });

  it('reads subcommands and groups into the same commands as Slack text, and unknown ones into help', () => {
    expect(parsedFrom('parley', [{ name: 'sources', type: 2, options: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'https://x.org/rss' }] }] }] as never)).toEqual({ name: 'sources-add', url: 'https://x.org/rss' });
    expect(parsedFrom('parley', [{ name: 'frobnicate', type: 1 }] as never)).toMatchObject({ name: 'help', problem: 'Unknown subcommand “frobnicate”.' });
    expect(timeZoneChoices('new_y')[0]).toEqual({ name: 'America/New_York', value: 'America/New_York' });
  });
});
