import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, judgePage, maxPageDepth, maxPageElements } from '../../src/sources/extract/index.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pages', name), 'utf8');
const newsUrl = 'https://news.example.org/world/2024/05/05/hamas-delegation-leaves-cairo?utm_source=rss&utm_medium=feed';

describe('reading an article out of a news page', () => {
  const page = fixture('news-with-boilerplate.html');
  const article = extractArticle(page, newsUrl);

  it('finds the title, byline, publication time, language, site name and canonical URL', () => {
    expect(article.title).toBe('Hamas delegation leaves Cairo as ceasefire talks reach critical stage');
    expect(article.byline).toBe('Amal Haddad');
    expect(article.publishedAt).toBe('2024-05-05T18:40:00.000Z');
    expect(article.language).toBe('en-GB');
    expect(article.siteName).toBe('Harbour Dispatch');
    expect(article.canonicalUrl).toBe('https://news.example.org/world/2024/05/05/hamas-delegation-leaves-cairo');
  });

  it('keeps every body paragraph, separated by a blank line, with its quotation marks', () => {
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^Negotiations over a possible ceasefire in Gaza/);
    expect(paragraphs).toContain('“Israel cannot accept that,” he said.');
    expect(article.text).toContain('“The argument from the Israeli side is that the most Hamas can get');
    expect(paragraphs.at(-1)).toBe('Gaza’s Health Ministry says at least 34,683 people have been killed and 78,018 injured since October 7.');
    expect(paragraphs).toHaveLength(9);
    expect(article.length).toBe(article.text.length);
  });

  it.each([
    ['the cookie banner', 'We use cookies'],
    ['the navigation', 'Business'],
    ['the share buttons', 'Share on Facebook'],
    ['the photo caption', 'Delegates arrive for talks'],
    ['the newsletter box', 'Sign up for our Middle East newsletter'],
    ['the "read more" line', 'Read more:'],
    ['the advertisement label', 'Advertisement'],
    ['the "continue reading" prompt', 'Continue reading'],
    ['the related stories', 'Rafah residents told to prepare'],
    ['the most-read list', 'harbour derby'],
    ['the comments', 'Great reporting'],
    ['the footer', 'All rights reserved'],
  ])('leaves out %s', (_what, junk) => {
    expect(article.text).not.toContain(junk);
  });

  it('judges the page readable', () => {
    expect(judgePage(page, article, 500)).toEqual({ readable: true });
  });
});

describe('pages that are not the article', () => {
  it.each([
    ['consent-wall.html', 'consent_wall'],
    ['paywall.html', 'paywall'],
    ['script-only.html', 'script_only'],
  ])('%s is judged unreadable as %s', (name, reason) => {
    const html = fixture(name);
    const verdict = judgePage(html, extractArticle(html, 'https://example.com/story'), 500);
    expect(verdict).toMatchObject({ readable: false, reason });
  });

  it('never treats a long consent notice as an article, even when it passes the length threshold', () => {
    const html = fixture('consent-wall.html');
    const article = extractArticle(html, 'https://example.com/story');
    expect(judgePage(html, article, 100)).toMatchObject({ readable: false, reason: 'consent_wall' });
  });

  it('takes a paywalled page showing a few paragraphs for a teaser, and a marked page with the whole text for the article', () => {
    const paragraph = '<p>Negotiators returned to Doha on Thursday with a bridging proposal that mediators hope will close the remaining gaps.</p>';
    const teaser = `<html><body><article><h1>Inside the Doha round</h1>${paragraph.repeat(4)}<p>Subscribe to continue reading.</p></article></body></html>`;
    expect(judgePage(teaser, extractArticle(teaser, null), 250)).toMatchObject({ readable: false, reason: 'paywall' });
    const metered = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script></head><body><article>${paragraph.repeat(20)}</article></body></html>`;
    expect(judgePage(metered, extractArticle(metered, null), 250)).toEqual({ readable: true });
  });

  it('calls a page with only a few sentences too short, saying how short', () => {
    const html = '<html><body><article><h1>Talks resume</h1><p>Talks resume in Doha on Friday, officials said.</p></article></body></html>';
    const verdict = judgePage(html, extractArticle(html, null), 500);
    expect(verdict).toMatchObject({ readable: false, reason: 'too_short' });
    expect(verdict.readable === false && verdict.detail).toMatch(/fewer than the 500 required/);
  });
});

describe('page metadata', () => {
  const body = '<p>' + 'Mediators in Doha said the talks would continue on Friday after a long day of meetings. '.repeat(8) + '</p>';

  it('reads og:url when the page has no canonical link, and resolves a relative canonical link against <base>', () => {
    const og = extractArticle(`<html><head><meta property="og:url" content="https://wire.example/a/1"></head><body>${body}</body></html>`, 'https://mirror.example/x?id=1');
    expect(og.canonicalUrl).toBe('https://wire.example/a/1');
    const based = extractArticle(`<html><head><base href="https://wire.example/world/"><link rel="canonical" href="talks-resume"></head><body>${body}</body></html>`, 'https://wire.example/p?id=1');
    expect(based.canonicalUrl).toBe('https://wire.example/world/talks-resume');
  });

  it('ignores a canonical link that points an article at the home page', () => {
    const article = extractArticle(`<html><head><link rel="canonical" href="https://wire.example/"></head><body>${body}</body></html>`, 'https://wire.example/world/talks-resume');
    expect(article.canonicalUrl).toBeNull();
  });

  it('takes the publication time from <time datetime> when no meta tag gives it, and ignores values that are not dates', () => {
    const timed = extractArticle(`<html><body><article><time datetime="2024-08-15T09:00:00+02:00">Thursday</time>${body}</article></body></html>`, null);
    expect(timed.publishedAt).toBe('2024-08-15T07:00:00.000Z');
    const bad = extractArticle(`<html><head><meta property="article:published_time" content="yesterday"></head><body>${body}</body></html>`, null);
    expect(bad.publishedAt).toBeNull();
  });

  it('refuses a page with more elements than any article page has', () => {
    const html = `<html><body>${'<span>x</span>'.repeat(maxPageElements + 10)}</body></html>`;
    expect(() => extractArticle(html, null)).toThrow(/^the page has more than the 50000 elements /);
  });

  it('refuses at once a page nested deeper than any article page is, instead of reading it for minutes', () => {
    const nested = (depth: number) => `<html><body>${'<div>'.repeat(depth)}<p>${'Talks resumed in Doha. '.repeat(40)}</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(extractArticle(nested(maxPageDepth - 10), null).text).toMatch(/^Talks resumed in Doha/);
    const started = performance.now();
    expect(() => extractArticle(nested(20_000), null)).toThrow(/nests elements more than 200 deep/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reads a fragment without <html> or <body> and a page with no article without failing', () => {
    const fragment = extractArticle(`<title>Talks resume</title>${body}`, null);
    expect(fragment.text).toMatch(/^Mediators in Doha/);
    for (const junk of ['', 'plain words', '<<<>>>', '\u0000\u0001binary', '<html><body></body></html>']) {
      const article = extractArticle(junk, null);
      expect(article.length).toBe(article.text.length);
    }
  });
});
