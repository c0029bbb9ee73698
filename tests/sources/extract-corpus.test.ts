import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../src/sources/extract/article-text.ts';
import { extractArticle } from '../../src/sources/extract/index.ts';
import { parseDocument } from '../../src/sources/extract/parse-dom.ts';

/**
 * Mozilla Readability's 130 saved test pages (read from ../shared/corpora, never copied here):
 * how close parley's extracted text comes to the article Readability's own suite expects, by
 * token-level F1, and how often the title and byline agree with the expected metadata.
 *
 * Measured: 129 of 130 pages at F1 ≥ 0.9 (the one miss is a MathJax page whose formulas sit in
 * elements with a "menu" class: Readability 0.6.0 drops them with its own parser too; the expected
 * output comes from a later Readability), mean F1 0.993, titles 128/130, bylines 125/130 (where the
 * expected metadata has no byline, parley also reads the page's author link or meta, and finds one on
 * five pages). The thresholds sit just under that.
 */
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpora/readability-test-pages');
const present = fs.existsSync(corpus);

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function tokenF1(got: string[], expected: string[]): number {
  if (got.length === 0 && expected.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const token of expected) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of got) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / got.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

const same = (a: unknown, b: unknown) => {
  const norm = (value: unknown) => String(value ?? '').replace(/\s+/g, ' ').replace(/^by\s+/i, '').trim().toLowerCase();
  return norm(a) === norm(b);
};

describe.skipIf(!present)(present ? 'extraction over the Readability test pages' : `extraction over the Readability test pages (skipped: no corpus at ${corpus})`, () => {
  it('comes close to the expected article text on nearly every page, with no page failing or hanging', { timeout: 240_000 }, () => {
    const pages = fs.readdirSync(corpus).filter((name) => fs.existsSync(path.join(corpus, name, 'source.html'))).sort();
    const misses: string[] = [];
    let good = 0;
    let sum = 0;
    let titles = 0;
    let bylines = 0;
    let slowest = 0;
    for (const name of pages) {
      const read = (file: string) => fs.readFileSync(path.join(corpus, name, file), 'utf8');
      const expectedMeta = JSON.parse(read('expected-metadata.json')) as { title?: string; byline?: string };
      const started = performance.now();
      const article = extractArticle(read('source.html'), 'http://fakehost/test/page.html');
      slowest = Math.max(slowest, performance.now() - started);
      const expectedText = articleText(parseDocument(read('expected.html')).body as never);
      const f1 = tokenF1(tokens(article.text), tokens(expectedText));
      sum += f1;
      if (f1 >= 0.9) good++;
      else misses.push(`${name} (F1 ${f1.toFixed(2)})`);
      if (same(article.title, expectedMeta.title)) titles++;
      if (same(article.byline, expectedMeta.byline)) bylines++;
    }
    const n = pages.length;
    console.info(
      `readability pages: ${n}; F1 >= 0.9 on ${good} (${((100 * good) / n).toFixed(1)} %), mean F1 ${(sum / n).toFixed(3)}; ` +
        `titles ${titles}/${n}, bylines ${bylines}/${n}; slowest page ${slowest.toFixed(0)} ms; below 0.9: ${misses.join(', ') || 'none'}`,
    );
    expect(n).toBeGreaterThanOrEqual(130);
    expect(good / n).toBeGreaterThanOrEqual(0.98);
    expect(sum / n).toBeGreaterThanOrEqual(0.99);
    expect(titles / n).toBeGreaterThanOrEqual(0.97);
    expect(bylines / n).toBeGreaterThanOrEqual(0.95);
    // No page hangs. The largest (a 1 MB Wikipedia article) takes about 0.5 s alone, several times that
    // when the machine is busy, hence the margin.
    expect(slowest).toBeLessThan(15_000);
  });
});
