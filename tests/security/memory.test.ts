import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import { ingestFeedUrls } from '../../src/sources/feed-ingest.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { endless, serve, startServer, type TestServer } from '../sources/feed-test-server.ts';

const megabyte = 1024 * 1024;

/** A valid feed of about `size` bytes: 500 items with long descriptions. */
function bigFeed(size: number): string {
  const per = Math.floor(size / 500);
  const items = Array.from(
    { length: 500 },
    (_, i) => `<item><title>Doha talks, day ${i}</title><link>https://big.example/${i}</link><description><![CDATA[<p>${'Negotiators met again in Doha. '.repeat(Math.max(1, Math.floor(per / 31)))}</p>]]></description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link><description>d</description>${items}</channel></rss>`;
}

/** `size` bytes of spaces, gzipped a megabyte at a time so the test never holds them all. */
async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const chunk = Buffer.alloc(megabyte, 0x20);
  for (let written = 0; written < size; written += megabyte) {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  await new Promise((resolve) => gzip.end(resolve));
  return Buffer.concat(out);
}

let server: TestServer;
let store: Store;

beforeAll(async () => {
  server = await startServer({
    '/gzip-bomb': serve(await gzipBomb(200 * megabyte), { 'content-encoding': 'gzip' }),
    '/huge': endless,
    '/big.xml': serve(bigFeed(8 * megabyte)),
  });
  store = await openStore('sqlite::memory:');
}, 60_000);
afterAll(async () => {
  await store.close();
  await server.close();
});

/** A full garbage collection, through V8's own `gc` made available at run time (no --expose-gc flag needed). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

describe('memory under hostile feeds', () => {
  it('stays bounded across rounds of gzip bombs, endless bodies and a large feed', async () => {
    const loaded = loadConfig({ env: { PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' } });
    const ctx = { db: store.db, logger: createLogger({ level: 'silent' }), loaded, now: () => new Date('2024-05-06T10:00:00Z') };
    const urls = ['/gzip-bomb', '/huge', '/big.xml'].map((p) => `${server.base}${p}`);

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const before = process.memoryUsage().rss;
    const after: number[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const results = await ingestFeedUrls(ctx, urls);
        expect(results.map((r) => r.ok)).toEqual([false, false, true]);
        expect(results[0]!.error).toMatch(/response larger than 10 MB/);
        // Measured after a full collection: what is still reachable, not what the collector has yet to free.
        collectGarbage();
        after.push(process.memoryUsage().heapUsed);
        if (process.env.PARLEY_MEMORY_VERBOSE) process.stderr.write(`round ${round}: heap ${(after[round]! / megabyte).toFixed(1)} MB\n`);
      }
    } finally {
      clearInterval(sampler);
    }
    const growth = (peak - before) / megabyte;
    // The cap is 10 MB per feed and four feeds run at once; parsing an 8 MB feed costs several times its size.
    expect(growth).toBeLessThan(350);
    // No leak: after the third round as much is reachable as after the first (one more 8 MB feed
    // kept per round would show as 16 MB).
    expect((after[2]! - after[0]!) / megabyte).toBeLessThan(8);
  }, 120_000);
});
