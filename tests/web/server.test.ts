import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/sources/ingest-files.ts';
import { createLogger } from '../../src/logger.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/web/headers.ts';
import { refreshStoryDays, storyDays } from '../../src/web/story-days.ts';
import { exportSite } from '../../src/web/export.ts';
import { webWorld, type WebWorld } from './support.ts';

describe('the web pages on parley start’s listener', () => {
  let world: WebWorld;
  beforeAll(async () => {
    world = await webWorld();
  }, 60_000);
  afterAll(async () => world?.close());

  it('every page carries the strict CSP, nosniff and no-referrer', async () => {
    for (const pathname of ['/', '/assets/site.css', `/digests/${world.digestId}/`, '/days/2024-05-05/', '/nothing-here']) {
      const response = await fetch(`${world.base}${pathname}`);
      expect(response.headers.get('content-security-policy'), pathname).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('script-src');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('sends text gzipped to a client that takes it, as it is to one that does not, and a PNG as it is', async () => {
    const raw = (pathname: string, acceptEncoding?: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${world.base}${pathname}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const plain = await raw('/');
    const zipped = await raw('/', 'gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
    expect((await raw('/', 'gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
    expect((await raw(`/digests/${world.digestId}/figures.png`, 'gzip')).headers['content-encoding']).toBeUndefined();
  });

  it('/healthz answers as before', async () => {
    const response = await fetch(`${world.base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('a digest is found by its public id only: not by its row number, not by a near guess', async () => {
    const row = await world.store.db.selectFrom('digests').select(['id', 'public_id']).where('public_id', '=', world.digestId).executeTakeFirstOrThrow();
    expect((await fetch(`${world.base}/digests/${world.digestId}/`)).status).toBe(200);
    expect((await fetch(`${world.base}/digests/${row.id}/`)).status).toBe(404);
    const near = world.digestId.slice(0, -1) + (world.digestId.endsWith('A') ? 'B' : 'A');
    expect((await fetch(`${world.base}/digests/${near}/`)).status).toBe(404);
    // Without the slash, the page moves to the address its relative links are written for.
    const moved = await fetch(`${world.base}/digests/${world.digestId}`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`${world.digestId}/`);
  });

  it('the digest’s chart image is a PNG at its permalink', async () => {
    const response = await fetch(`${world.base}/digests/${world.digestId}/figures.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('only GET and HEAD: a POST to a page is not found', async () => {
    expect((await fetch(`${world.base}/`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${world.base}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('parley web export writes the same pages, linked relatively, with the chart image', async () => {
    const dir = path.join(world.home.dir, 'site');
    const report = await exportSite({ db: world.store.db, config: world.loaded.config, now: () => new Date('2024-10-26T08:00:00Z') }, dir);
    expect(report).toEqual({ dir, pages: 1 + 6 + 1, images: 1 });
    const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain('href="./assets/site.css"');
    expect(index).toContain('href="./days/2024-05-05/#figures"');
    expect(fs.existsSync(path.join(dir, 'days', '2024-05-05', 'index.html'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'digests', world.digestId, 'index.html'), 'utf8')).toContain('href="../../assets/site.css"');
    expect(fs.existsSync(path.join(dir, 'digests', world.digestId, 'figures.png'))).toBe(true);
  });
});

describe('story days', () => {
  let world: WebWorld;
  beforeAll(async () => {
    world = await webWorld();
  }, 60_000);
  afterAll(async () => world?.close());

  it('a day is planned again when its articles change (one more here), and no other day is', async () => {
    const { db } = world.store;
    const before = await db.selectFrom('story_days').select(['day', 'built_at']).orderBy('day').execute();
    const later = new Date('2024-10-27T09:00:00Z');
    expect(await refreshStoryDays(db, world.loaded.config, { maxDays: Infinity, now: later })).toEqual({ built: 0, left: 0 });
    const edited = path.join(world.home.dir, 'edited.md');
    fs.writeFileSync(edited, fs.readFileSync(path.join(import.meta.dirname, '../fixtures/web/hostile-cairo.md'), 'utf8').replace('on Friday', 'on Friday morning'));
    await ingestFiles({ db, logger: createLogger({ level: 'silent' }), loaded: world.loaded, now: () => later }, [edited]);
    expect(await refreshStoryDays(db, world.loaded.config, { maxDays: Infinity, now: later })).toEqual({ built: 1, left: 0 });
    const after = await db.selectFrom('story_days').select(['day', 'built_at']).orderBy('day').execute();
    expect(after.filter((row, i) => row.built_at !== before[i]!.built_at).map((row) => row.day)).toEqual(['2024-10-25']);
  });

  it('a page request plans at most a few changed days, newest first; the rest come later', async () => {
    const { db } = world.store;
    await db.deleteFrom('story_days').execute();
    await db.deleteFrom('counters').where('name', '=', 'story_days_seq').execute();
    const now = new Date('2024-10-28T00:00:00Z');
    expect(await refreshStoryDays(db, world.loaded.config, { maxDays: 2, now })).toEqual({ built: 2, left: 4 });
    expect((await storyDays(db, { limit: 10 })).map((d) => d.day)).toEqual(['2024-10-25', '2024-10-24']);
    expect(await refreshStoryDays(db, world.loaded.config, { maxDays: 10, now })).toEqual({ built: 4, left: 0 });
    expect((await storyDays(db, { limit: 10 })).map((d) => d.day)).toHaveLength(6);
  });
  it('a page shows what was stored since it was last served (pages are cached until then)', async () => {
    expect(await (await fetch(`${world.base}/`)).text()).not.toContain('Envoys return to the capital');
    const later = path.join(world.home.dir, 'later.md');
    fs.writeFileSync(
      later,
      '---\ntitle: "Envoys return to the capital for a new round of truce talks"\noutlet: "Wire"\npublished: "2024-10-27T09:00:00Z"\n---\nQatari and Egyptian envoys returned to Cairo on Sunday for a new round of Gaza ceasefire talks with a Hamas delegation, officials said.\n',
    );
    await ingestFiles({ db: world.store.db, logger: createLogger({ level: 'silent' }), loaded: world.loaded, now: () => new Date('2024-10-27T10:00:00Z') }, [later]);
    expect(await (await fetch(`${world.base}/`)).text()).toContain('Envoys return to the capital');
  });
});
