import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/channel.ts';
import { createLogger } from '../../src/logger.ts';
import { loadEnv } from '../../src/config/index.ts';
import { commandText, createSlackPlatform } from '../../src/platforms/slack/slack-app.ts';
import { findSubscription } from '../../src/store/subscriptions.ts';
import { fakeSlack } from './fake-apis.ts';
import { ingestArticles, platformWorld, publicUrl, sleep, waitFor, webPublicUrlEnv, type PlatformWorld } from './setup.ts';

const secret = 'test-signing-secret-for-slack';
const token = 'xoxb-test-token-123';
let slack: Awaited<ReturnType<typeof fakeSlack>>;
const worlds: PlatformWorld[] = [];

beforeAll(async () => {
  slack = await fakeSlack();
});
afterAll(async () => {
  await slack.close();
});
afterEach(async () => {
  for (const world of worlds.splice(0)) {
    await world.close();
    await world.home.remove();
  }
});

async function start(restartOf?: PlatformWorld, extraEnv: Record<string, string> = {}): Promise<PlatformWorld> {
  const world = await platformWorld({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl, ...extraEnv }, restartOf);
  worlds.push(world);
  return world;
}

function sign(body: string, { key = secret, age = 0 } = {}) {
  const stamp = String(Math.floor(Date.now() / 1000) - age);
  const signature = 'v0=' + crypto.createHmac('sha256', key).update(`v0:${stamp}:${body}`).digest('hex');
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': stamp, 'x-slack-signature': signature };
}

async function send(world: PlatformWorld, body: string, headers: Record<string, string>) {
  const started = Date.now();
  const response = await fetch(`${world.base}/slack/events`, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text(), ms: Date.now() - started };
}

let requestId = 0;
function command(world: PlatformWorld, name: string, text: string, user: string, options: { key?: string; age?: number } = {}) {
  const id = ++requestId;
  const body = new URLSearchParams({
    command: name,
    text,
    user_id: user,
    user_name: user,
    channel_id: 'C1',
    channel_name: 'news',
    team_id: 'T1',
    team_domain: 'test',
    response_url: `${slack.url}/respond/${id}`,
    trigger_id: `trigger${id}`,
    api_app_id: 'A1',
    token: 'legacy',
  }).toString();
  return send(world, body, sign(body, options)).then((result) => ({ ...result, id }));
}

const posts = (since: number) => slack.calls.slice(since).filter((c) => c.path.endsWith('chat.postMessage'));

describe('Slack over HTTP with Bolt', () => {
  it('rejects a forged signature, a stale timestamp and a replayed request with 401', async () => {
    const world = await start();
    expect((await command(world, '/parley', 'help', 'U1', { key: 'wrong-secret' })).status).toBe(401);
    expect((await command(world, '/parley', 'help', 'U1', { age: 6 * 60 })).status).toBe(401);
    const body = new URLSearchParams({ command: '/parley', text: 'help', user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: `${slack.url}/respond/0`, trigger_id: 't' }).toString();
    const headers = sign(body);
    expect((await send(world, body, headers)).status).toBe(200);
    expect((await send(world, body, headers)).status).toBe(401);
  });

  it('/latest Doha talks answers privately within 3 s, with quotes, source links and a share button', async () => {
    const world = await start();
    await ingestArticles(world);
    const reply = await command(world, '/latest', 'Doha talks', 'UREADER');
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeLessThan(3000);
    const answer = JSON.parse(reply.text) as { response_type: string; blocks: { type: string }[] };
    expect(answer.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/Doha/);
    expect(reply.text).toContain('<https://news.example.org/2024/05/06/doha-round|');
    expect(reply.text).not.toMatch(/<!(channel|here|everyone)/);
    expect(answer.blocks.at(-1)).toMatchObject({ type: 'actions' });
  });

  it('"Share in channel" posts the same answer for everyone through response_url', async () => {
    const world = await start();
    await ingestArticles(world);
    const before = slack.calls.length;
    const payload = JSON.stringify({
      type: 'block_actions',
      user: { id: 'UREADER', username: 'reader', team_id: 'T1' },
      team: { id: 'T1', domain: 'test' },
      channel: { id: 'C1', name: 'news' },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
      trigger_id: 't1',
      response_url: `${slack.url}/respond/share`,
      actions: [{ type: 'button', action_id: 'parley_share_latest', block_id: 'b1', value: 'Doha talks', action_ts: '1.3', text: { type: 'plain_text', text: 'Share in channel' } }],
    });
    const body = new URLSearchParams({ payload }).toString();
    expect((await send(world, body, sign(body))).status).toBe(200);
    await waitFor(() => slack.calls.slice(before).some((c) => c.path === '/respond/share' && c.body.response_type === 'in_channel'));
    const shared = slack.calls.slice(before).find((c) => c.path === '/respond/share' && c.body.response_type === 'in_channel')!;
    expect(JSON.stringify(shared.body)).toMatch(/Doha/);
    expect(JSON.stringify(shared.body)).not.toContain('Share in channel');
  });

  it('refuses a non-admin’s /parley schedule and changes nothing', async () => {
    const world = await start();
    const before = slack.calls.length;
    const reply = await command(world, '/parley', 'schedule "0 9 * * *" UTC', 'UREADER');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toMatch(/Only workspace admins and owners/);
    expect(slack.calls.slice(before).map((c) => c.path)).toContain('/api/users.info');
    expect(posts(before)).toHaveLength(0);
    expect(await findSubscription(world.store.db, 'slack', 'C1')).toBeUndefined();
  });

  it('an admin’s /parley schedule changes the schedule, and it survives a restart', async () => {
    const first = await start();
    const reply = await command(first, '/parley', 'schedule "30 7 * * 1-5" Europe/Berlin', 'UADMIN');
    expect(reply.text).toMatch(/Schedule set to “30 7 \* \* 1-5” \(Europe\/Berlin\)\. Next runs:/);
    expect(JSON.parse(reply.text)).toMatchObject({ response_type: 'in_channel' });
    await first.close();
    worlds.splice(worlds.indexOf(first), 1);
    const second = await start(first);
    const status = await command(second, '/parley', 'status', 'UREADER');
    expect(status.text).toMatch(/Schedule: “30 7 \* \* 1-5” \(Europe\/Berlin\) — next run .*07:30 CET/);
  });

  it('/parley now posts a digest as a parent message with one thread reply per update, in order, pinging nobody', async () => {
    const world = await start();
    await ingestArticles(world);
    await command(world, '/parley', 'subscribe', 'UADMIN');
    const before = slack.messages.length;
    const reply = await command(world, '/parley', 'now', 'UADMIN');
    expect(reply.status).toBe(200);
    const digest = await world.store.db.selectFrom('digests').select(['id', 'model']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const planned = await world.store.db.selectFrom('outbox').select('id').where('digest_id', '=', digest.id).execute();
    expect(await waitFor(() => slack.messages.length - before === planned.length, 15_000)).toBe(true);
    const [parent, ...replies] = slack.messages.slice(before);
    expect(parent!.thread_ts).toBeUndefined();
    expect(parent!.metadata).toMatchObject({ event_type: 'parley_digest_part', event_payload: { digest_id: digest.id, seq: 0 } });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.thread_ts === parent!.ts && r.channel === 'C1')).toBe(true);
    expect(replies.map((r) => (r.metadata!.event_payload as { seq: number }).seq)).toEqual(replies.map((_, i) => i + 1));
    const updates = (JSON.parse(digest.model) as { updates: { summary: string }[] }).updates;
    expect(replies[0]!.text).toContain(`1/${updates.length}:`);
    const posted = JSON.stringify(slack.messages.slice(before));
    expect(posted).toMatch(/Doha/);
    expect(posted).not.toMatch(/<!(channel|here|everyone)(\|[^>]*)?>|<@U0ADMIN>/);
    expect(world.logs.join('')).not.toContain(token);
    // Why an article was or was not posted: for admins only, answered privately.
    const why = await command(world, '/parley', 'why Doha round', 'UADMIN');
    expect(JSON.parse(why.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(why.text).toMatch(/In the last digest .*Article “Negotiators return to Doha for a new round of Gaza ceasefire talks” \(Gulf Desk\): /);
    expect((await command(world, '/parley', 'why Doha round', 'UREADER')).text).toMatch(/Only workspace admins/);
  });

  it('with web.publicUrl, the parent links to the digest’s page and shows the chart of its changed figures', async () => {
    const world = await start(undefined, webPublicUrlEnv());
    await ingestArticles(world);
    await command(world, '/parley', 'subscribe', 'UADMIN');
    const before = slack.messages.length;
    await command(world, '/parley', 'now', 'UADMIN');
    const digest = await world.store.db.selectFrom('digests').select(['public_id', 'model']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((JSON.parse(digest.model) as { figures: unknown[] }).figures.length).toBeGreaterThan(0);
    expect(await waitFor(() => slack.messages.length > before, 15_000)).toBe(true);
    const [parent, ...replies] = slack.messages.slice(before);
    const blocks = parent!.blocks as { type: string; image_url?: string; alt_text?: string; text?: { text: string } }[];
    const page = `${publicUrl}/digests/${digest.public_id}/`;
    expect(blocks.some((b) => b.type === 'section' && b.text?.text === `<${page}|Read on the web>`)).toBe(true);
    const image = blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({ image_url: `${page}figures.png` });
    expect(image!.alt_text).toMatch(/^Chart: .*people killed/);
    expect(JSON.stringify(replies)).not.toContain('figures.png');
  });

  it('acks a slow command within 3 s and sends the answer to response_url when ready', async () => {
    const world = await start();
    await ingestArticles(world);
    await command(world, '/parley', 'subscribe', 'UADMIN');
    const postNow = world.services.postNow;
    world.services.postNow = async (subscription) => {
      await sleep(2500);
      return postNow(subscription);
    };
    const reply = await command(world, '/parley', 'now', 'UADMIN');
    expect(reply.ms).toBeLessThan(3000);
    expect(reply.text).toContain('Working on it');
    const late = `/respond/${reply.id}`;
    expect(await waitFor(() => slack.calls.some((c) => c.path === late), 10_000)).toBe(true);
    expect(JSON.stringify(slack.calls.find((c) => c.path === late)!.body)).toMatch(/Posting a digest \(\d+ messages\) now/);
  });

  it('waits out a 429 with Retry-After and posts the message once', async () => {
    const world = await start();
    await ingestArticles(world);
    await command(world, '/parley', 'subscribe', 'UADMIN');
    const before = slack.calls.length;
    const stored = slack.messages.length;
    slack.state.rateLimitNext = 1;
    await command(world, '/parley', 'now', 'UADMIN');
    expect(await waitFor(() => slack.messages.length > stored + 1, 15_000)).toBe(true);
    await sleep(500);
    const attempts = posts(before);
    expect(attempts.length).toBe(slack.messages.length - stored + 1);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    const parents = slack.messages.slice(stored).filter((m) => !m.thread_ts);
    expect(parents).toHaveLength(1);
  });
});

describe('Slack delivery channel', () => {
  const env = () => loadEnv({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl });
  const logger = createLogger({ level: 'silent' });

  it('finds a message it posted before a crash by its metadata marker, and only that one', async () => {
    const { channel } = createSlackPlatform(env(), logger);
    const parentRequest = { channelId: 'C9', payload: { text: 'Headline', blocks: [] }, marker: { digestId: 7, seq: 0, key: 'parley:7:0' }, plannedAt: new Date().toISOString() };
    const parent = await channel.post(parentRequest);
    expect(await channel.find(parentRequest)).toEqual(parent);
    const replyRequest = { channelId: 'C9', payload: { text: 'Update', blocks: [] }, marker: { digestId: 7, seq: 1, key: 'parley:7:1' }, parent, plannedAt: new Date().toISOString() };
    expect(await channel.find(replyRequest)).toBeNull();
    const reply = await channel.post(replyRequest);
    expect(await channel.find(replyRequest)).toEqual(reply);
    expect(slack.messages.find((m) => m.ts === reply.messageId)!.thread_ts).toBe(parent.messageId);
  });

  it('looks through every page of the channel since the digest was planned, and nothing older', async () => {
    const { channel } = createSlackPlatform(env(), logger);
    const plannedAt = new Date().toISOString();
    const request = { channelId: 'C10', payload: { text: 'Headline', blocks: [] }, marker: { digestId: 8, seq: 0, key: 'parley:8:0' }, plannedAt };
    const posted = await channel.post(request);
    // A busy channel: 450 later messages bury it under more than two pages.
    for (let i = 0; i < 450; i++) await channel.post({ ...request, payload: { text: `chatter ${i}`, blocks: [] }, marker: { digestId: 9, seq: 0, key: `other:${i}` } });
    const before = slack.calls.length;
    expect(await channel.find(request)).toEqual(posted);
    const lookups = slack.calls.slice(before).filter((c) => c.path.endsWith('conversations.history'));
    expect(lookups).toHaveLength(3);
    expect(Number(lookups[0]!.body.oldest)).toBeCloseTo(Date.parse(plannedAt) / 1000 - 600, 0);
  });

  it('reports a missing channel as permanent', async () => {
    const { channel } = createSlackPlatform(env(), logger);
    slack.state.failNext = 'channel_not_found';
    const failure = await channel.post({ channelId: 'CGONE', payload: { text: 'x', blocks: [] }, marker: { digestId: 8, seq: 0, key: 'parley:8:0' }, plannedAt: new Date().toISOString() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ kind: 'permanent', message: expect.stringContaining('channel_not_found') });
  });

  it('reports an unreachable Slack as transient', async () => {
    const { channel } = createSlackPlatform(loadEnv({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: 'http://127.0.0.1:9/api/' }), logger);
    const failure = await channel.post({ channelId: 'C1', payload: { text: 'x', blocks: [] }, marker: { digestId: 9, seq: 0, key: 'parley:9:0' }, plannedAt: new Date().toISOString() }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'transient' });
  }, 30_000);
});

describe('Slack transports and command text', () => {
  it('with SLACK_APP_TOKEN, Slack runs over Socket Mode and serves no HTTP route', () => {
    const logger = createLogger({ level: 'silent' });
    const socket = createSlackPlatform(loadEnv({ SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: slack.apiUrl }), logger);
    expect(socket.route).toBeNull();
    expect(() => createSlackPlatform(loadEnv({ SLACK_BOT_TOKEN: token }), logger)).toThrow(/SLACK_SIGNING_SECRET is required/);
  });

  it('reads links and entities the way Slack sends them', () => {
    expect(commandText('sources add <https://example.org/rss?a=1&amp;b=2|example.org/rss>')).toBe('sources add https://example.org/rss?a=1&b=2');
    expect(commandText('Rafah &amp; Doha &lt;talks&gt;')).toBe('Rafah & Doha <talks>');
  });
});
