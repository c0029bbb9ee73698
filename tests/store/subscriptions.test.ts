import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { ensureConfiguredSubscriptions, ensureSubscription, findSubscription, listSubscriptions } from '../../src/store/index.ts';
import { pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

describe.each(storeVariants)('subscriptions on $name', (variant) => {
  let store: TestStore;
  beforeEach(async (context) => {
    if (!variant.enabled) context.skip(pgSkipReason);
    store = await variant.open();
  });
  afterEach(() => store?.dispose());

  const spec = { platform: 'slack' as const, channelId: 'C024BE91L', workspaceId: 'T0001', topic: 'gaza-ceasefire-talks', schedule: '0 8 * * *', timeZone: 'Europe/Berlin' };

  it('creates a channel once; asking again returns the same row', async () => {
    const first = await ensureSubscription(store.db, spec, new Date('2024-05-05T10:00:00Z'));
    expect(first).toMatchObject({ platform: 'slack', channel_id: 'C024BE91L', workspace_id: 'T0001', time_zone: 'Europe/Berlin', cursor_seq: 0, paused: 0, notify_empty: 0 });
    expect(first.created_at).toBe('2024-05-05T10:00:00.000Z');
    const again = await ensureSubscription(store.db, { ...spec, schedule: '0 9 * * *' });
    expect(again).toEqual(first);
    expect(await listSubscriptions(store.db)).toHaveLength(1);
  });

  it('keeps a schedule an admin changed when the config is read again at the next start', async () => {
    const loaded = loadConfig({ env: {} });
    const [consoleRow] = await ensureConfiguredSubscriptions(store.db, loaded.config);
    expect(consoleRow).toMatchObject({ platform: 'console', channel_id: 'console', schedule: '0 8 * * *', topic: 'gaza-ceasefire-talks' });
    await store.db.updateTable('subscriptions').set({ schedule: '30 18 * * 1-5' }).where('id', '=', consoleRow!.id).execute();

    await ensureConfiguredSubscriptions(store.db, loaded.config);
    expect((await findSubscription(store.db, 'console', 'console'))?.schedule).toBe('30 18 * * 1-5');
    expect(await findSubscription(store.db, 'discord', 'console')).toBeUndefined();
  });
});
