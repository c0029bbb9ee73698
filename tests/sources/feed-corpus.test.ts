import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/index.ts';
import { decodeText } from '../../src/sources/charset.ts';
import { feedItemToArticle, outletName } from '../../src/sources/feed-article.ts';
import { FeedParseError, parseFeed } from '../../src/sources/feed-parse.ts';

// The feed test documents of the Universal Feed Parser project, read in place (never copied here).
const corpus = path.resolve(projectRoot, '..', 'shared', 'corpora', 'feedparser-tests');
const present = fs.existsSync(corpus);
const feedUrl = 'http://127.0.0.1/feed.xml';

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return corpusFiles(file);
    return file.endsWith('.xml') ? [file] : [];
  });
}

/** The Content-Type a case asks its server to send, from its `Header:` comment line. */
function declaredContentType(raw: Buffer): string | null {
  return /^Header:\s*Content-type:\s*(.+)$/im.exec(raw.subarray(0, 1024).toString('latin1'))?.[1]?.trim() ?? null;
}

describe.skipIf(!present)('the feedparser corpus (../shared/corpora/feedparser-tests)', () => {
  it('reads every document or rejects it with a one-line reason, quickly, leaving no markup or script in any article', async () => {
    const files = corpusFiles(corpus);
    expect(files.length).toBeGreaterThan(2000);
    const started = Date.now();
    let read = 0;
    const rejected: string[] = [];
    const leaks: string[] = [];
    for (const file of files) {
      const raw = fs.readFileSync(file);
      const name = path.relative(corpus, file);
      try {
        const feed = await parseFeed(decodeText(raw, declaredContentType(raw) ?? 'application/xml'), feedUrl);
        read++;
        for (const item of feed.items) {
          const article = feedItemToArticle(feed, item, feedUrl, null);
          const fields = [article.title, article.text, article.summary, article.outlet, article.byline].join('\n');
          if (/<script|javascript:|vbscript:|<\/?[a-z][^>]*>|on(error|load|click)\s*=/i.test(fields)) leaks.push(`${name}: ${fields.slice(0, 120)}`);
          if (article.url !== null) expect(article.url).toMatch(/^https?:\/\//);
        }
      } catch (error) {
        expect(error, name).toBeInstanceOf(FeedParseError);
        const message = (error as FeedParseError).message;
        expect(message.startsWith(`${feedUrl}: `), name).toBe(true);
        expect(message, name).not.toContain('\n');
        rejected.push(name);
      }
    }
    expect(leaks).toEqual([]);
    expect(read).toBeGreaterThan(1900);
    // What is rejected is the ill-formed section, documents that are not feeds, and entity declarations.
    expect(rejected.length).toBeLessThan(120);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('reduces the sanitising cases to the text feedparser keeps', async () => {
    const dir = path.join(corpus, 'wellformed', 'sanitize');
    let compared = 0;
    const differences: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      const raw = fs.readFileSync(path.join(dir, name));
      const expectation = /Expect:\s*(.*)/.exec(raw.toString('latin1'))?.[1]?.trim() ?? '';
      // Only plain-text expectations: feedparser keeps safe markup, parley keeps none.
      const match = /^not bozo and (?:entries\[0\]\['(title|summary|description|content)'\]|feed\['(title)'\]) == u?'([^'\\<&]*)'$/.exec(expectation);
      if (!match) continue;
      const feed = await parseFeed(decodeText(raw, null), feedUrl);
      const wanted = match[3]!.replace(/\s+/g, ' ').trim();
      let got: string | null | undefined;
      if (match[2]) got = outletName(feed, feedUrl);
      else {
        const item = feed.items[0];
        if (!item) continue; // elements rss-parser does not read (xhtml:body, fullitem)
        const article = feedItemToArticle(feed, item, feedUrl, null);
        got = match[1] === 'title' ? article.title : match[1] === 'content' ? article.text : (article.summary ?? article.text);
      }
      compared++;
      if ((got ?? '').replace(/\s+/g, ' ').trim() !== wanted) differences.push(`${name}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`);
    }
    expect(compared).toBeGreaterThan(40);
    // Two known, harmless differences: rss-parser does not decode old Atom 0.3 base64 content (it
    // stays as text), and an unterminated `<!--` hides the rest of the text, as it does in a browser.
    const known = ['entry_summary_script_base64.xml', 'xml_malicious_comment.xml'];
    expect(differences.filter((line) => !known.some((name) => line.startsWith(`${name}:`)))).toEqual([]);
  });
});

if (!present) {
  describe('the feedparser corpus', () => {
    it.skip(`skipped: ${corpus} is absent (it sits beside the repository in a full checkout)`, () => {});
  });
}
