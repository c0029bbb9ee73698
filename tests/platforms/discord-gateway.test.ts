import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDiscord } from './fake-apis.ts';
import { fakeGateway } from './fake-gateway.ts';
import { ingestArticles, platformWorld, waitFor, type PlatformWorld } from './setup.ts';

let discord: Awaited<ReturnType<typeof fakeDiscord>>;
let gateway: Awaited<ReturnType<typeof fakeGateway>>;
let world: PlatformWorld;

beforeAll(async () => {
  discord = await fakeDiscord();
  gateway = await fakeGateway();
  discord.state.gatewayUrl = gateway.url;
  // No DISCORD_PUBLIC_KEY: interactions arrive over the gateway.
  world = await platformWorld({ DISCORD_TOKEN: 'gateway.test.token', DISCORD_APPLICATION_ID: '777', DISCORD_API_URL: discord.apiUrl });
  await ingestArticles(world);
}, 60_000);

afterAll(async () => {
  await world.close();
  await world.home.remove();
  await gateway.close();
  await discord.close();
});

function interaction(id: string, name: string, options: unknown[], admin: boolean) {
  return {
    id,
    application_id: '777',
    type: 2,
    token: `tok${id}`,
    version: 1,
    guild_id: '555',
    channel_id: '999',
    channel: { id: '999', type: 0 },
    member: { user: { id: admin ? '11' : '22', username: 'someone', discriminator: '0' }, roles: [], permissions: admin ? '32' : '0', joined_at: '2024-01-01T00:00:00Z', deaf: false, mute: false, flags: 0 },
    data: { id: '1', name, type: 1, options },
    locale: 'en-US',
    app_permissions: '2147483647',
    entitlements: [],
    authorizing_integration_owners: { 0: '555' },
    context: 0,
  };
}

describe('Discord over the gateway', () => {
  it('identifies with the bot token and answers /latest through the interaction callback', async () => {
    expect(gateway.received.some((m) => m.op === 2 && (m.d as { token: string }).token === 'gateway.test.token')).toBe(true);
    gateway.dispatch('INTERACTION_CREATE', interaction('800000000000000001', 'latest', [{ name: 'query', type: 3, value: 'Doha talks' }], false));
    const callback = '/api/v10/interactions/800000000000000001/tok800000000000000001/callback';
    expect(await waitFor(() => discord.calls.some((c) => c.path === callback), 10_000)).toBe(true);
    const answer = discord.calls.find((c) => c.path === callback)!;
    expect(answer.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(JSON.stringify(answer.body)).toMatch(/Doha/);
  });

  it('runs the same admin check as HTTP interactions', async () => {
    gateway.dispatch('INTERACTION_CREATE', interaction('800000000000000002', 'parley', [{ name: 'now', type: 1, options: [] }], false));
    const callback = '/api/v10/interactions/800000000000000002/tok800000000000000002/callback';
    expect(await waitFor(() => discord.calls.some((c) => c.path === callback), 10_000)).toBe(true);
    expect(JSON.stringify(discord.calls.find((c) => c.path === callback)!.body)).toMatch(/Only members with the Manage Server permission/);
  });
});
