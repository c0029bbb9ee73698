import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandServices } from '../../src/commands/services.ts';
import type { CommandServices } from '../../src/commands/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { createPlatforms, type Platforms } from '../../src/platforms/index.ts';
import { ingestFiles } from '../../src/sources/ingest-files.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { testHome, type TestHome } from '../support/stores.ts';

export const hostileArticle = path.resolve(import.meta.dirname, '../fixtures/platforms/doha-round-mentions.md');

export interface PlatformWorld {
  home: TestHome;
  store: Store;
  services: CommandServices;
  platforms: Platforms;
  base: string;
  logs: string[];
  close(): Promise<void>;
}

/**
 * `parley start`'s platform half, in-process: a real store (the suite's kind, see
 * tests/support/stores.ts), the real platforms from the environment (pointed at fakes on
 * 127.0.0.1), the real delivery worker, and the HTTP listener on a free port. `restartOf` opens
 * another (closed) world's database again, as a restart would.
 */
export async function platformWorld(env: Record<string, string>, restartOf?: PlatformWorld): Promise<PlatformWorld> {
  const home = restartOf?.home ?? (await testHome('parley-platforms-'));
  const store = await openStore(home.databaseUrl);
  const loaded = loadConfig({ env: { PORT: '0', HOST: '127.0.0.1', ...env } });
  const logs: string[] = [];
  const secrets = Object.values(env).filter((value) => value.length >= 6 && !value.startsWith('http'));
  const logger = createLogger({ level: 'debug', secrets, destination: { write: (line: string) => logs.push(line) } });
  const platforms = createPlatforms(loaded.env, logger);
  const worker = new DeliveryWorker({ db: store.db, dialect: store.dialect, channels: platforms.channels, logger, instanceId: 'test', pollMs: 200 });
  worker.start();
  const services = commandServices({ store, loaded, logger, kickDelivery: () => worker.kick(), reloadSchedules: async () => {} });
  const server = await platforms.start(services);
  return {
    home,
    store,
    services,
    platforms,
    base: `http://127.0.0.1:${server.port}`,
    logs,
    async close() {
      await platforms.stop();
      await worker.stop();
      await store.close();
    },
  };
}

/** The bundled articles plus one on-topic article whose text tries to ping everyone. */
export async function ingestArticles(world: PlatformWorld): Promise<void> {
  const { loaded, logger } = world.services;
  await ingestFiles({ db: world.store.db, logger, loaded, now: () => new Date() }, [loaded.articlesDir, hostileArticle]);
}

export const publicUrl = 'https://news.example.org/parley';

/**
 * Environment naming a config file (in a fresh folder) that sets `web.publicUrl`, so digests link
 * to their page; the rest is the default config.
 */
export function webPublicUrlEnv(): { PARLEY_CONFIG: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-config-'));
  const file = path.join(dir, 'parley.yaml');
  fs.writeFileSync(file, `sources:\n  articles: ${JSON.stringify(path.resolve(import.meta.dirname, '../../articles'))}\nweb:\n  publicUrl: ${publicUrl}\n`);
  return { PARLEY_CONFIG: file };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(predicate: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await sleep(50);
  }
  return predicate();
}

export function ed25519Keys() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { privateKey, publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex') };
}
