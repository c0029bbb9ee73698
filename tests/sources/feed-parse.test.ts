import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedItemToArticle, maxItemTextChars } from '../../src/sources/feed-article.ts';
import { FeedParseError, firstEntries, maxItemsPerFeed, parseFeed, readDate } from '../../src/sources/feed-parse.ts';
import { htmlToLine, htmlToText } from '../../src/sources/html-text.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'feeds');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const feedUrl = 'https://news.example.org/feed.xml';

async function parseError(xml: string): Promise<FeedParseError> {
  const error = await parseFeed(xml, feedUrl).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedParseError);
  return error as FeedParseError;
}

describe('parseFeed', () => {
  it('reads an RSS 2.0 feed: guid, resolved link, dates, content:encoded over description', async () => {
    const feed = await parseFeed(fixture('ceasefire-rss2.xml'), feedUrl);
    expect(feed.title).toBe('Mideast Desk & Wires');
    expect(feed.items).toHaveLength(3);
    const [cairo, qatar, delegations] = feed.items;
    expect(cairo).toMatchObject({
      guid: 'mideast-2024-0305-cairo',
      link: 'https://news.example.org/2024/03/05/cairo-talks',
      publishedAt: '2024-03-05T18:20:00.000Z',
      author: 'Desk staff',
      summaryHtml: 'Three days of talks in Cairo ended in deadlock.',
    });
    expect(cairo!.contentHtml).toContain('<p>Three days of talks');
    expect(qatar!.publishedAt).toBeNull();
    expect(delegations).toMatchObject({ guid: null, link: null, publishedAt: '2024-04-28T06:00:00.000Z' });
  });

  it('reads an Atom feed, and an entry with an unreadable date keeps its place without a date', async () => {
    const feed = await parseFeed(fixture('ceasefire-atom.xml'), feedUrl);
    expect(feed.title).toBe('Regional Wire');
    expect(feed.items.map((item) => item.guid)).toEqual(['tag:wire.example.net,2024:burns-doha', 'tag:wire.example.net,2024:broken-date']);
    expect(feed.items[0]).toMatchObject({ link: 'https://wire.example.net/2024/05/06/burns-doha', publishedAt: '2024-05-06T07:45:00.000Z', author: 'Wire staff' });
    expect(feed.items[1]!.publishedAt).toBeNull();
    expect(htmlToText(feed.items[1]!.contentHtml!)).toBe('Mediators met again in Doha.');
  });

  it('reads an RSS 1.0 (RDF) feed', async () => {
    const feed = await parseFeed(fixture('ceasefire-rdf.xml'), feedUrl);
    expect(feed.title).toBe('Old Gazette');
    expect(feed.items[0]).toMatchObject({ title: 'Doha round resumes', link: 'https://old.example.com/doha-round', publishedAt: '2024-08-15T10:00:00.000Z' });
  });

  it('refuses a billion-laughs document before parsing it', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ''};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
    const error = await parseError(laughs);
    expect(error.message).toBe(`${feedUrl}: refused: the feed declares entities in its DOCTYPE (entity expansion is not allowed)`);
  });

  it('refuses an external entity that would read a local file', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>';
    expect((await parseError(xxe)).message).toMatch(/declares entities/);
  });

  it('is not fooled by a tag inside a comment before the DOCTYPE', async () => {
    const sneaky = '<?xml version="1.0"?><!-- <rss> --><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title></channel></rss>';
    expect((await parseError(sneaky)).message).toMatch(/declares entities/);
  });

  it('accepts a DOCTYPE that declares no entities (RSS 0.91)', async () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><item><title>Talks resume</title><link>https://old.example.com/a</link></item></channel></rss>';
    expect((await parseFeed(xml, feedUrl)).items).toHaveLength(1);
  });

  it("reports malformed XML with the parser's reason", async () => {
    const error = await parseError(fixture('malformed.xml'));
    expect(error.message).toMatch(/^https:\/\/news\.example\.org\/feed\.xml: malformed XML: Unexpected close tag/);
  });

  it('says when the address serves a web page, or nothing', async () => {
    expect((await parseError(fixture('not-a-feed.html'))).message).toBe(`${feedUrl}: not a feed: the address serves an HTML page`);
    expect((await parseError('   ')).message).toBe(`${feedUrl}: not a feed: the response is empty`);
    expect((await parseError('<?xml version="1.0"?><opml><body/></opml>')).message).toMatch(/neither RSS nor Atom/);
  });

  it('drops links with other schemes than http and https', async () => {
    const xml = '<rss version="2.0"><channel><title>t</title><item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>';
    expect((await parseFeed(xml, feedUrl)).items[0]!.link).toBeNull();
  });
});

describe('readDate', () => {
  it('turns readable dates into ISO and anything else into null', () => {
    expect(readDate('Tue, 05 Mar 2024 12:00:00 GMT')).toBe('2024-03-05T12:00:00.000Z');
    expect(readDate('2024-05-06T07:45:00+02:00')).toBe('2024-05-06T05:45:00.000Z');
    expect(readDate('soon')).toBeNull();
    expect(readDate('275760-09-13')).toBeNull();
    expect(readDate(null)).toBeNull();
  });
});

describe('feedItemToArticle', () => {
  it('makes an article with clean text, a stable source key and the feed title as outlet', async () => {
    const feed = await parseFeed(fixture('ceasefire-rss2.xml'), feedUrl);
    const article = feedItemToArticle(feed, feed.items[0]!, feedUrl, 7);
    expect(article).toMatchObject({
      sourceKey: `${'feed:'}${feedUrl}#mideast-2024-0305-cairo`,
      kind: 'feed',
      url: 'https://news.example.org/2024/03/05/cairo-talks',
      feedId: 7,
      title: 'Cairo talks end without a deal as Ramadan nears',
      outlet: 'Mideast Desk & Wires',
      byline: 'Desk staff',
      language: 'en',
      publishedAt: '2024-03-05T18:20:00.000Z',
      summary: 'Three days of talks in Cairo ended in deadlock.',
    });
    expect(article.text).toBe(
      'Three days of talks in Cairo ended in deadlock days before Ramadan.\n\nHamas official Osama Hamdan said the group wants \u201ca permanent ceasefire\u201d and a full withdrawal.\n\nFollow the live page',
    );
  });

  it('strips markup from titles and descriptions, keys items without a guid by link, then by content', async () => {
    const feed = await parseFeed(fixture('ceasefire-rss2.xml'), feedUrl);
    const qatar = feedItemToArticle(feed, feed.items[1]!, feedUrl, null);
    expect(qatar.title).toBe('Qatar says talks essentially stalled');
    expect(qatar.text).toBe('Majed al-Ansari said talks were essentially stalled & Hamas would go to Cairo on Monday.');
    expect(qatar.sourceKey).toBe(`feed:${feedUrl}#https://news.example.org/2024/04/28/qatar-stalled`);
    const anonymous = feedItemToArticle(feed, feed.items[2]!, feedUrl, null);
    expect(anonymous.sourceKey).toMatch(/^feed:https:\/\/news\.example\.org\/feed\.xml#sha1:[0-9a-f]{40}$/);
    expect(feedItemToArticle(feed, feed.items[2]!, feedUrl, null).sourceKey).toBe(anonymous.sourceKey);
  });

  it('leaves no script, javascript: link or tag from Atom content', async () => {
    const feed = await parseFeed(fixture('ceasefire-atom.xml'), feedUrl);
    const article = feedItemToArticle(feed, feed.items[0]!, feedUrl, null);
    expect(article.title).toBe('Burns flies to Doha & Hamas leaves Cairo');
    expect(article.text).toBe('Hamas\'s delegation left Cairo on Sunday and is expected back on Tuesday.\n\nNetanyahu said: "Israel cannot accept that".\n\nmore');
  });

  it('falls back to the host name when the feed has no title', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><link>https://www.untitled.example/</link><item><title>x</title><description>y</description></item></channel></rss>', feedUrl);
    expect(feedItemToArticle(feed, feed.items[0]!, feedUrl, null).outlet).toBe('untitled.example');
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles, comments, event handlers and attribute values', () => {
    expect(htmlToText('Hi <script>alert(1)</script><style>p{}</style><!-- x --><a title="a>b" href="javascript:alert(2)" onclick="x()">there</a>')).toBe('Hi there');
  });

  it('drops markup that was escaped twice instead of showing it', () => {
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="javascript:alert(2)"&gt;click&lt;/a&gt; now')).toBe('click now');
  });

  it('drops script URLs written out as text, even obfuscated', () => {
    expect(htmlToText('see java&#x09;script:alert(1) and &#106;avascript:alert(2) here')).toBe('see and here');
  });

  it('keeps a less-than sign that starts no tag, and decodes references', () => {
    expect(htmlToText('5 < 6 &amp; AT&T &eacute;t&eacute; &#8220;ok&#8221;')).toBe('5 < 6 & AT&T été \u201cok\u201d');
  });

  it('keeps paragraphs and lines apart', () => {
    expect(htmlToText('<p>one<br>two</p><ul><li>a</li><li>b</li></ul><h2>c</h2>')).toBe('one\ntwo\n\na\nb\n\nc');
  });

  it('removes bidirectional overrides and control characters', () => {
    expect(htmlToLine('evil\u202Egnp.exe\u0007 title')).toBe('evilgnp.exe title');
  });

  it('stays linear on deeply nested, unterminated and repeated markup', () => {
    const started = Date.now();
    expect(htmlToText(`${'<div>'.repeat(200_000)}deep`)).toBe('deep');
    expect(htmlToText('<a '.repeat(100_000))).toBe('');
    expect(htmlToText('<a x="'.repeat(100_000))).toBe('');
    expect(htmlToText('<script>'.repeat(100_000))).toBe('');
    expect(htmlToText('<svg>'.repeat(100_000))).toBe('');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('parseFeed on structurally odd documents', () => {
  it('names an RSS document without a channel', async () => {
    const error = await parseFeed('<rss version="2.0"></rss>', 'https://odd.example/feed').catch((e: unknown) => e);
    expect((error as Error).message).toBe('https://odd.example/feed: malformed feed: an RSS document without a <channel>');
  });
});

describe('feedItemToArticle limits', () => {
  it('cuts an enormous item text at a paragraph near the limit', async () => {
    const paragraph = `<p>${'Negotiators met again in Doha on Thursday. '.repeat(20)}</p>`;
    const xml = `<rss version="2.0"><channel><title>Big</title><item><title>Long</title><description><![CDATA[${paragraph.repeat(300)}]]></description></item></channel></rss>`;
    const feed = await parseFeed(xml, 'https://big.example/feed');
    const article = feedItemToArticle(feed, feed.items[0]!, 'https://big.example/feed', null);
    expect(article.text.length).toBeLessThanOrEqual(maxItemTextChars);
    expect(article.text.length).toBeGreaterThan(maxItemTextChars - 1000);
    expect(article.text.endsWith('Thursday.')).toBe(true);
  });
});

describe('feeds with very many entries', () => {
  const rssItems = (n: number) => Array.from({ length: n }, (_, i) => `<item><title>Doha talks ${i}</title><link>https://many.example/${i}</link><description>Round ${i}</description></item>`).join('\n');
  const atomEntries = (n: number) => Array.from({ length: n }, (_, i) => `<entry><title>Doha talks ${i}</title><id>tag:many.example,2024:${i}</id><link href="https://many.example/${i}"/><content type="html">Round ${i}</content></entry>`).join('\n');

  it('reads only the first 500 entries of a 30,000-entry RSS or Atom archive, quickly', async () => {
    for (const xml of [
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title><link>https://many.example/</link><description>d</description>${rssItems(30_000)}</channel></rss>`,
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title>${atomEntries(30_000)}</feed>`,
    ]) {
      const started = Date.now();
      const feed = await parseFeed(xml, 'https://many.example/feed');
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(feed.title).toBe('Archive');
      expect(feed.items).toHaveLength(maxItemsPerFeed);
      expect(feed.items.at(-1)!.title).toBe('Doha talks 499');
    }
  });

  it('leaves a feed at or under the limit untouched', () => {
    const xml = `<rss version="2.0"><channel><title>t</title>${rssItems(500)}</channel></rss>`;
    expect(firstEntries(xml, 500)).toBe(xml);
    expect(firstEntries(`<rdf:RDF><channel/>${rssItems(3)}</rdf:RDF>`, 2)).toMatch(/Doha talks 1<\/title>.*<\/item><\/rdf:RDF>$/s);
  });
});
