import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/logger.ts';
import type { IngestContext } from '../../src/sources/context.ts';
import { readArticleFile } from '../../src/sources/files.ts';
import { ingestFiles } from '../../src/sources/ingest-files.ts';
import { openTestStore, pgSkipReason, storeVariants, type TestStore } from '../support/stores.ts';

const root = path.resolve(import.meta.dirname, '../..');
const articlesDir = path.join(root, 'articles');
const fixtures = path.join(root, 'tests/fixtures/files');
const junk = /^(Source link|Leave a Comment|Related Article|Read more:.*)$/m;

describe('ingesting article files', () => {
  let store: TestStore;
  let ctx: IngestContext;
  let tmp: string;

  beforeEach(async () => {
    store = await openTestStore();
    ctx = {
      db: store.db,
      logger: createLogger({ level: 'silent' }),
      loaded: loadConfig({ env: {} }),
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
  });
  afterEach(async () => {
    await store.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const articles = () => store.db.selectFrom('articles').selectAll().orderBy('seq').execute();

  it('stores the five bundled articles with clean text, honest titles and their publication dates', async () => {
    const result = await ingestFiles(ctx, [articlesDir]);
    expect(result).toEqual({ inserted: 5, updated: 0, unchanged: 0, skipped: [] });

    const rows = await articles();
    const byName = Object.fromEntries(rows.map((row) => [path.basename(row.file!), row]));
    expect(byName['000_5a2e8b34d8c26dee.txt']).toMatchObject({
      title: "Differences 'remain big' between parties negotiating Gaza ceasefire",
      outlet: 'Al Mayadeen English',
      published_at: '2024-08-15T00:00:00.000Z',
    });
    expect(byName['002_039d43544ed2b9ad.txt']!.title).toBe("Blinken says Gaza truce negotiators to meet 'in coming days'");
    // No title line: the first line is body text and stays in the body.
    expect(byName['003_2a476322d3cd4e28.txt']!.title).toBeNull();
    expect(byName['003_2a476322d3cd4e28.txt']!.text).toMatch(/^A high-ranking Qatari official has called on both Israel and Hamas/);
    expect(byName['004_01f7d1bb75bbb616.txt']).toMatchObject({
      title: 'Hamas delegation leaves Cairo, Gaza ceasefire talks at critical stage',
      outlet: 'Al Jazeera',
      published_at: '2024-05-05T00:00:00.000Z',
    });
    expect(byName['001_6ed0e237774ce991.txt']!.title!.length).toBeLessThan(160);

    for (const row of rows) {
      expect(row.text, row.file!).not.toMatch(junk);
      expect(row.text).not.toContain(row.title ?? '\u0000');
      expect(row.file).toMatch(/^articles\//);
    }
    // The quotes the digest needs survive cleaning verbatim.
    expect(byName['004_01f7d1bb75bbb616.txt']!.text).toContain('“Israel cannot accept that,” he said.');
    // Stored oldest first: the ingest sequence follows the story.
    expect(rows.map((row) => row.published_at)).toEqual([...rows.map((row) => row.published_at)].sort());
  });

  it('re-ingesting the same files changes nothing', async () => {
    await ingestFiles(ctx, [articlesDir]);
    const before = await articles();
    const again = await ingestFiles(ctx, [articlesDir]);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 5, skipped: [] });
    expect(await articles()).toEqual(before);
  });

  it('an edited file updates its article instead of adding a second one', async () => {
    const file = path.join(tmp, 'cairo.md');
    fs.writeFileSync(file, '---\npublished: 2024-05-05\n---\n# Talks resume in Cairo\n\nDelegations met on Sunday, officials said.\n');
    expect((await ingestFiles(ctx, [tmp])).inserted).toBe(1);
    const [first] = await articles();

    fs.writeFileSync(file, '---\npublished: 2024-05-05\n---\n# Talks resume in Cairo\n\nDelegations met on Sunday and again on Monday, officials said.\n');
    expect(await ingestFiles(ctx, [tmp])).toEqual({ inserted: 0, updated: 1, unchanged: 0, skipped: [] });
    const rows = await articles();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(first!.id);
    expect(rows[0]!.seq).toBeGreaterThan(first!.seq);
    expect(rows[0]!.text).toBe('Delegations met on Sunday and again on Monday, officials said.');
  });

  it('reports each bad file by name and reason and still ingests the good ones', async () => {
    const mixed = path.join(tmp, 'mixed');
    fs.cpSync(path.join(fixtures, 'mixed'), mixed, { recursive: true });
    // Over the 5 MB limit: written here rather than kept in the repository.
    fs.writeFileSync(path.join(mixed, 'archive-dump.txt'), 'Talks continue in Doha. '.repeat(230_000));

    const result = await ingestFiles(ctx, [mixed]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [path.basename(s.file), s.reason]));
    expect(reasons).toEqual({
      'archive-dump.txt': expect.stringMatching(/too large \(5\.3 MB; the limit is 5 MB\)/),
      'bad-yaml.md': expect.stringMatching(/^front matter is not valid YAML: /),
      'bad-date.md': expect.stringMatching(/^front matter: published: expected a date such as 2024-05-05.*got "last Sunday"/),
      'empty.md': 'empty file',
      'latin1-briefing.txt': 'not valid UTF-8 text (save it as UTF-8)',
      'photo-caption.txt': 'binary file, not text',
    });
    expect(result.skipped.every((s) => s.file.includes('mixed'))).toBe(true);
    expect(result.inserted).toBe(2);

    const rows = await articles();
    const doha = rows.find((row) => row.file!.endsWith('doha-round.md'))!;
    expect(doha).toMatchObject({
      title: 'Negotiators return to Doha for a new round of ceasefire talks',
      outlet: 'Example Wire',
      url: 'https://example.org/world/doha-round',
      published_at: '2024-08-16T09:30:00.000Z',
      language: 'en',
    });
    expect(doha.text.split('\n\n')).toEqual([
      'Negotiators from Qatar, Egypt and the United States returned to Doha on Friday for a second day of talks, officials said.',
      '"The gaps have narrowed but they remain," a Qatari official told reporters, adding that both delegations were expected to stay through the weekend.',
      'Mediators will present a bridging proposal to both sides, two Egyptian officials said.',
    ]);
  });

  it('reads .html files as paragraphs, without scripts, styles or page junk', async () => {
    const article = await readArticleFile(path.join(fixtures, 'mixed/cairo-briefing.html'));
    expect(article).toMatchObject({
      title: 'Cairo briefing: mediators wait for answers',
      outlet: 'Example News',
      language: 'en',
      publishedAt: '2024-04-29T14:00:00.000Z',
    });
    expect(article.text).toContain('“We expect a response within days,” an Egyptian official told the state broadcaster.');
    expect(article.text).not.toMatch(/tracker|injected|color: red|Related Article/);
    expect(article.text.split('\n\n')).toContain('Egyptian mediators said on Monday they were waiting for answers from both delegations.');
  });

  it('keeps the canonical URL and byline of a saved page, so the same page from a feed is stored once', async () => {
    const article = await readArticleFile(path.join(fixtures, 'saved-pages/doha-round-saved.html'));
    expect(article).toMatchObject({
      title: 'Mediators set out a timetable in Doha',
      url: 'https://news.example.org/world/2024/08/16/doha-timetable',
      canonicalUrl: 'https://news.example.org/world/2024/08/16/doha-timetable',
      byline: expect.stringContaining('Layla Haddad'),
    });
  });

  it('refuses a saved cookie-consent page as not an article, naming the file', async () => {
    const file = path.join(tmp, 'consent.html');
    fs.copyFileSync(path.resolve(fixtures, '../pages/consent-wall.html'), file);
    await expect(readArticleFile(file)).rejects.toThrow(/consent\.html: not an article: .*consent/);
  });

  it('dates a file without a publication date by its modification time', async () => {
    const file = path.join(tmp, 'briefing.txt');
    fs.writeFileSync(file, 'Mediators meet again\nQatari and Egyptian mediators met on Tuesday, officials said.\n');
    const modified = new Date('2024-06-01T12:00:00Z');
    fs.utimesSync(file, modified, modified);
    const article = await readArticleFile(file);
    expect(article.publishedAt).toBe(modified.toISOString());
    expect(article.title).toBe('Mediators meet again');
  });

  it('reads Markdown: the leading heading is the title, markup is dropped, Windows line ends are fine', async () => {
    const file = path.join(tmp, 'rafah.md');
    const markdown = [
      '---',
      'outlet: Example Wire',
      '---',
      '# Talks move to *Cairo*',
      'Delegations from [Qatar](https://example.org/qatar) and Egypt met on **Sunday**, officials said.',
      '## Rafah',
      'Israel says it will not enter Rafah before hearing US views.',
      '',
    ].join('\r\n');
    fs.writeFileSync(file, markdown);
    const article = await readArticleFile(file);
    expect(article.title).toBe('Talks move to Cairo');
    expect(article.outlet).toBe('Example Wire');
    expect(article.text.split('\n\n')).toEqual([
      'Delegations from Qatar and Egypt met on Sunday, officials said.',
      'Rafah',
      'Israel says it will not enter Rafah before hearing US views.',
    ]);
  });

  it('a file dated by its modification time is unchanged after a touch', async () => {
    const file = path.join(tmp, 'briefing.txt');
    fs.writeFileSync(file, 'Mediators meet again\nQatari and Egyptian mediators met on Tuesday, officials said.\n');
    fs.utimesSync(file, new Date('2024-06-01T12:00:00Z'), new Date('2024-06-01T12:00:00Z'));
    await ingestFiles(ctx, [tmp]);
    fs.utimesSync(file, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    expect(await ingestFiles(ctx, [tmp])).toEqual({ inserted: 0, updated: 0, unchanged: 1, skipped: [] });
    expect((await articles())[0]!.published_at).toBe('2024-06-01T12:00:00.000Z');
  });

  it('names a missing path and a file that is not an article', async () => {
    const other = path.join(tmp, 'notes.pdf');
    fs.writeFileSync(other, '%PDF-1.4');
    const result = await ingestFiles(ctx, [path.join(tmp, 'nowhere'), other]);
    expect(result.skipped).toEqual([
      { file: path.join(tmp, 'nowhere'), reason: 'not found' },
      { file: other, reason: 'not an article file (expected .txt, .md or .html)' },
    ]);
  });
});

describe.each(storeVariants)('re-ingesting on $name', (variant) => {
  let store: TestStore;
  let tmp: string;
  beforeEach(async (context) => {
    if (!variant.enabled) context.skip(pgSkipReason);
    store = await variant.open();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
  });
  afterEach(async () => {
    await store?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stores each file once, and an edit as an update of the same article', async () => {
    const ctx: IngestContext = { db: store.db, logger: createLogger({ level: 'silent' }), loaded: loadConfig({ env: {} }), now: () => new Date() };
    fs.cpSync(articlesDir, tmp, { recursive: true });
    expect(await ingestFiles(ctx, [tmp])).toEqual({ inserted: 5, updated: 0, unchanged: 0, skipped: [] });
    expect(await ingestFiles(ctx, [tmp])).toEqual({ inserted: 0, updated: 0, unchanged: 5, skipped: [] });

    const file = path.join(tmp, '003_2a476322d3cd4e28.txt');
    fs.appendFileSync(file, '\nQatar said on Sunday that talks would resume in Cairo on Monday.\n');
    expect(await ingestFiles(ctx, [tmp])).toEqual({ inserted: 0, updated: 1, unchanged: 4, skipped: [] });
    const rows = await store.db.selectFrom('articles').select(['file', 'text']).execute();
    expect(rows).toHaveLength(5);
    expect(rows.find((row) => row.file!.endsWith('003_2a476322d3cd4e28.txt'))!.text).toMatch(/talks would resume in Cairo on Monday\.$/);
  });
});
