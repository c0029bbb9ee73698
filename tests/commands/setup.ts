import { commandServices } from '../../src/commands/services.ts';
import type { CommandServices, Invocation } from '../../src/commands/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import { ingestFiles } from '../../src/sources/ingest-files.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { testHome, type TestHome } from '../support/stores.ts';

export const fixedNow = new Date('2026-11-23T12:00:00Z');

export interface CommandWorld {
  home: TestHome;
  store: Store;
  services: CommandServices;
  kicks: number;
  reloads: number;
  /** Closes the store (again: a no-op). */
  close(): Promise<void>;
  /** Closes the store and removes its home (database and folder). */
  dispose(): Promise<void>;
}

/**
 * A real store (the suite's kind, see tests/support/stores.ts), the default config, and the
 * command services over them; `restartOf` opens another world's database again, as a restart would.
 */
export async function commandWorld(env: Record<string, string> = {}, restartOf?: CommandWorld): Promise<CommandWorld> {
  const home = restartOf?.home ?? (await testHome('parley-commands-'));
  const store = await openStore(home.databaseUrl);
  let closing: Promise<void> | undefined;
  const loaded = loadConfig({ env: { PARLEY_ADMINS: 'slack:ULISTED,discord:777', ...env } });
  const logger = createLogger({ level: 'silent' });
  const world: CommandWorld = {
    home,
    store,
    kicks: 0,
    reloads: 0,
    services: undefined as unknown as CommandServices,
    close: () => (closing ??= store.close()),
    async dispose() {
      await world.close();
      await home.remove();
    },
  };
  world.services = commandServices({
    store,
    loaded,
    logger,
    now: () => fixedNow,
    kickDelivery: () => {
      world.kicks += 1;
    },
    reloadSchedules: async () => {
      world.reloads += 1;
    },
  });
  return world;
}

/** Ingests the bundled articles (and any extra files) through the real file ingester. */
export async function ingest(world: CommandWorld, extra: string[] = []): Promise<void> {
  const { loaded, logger, db } = { loaded: world.services.loaded, logger: world.services.logger, db: world.store.db };
  await ingestFiles({ db, logger, loaded, now: () => fixedNow }, [loaded.articlesDir, ...extra]);
}

export function asker(userId: string, admin: boolean, platform: 'slack' | 'discord' = 'slack', channelId = 'C1'): Invocation {
  return { platform, channelId, workspaceId: 'T1', userId, isPlatformAdmin: async () => admin };
}
