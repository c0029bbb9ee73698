import fs from 'node:fs';
import path from 'node:path';
import { commandServices } from '../../src/commands/services.ts';
import { loadConfig, type LoadedConfig } from '../../src/config/index.ts';
import { runDigest } from '../../src/delivery/run-digest.ts';
import { createLogger } from '../../src/logger.ts';
import { createPlatforms, type Platforms } from '../../src/platforms/index.ts';
import { ingestFiles } from '../../src/sources/ingest-files.ts';
import { ensureConfiguredSubscriptions, openStore, type Store } from '../../src/store/index.ts';
import { webRoute } from '../../src/web/http-route.ts';
import { refreshStoryDays } from '../../src/web/story-days.ts';
import { testHome, type TestHome } from '../support/stores.ts';

export const hostileArticle = path.resolve(import.meta.dirname, '../fixtures/web/hostile-cairo.md');
export const bundledArticles = path.resolve(import.meta.dirname, '../../articles');
/** A stored source address no page may turn into a link. */
export const hostileUrl = "javascript:alert('url')";

export interface WebWorld {
  home: TestHome;
  store: Store;
  loaded: LoadedConfig;
  /** `http://127.0.0.1:<port>`: `parley start`'s listener with the web pages on. */
  base: string;
  /** Public id of the console channel's first digest (the bundled articles and the hostile one). */
  digestId: string;
  close(): Promise<void>;
}

/**
 * `parley start`'s HTTP listener with `web.enabled`, in-process, over a store holding the bundled
 * articles and one hostile article (markup, script, event handlers and `javascript:` links in its
 * title, outlet and text; a bundled article's stored URL is a `javascript:` one), with the
 * console channel's first digest recorded.
 */
export async function webWorld(): Promise<WebWorld> {
  const home = await testHome('parley-web-');
  const configFile = path.join(home.dir, 'parley.yaml');
  fs.writeFileSync(configFile, `sources:\n  articles: ${JSON.stringify(bundledArticles)}\nweb:\n  enabled: true\n  publicUrl: https://news.example.org/parley\n`);
  const loaded = loadConfig({ configPath: configFile, env: { PORT: '0', HOST: '127.0.0.1' } });
  const logger = createLogger({ level: 'silent' });
  const store = await openStore(home.databaseUrl);
  const now = () => new Date('2024-10-26T08:00:00Z');
  await ingestFiles({ db: store.db, logger, loaded, now }, [bundledArticles, hostileArticle]);
  await store.db.updateTable('articles').set({ url: hostileUrl }).where('file', 'like', '%000_5a2e8b34d8c26dee.txt').execute();
  const [subscription] = await ensureConfiguredSubscriptions(store.db, loaded.config, now());
  const { digestId } = await runDigest({ db: store.db, config: loaded.config, logger, now }, { id: subscription!.id }, 'cli');
  // As `parley start` does after each ingest.
  await refreshStoryDays(store.db, loaded.config, { maxDays: Infinity, now: now() });
  const row = await store.db.selectFrom('digests').select('public_id').where('id', '=', digestId).executeTakeFirstOrThrow();
  const platforms: Platforms = createPlatforms(loaded.env, logger);
  const services = commandServices({ store, loaded, logger, kickDelivery: () => {}, reloadSchedules: async () => {} });
  const server = await platforms.start(services, [webRoute({ db: store.db, config: loaded.config, now }, logger)]);
  return {
    home,
    store,
    loaded,
    base: `http://127.0.0.1:${server.port}`,
    digestId: row.public_id!,
    async close() {
      await platforms.stop();
      await store.close();
      await home.remove();
    },
  };
}
