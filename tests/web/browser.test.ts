import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webWorld, type WebWorld } from './support.ts';

/**
 * The pages in a real browser: Debian's chromium (`.ci/run` installs it), driven by playwright-core,
 * which uses that binary and never downloads one. Without chromium the tests are skipped, saying
 * why, except under CI (`CI=true`), where a missing browser fails the run.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
const skipReason = `${CHROMIUM} not found: browser tests skipped (apt-get install chromium; .ci/run does)`;
// Chromium reaches out to Google for updates, sync and field trials unless told not to.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const screenshotDir = path.join(os.tmpdir(), 'parley-web-screenshots');

if (!available) {
  if (process.env.CI === 'true') {
    it('has chromium to test the pages in (CI=true)', () => {
      throw new Error(`${CHROMIUM} not found; .ci/run installs it with apt-get install chromium`);
    });
  } else {
    process.stderr.write(`${skipReason}\n`);
  }
}

interface Watch {
  offLoopback: string[];
  consoleErrors: string[];
  dialogs: string[];
}

describe.skipIf(!available)('the story on the web, in chromium', () => {
  let world: WebWorld;
  let browser: Browser;
  let strict: BrowserContext;
  const watch: Watch = { offLoopback: [], consoleErrors: [], dialogs: [] };

  beforeAll(async () => {
    world = await webWorld();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    strict = await watched(browser, watch, { bypassCSP: false });
    fs.mkdirSync(screenshotDir, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens a page in the CSP-enforcing context; with a name, takes a full-page screenshot of it. */
  async function open(pathname: string, screenshot: string | null, viewport = { width: 1000, height: 900 }): Promise<Page> {
    const page = await strict.newPage();
    await page.setViewportSize(viewport);
    const response = await page.goto(`${world.base}${pathname}`);
    expect(response?.status()).toBe(200);
    if (screenshot) await page.screenshot({ path: path.join(screenshotDir, `${screenshot}.png`), fullPage: true });
    return page;
  }

  it('the story page shows the developments by day, with quotes, speakers and source links', async () => {
    const page = await open('/', 'story');
    expect(await page.locator('h1').innerText()).toContain('Gaza ceasefire negotiations');
    const days = await page.locator('section.day h2 time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
    expect(days).toEqual(['2024-10-25', '2024-10-24', '2024-08-15', '2024-05-05', '2024-04-28', '2024-03-05']);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Blinken');
    expect(text).toContain('Antony Blinken');
    expect(text).toMatch(/Hamas delegation/);
    expect(await page.locator('figure.quote').count()).toBeGreaterThan(3);
    const links = await page.locator('.sources a').evaluateAll((nodes) => nodes.map((n) => (n as HTMLAnchorElement).href));
    expect(links).toContain('https://news.example.org/2024/10/25/cairo-round');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('draws the figures as charts whose every point links to its source or its day', async () => {
    const page = await open('/', null);
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBeGreaterThan(0);
    const killed = page.locator('section.figure', { has: page.locator('h3', { hasText: /^people killed$/ }) });
    const points = killed.locator('svg.chart a');
    expect(await points.count()).toBe(2);
    expect(await killed.locator('svg.chart polyline').count()).toBe(1);
    expect(await killed.locator('table tbody tr').count()).toBe(2);
    expect(await killed.locator('table').innerText()).toContain('34,683');
    const box = await killed.locator('svg.chart circle.point').first().boundingBox();
    expect(box && box.width > 4).toBe(true);
    const hrefs = await page.locator('svg.chart a').evaluateAll((nodes) => nodes.map((n) => (n as SVGAElement).href.baseVal));
    for (const href of hrefs) {
      const url = new URL(href, `${world.base}/`);
      if (url.origin === world.base) expect((await fetch(url)).status, href).toBe(200);
      else expect(url.protocol).toBe('https:');
    }
    await page.close();
  });

  it('renders the hostile article inert: no script runs, no handler, no dialog, no javascript: link', async () => {
    for (const [pathname, screenshot] of [['/', null], [`/digests/${world.digestId}/`, null], ['/days/2024-10-25/', 'day-2024-10-25']] as const) {
      const page = await open(pathname, screenshot);
      expect(await page.locator('main').innerText()).toContain("<script>window.parleyHacked = 'title'</script>");
      expect(await page.evaluate(() => ({ scripts: document.scripts.length, hacked: (window as { parleyHacked?: unknown }).parleyHacked ?? null }))).toEqual({ scripts: 0, hacked: null });
      expect(await page.locator('img').count()).toBe(0);
      const handlers = await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => a.name.startsWith('on')).map((a) => a.name)));
      expect(handlers).toEqual([]);
      const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.filter((href) => !/^(https?:\/\/|\.\/|\.\.\/|#)/.test(href))).toEqual([]);
      await page.close();
    }
    expect(watch.dialogs).toEqual([]);
  });

  it('a digest page shows the digest as posted: headline, figures with their change, quotes, sources, no channel', async () => {
    const page = await open(`/digests/${world.digestId}/`, 'digest');
    const main = await page.locator('main').innerText();
    const row = await world.store.db.selectFrom('digests').select('model').where('public_id', '=', world.digestId).executeTakeFirstOrThrow();
    const model = JSON.parse(row.model) as { headline: string; channel: string; updates: { summary: string }[] };
    expect(await page.locator('h1').innerText()).toBe(model.headline);
    for (const update of model.updates) expect(main).toContain(update.summary.slice(0, 40));
    expect(main).toMatch(/people killed/);
    expect(await page.locator('figure.quote').count()).toBeGreaterThan(0);
    expect(main).not.toContain(model.channel === 'console' ? 'console' : model.channel);
    expect(await page.locator('svg.chart a').count()).toBeGreaterThan(0);
    // Each figure's own sentence, on demand.
    const evidence = page.locator('.figure-lines details.evidence').first();
    expect(await evidence.locator('summary').innerText()).toBe('Where it says so');
    expect(await evidence.locator('blockquote').textContent()).toMatch(/\d/);
    // What the digest left out, from the reasons kept with it.
    expect(await page.locator('a[href="#left-out"]').count()).toBe(1);
    expect(await page.locator('#left-out h2').innerText()).toBe('What was left out, and why');
    expect(await page.locator('#left-out li').count()).toBeGreaterThan(0);
    const png = await fetch(`${world.base}/digests/${world.digestId}/figures.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    await page.close();
  });

  it('reads on a phone: no sideways scrolling', async () => {
    const page = await open('/', 'story-phone', { width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('axe finds no serious or critical accessibility violation on any page', async () => {
    // axe is a script, which the pages' CSP forbids: it runs in a context that bypasses the CSP.
    const audit = await watched(browser, { offLoopback: watch.offLoopback, consoleErrors: [], dialogs: watch.dialogs }, { bypassCSP: true });
    for (const pathname of ['/', '/days/2024-05-05/', `/digests/${world.digestId}/`]) {
      const page = await audit.newPage();
      await page.goto(`${world.base}${pathname}`);
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), pathname).toEqual([]);
      await page.close();
    }
    await audit.close();
  });

  it('nothing the pages load leaves 127.0.0.1, and no page logs an error', () => {
    expect(watch.offLoopback).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});

/** A browser context that refuses and records every request off loopback, console errors and dialogs. */
async function watched(browser: Browser, watch: Watch, options: { bypassCSP: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ bypassCSP: options.bypassCSP, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    watch.offLoopback.push(url.href);
    return route.abort();
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') watch.consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => watch.consoleErrors.push(`${page.url()}: ${error.message}`));
    page.on('dialog', (dialog) => {
      watch.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  return context;
}
