import { parseHTML } from 'linkedom';
import { renderToStaticMarkup } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Digest, SourceRef } from '../../src/digest/index.ts';
import { newPublicId } from '../../src/store/index.ts';
import { Chart, stackedChartsSvg } from '../../src/web/chart.tsx';
import { chartPng } from '../../src/web/chart-png.ts';
import { figureSeries } from '../../src/web/figure-series.ts';
import { DigestPage, renderHtml, StoryPage, type Site } from '../../src/web/pages.tsx';

const site: Site = { rel: './', lang: 'en', topicName: 'Gaza <b>ceasefire</b> negotiations' };
const evil = `<script>alert(1)</script><img src=x onerror="alert(2)">"'&`;

function source(id: string, url: string | null, published = '2024-05-05T00:00:00.000Z'): SourceRef {
  return { id, title: `Title ${evil}`, outlet: `Outlet ${evil}`, url, file: null, published };
}

const hostileDigest: Digest = {
  channel: 'C0PRIVATE-war-room',
  topic: 'gaza-ceasefire-talks',
  since: '2024-05-01T00:00:00.000Z',
  until: '2024-05-06T08:00:00.000Z',
  headline: `Talks resume ${evil}`,
  updates: [
    {
      summary: `Delegations return ${evil}`,
      quotes: [
        { text: `We will not sign ${evil}`, speaker: `Osama ${evil}`, source: source('1', 'javascript:alert(3)') },
        { text: 'Nothing is agreed', speaker: null, source: source('2', 'https://news.example.org/a?x="><script>') },
      ],
      sources: [source('1', 'javascript:alert(3)'), source('2', 'https://news.example.org/a?x="><script>'), source('3', 'data:text/html,<script>alert(4)</script>'), source('4', 'vbscript:msgbox')],
    },
  ],
  figures: [{ label: `killed in Gaza ${evil}`, value: 34683, previous: 30000, source: source('1', 'javascript:alert(5)') }],
  background: [`Background ${evil}`],
  stats: { articles: 3, duplicates: 1, offTopic: 0 },
};

/** Every element and attribute name in the HTML, as an HTML parser builds them. */
function tagsAndAttributes(html: string): { tags: string[]; attributes: string[]; hrefs: string[] } {
  const { document } = parseHTML(html);
  const elements = Array.from(document.querySelectorAll('*'));
  return {
    tags: elements.map((el) => el.localName),
    attributes: elements.flatMap((el) => Array.from(el.attributes).map((a) => a.name.toLowerCase())),
    hrefs: elements.map((el) => el.getAttribute('href')).filter((href): href is string => href !== null),
  };
}

describe('pages escape everything an article brings', () => {
  const series = figureSeries([
    { day: '2024-05-01', figures: [{ ...hostileDigest.figures[0]!, value: 30000 }] },
    { day: '2024-05-05', figures: hostileDigest.figures },
  ]);
  const pages = {
    digest: renderHtml(<DigestPage site={site} digest={hostileDigest} series={series} />),
    story: renderHtml(<StoryPage site={site} data={{ days: [{ day: '2024-05-05', updates: hostileDigest.updates, figures: hostileDigest.figures }], series, earlier: ['2024-05-01'] }} />),
  };

  for (const [name, html] of Object.entries(pages)) {
    it(`${name} page: no script or img element, no event handler, no javascript:, data: or vbscript: link`, () => {
      const { tags, attributes, hrefs } = tagsAndAttributes(html);
      expect(tags).toContain('blockquote');
      expect(tags).not.toContain('script');
      expect(tags).not.toContain('img');
      expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
      expect(attributes).not.toContain('style');
      expect(hrefs.length).toBeGreaterThan(0);
      expect(hrefs.filter((href) => !/^(https?:\/\/|\.\/|\.\.\/)/.test(href))).toEqual([]);
      // The hostile text is there, as text.
      expect(html).toContain('&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=&quot;alert(2)&quot;>');
    });
  }

  it('links a source only to its own http(s) address, escaped in the attribute', () => {
    expect(pages.digest).toContain('href="https://news.example.org/a?x=%22%3E%3Cscript%3E"');
    expect(pages.digest).not.toContain('alert(3)"');
  });

  it('never names the channel a digest was posted to', () => {
    expect(pages.digest).not.toContain('C0PRIVATE');
    expect(pages.digest).not.toContain('war-room');
  });

  it('says who spoke, or that the quote is unattributed, never the outlet as speaker', () => {
    expect(pages.digest).toMatch(/<span class="speaker">Osama &lt;script>/);
    expect(pages.digest).toContain('<em>unattributed</em>, quoted in ');
  });

  it('a page has its language, a viewport, its stylesheet as a file and no inline style', () => {
    expect(pages.story).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(pages.story).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(pages.story).toContain('<link rel="stylesheet" href="./assets/site.css"/>');
    expect(pages.story).not.toContain('<style');
  });
});

describe('charts', () => {
  const points = (values: [string, number][]) => values.map(([day, value], i) => ({ day, figures: [{ label: 'killed in Gaza', value, previous: null, source: source(String(i), i === 1 ? null : `https://news.example.org/${i}`, `${day}T00:00:00.000Z`) }] }));

  it('one series per label, one point per day, oldest first, with their sources', () => {
    const series = figureSeries([
      ...points([['2024-05-05', 34683], ['2024-03-05', 30000]]),
      { day: '2024-03-05', figures: [{ label: 'hostages held in Gaza', value: 100, previous: null, source: source('9', null) }] },
    ]);
    expect(series.map((s) => [s.label, s.points.map((p) => [p.day, p.value])])).toEqual([
      ['killed in Gaza', [['2024-03-05', 30000], ['2024-05-05', 34683]]],
      ['hostages held in Gaza', [['2024-03-05', 100]]],
    ]);
  });

  it('draws a line and a linked dot per point, with a title and a description for readers who cannot see it', () => {
    const [series] = figureSeries(points([['2024-03-05', 30000], ['2024-04-28', 34388], ['2024-05-05', 34683]]));
    const svg = renderToStaticMarkup(<Chart series={series!} id="c" href={(p) => `https://example.org/${p.day}`} />);
    expect(svg.match(/<a href="https:\/\/example.org\/2024-0\d-\d\d"/g)).toHaveLength(3);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(3);
    expect(svg).toContain('<polyline');
    expect(svg).toContain('<title id="c-title">killed in Gaza</title>');
    expect(svg).toContain('<desc id="c-desc">3 values from 5 Mar 2024 (30,000) to 5 May 2024 (34,683); highest 34,683.</desc>');
    expect(svg).toContain('aria-label="killed in Gaza: 34,388 on 28 Apr 2024, reported by Outlet &lt;script>');
    expect(svg).not.toContain('style=');
  });

  it('a single value is a dot in the middle, without a line', () => {
    const [series] = figureSeries(points([['2024-05-05', 100]]));
    const svg = renderToStaticMarkup(<Chart series={series!} id="c" />);
    expect(svg).not.toContain('<polyline');
    expect(svg).not.toContain('<a ');
    expect(svg).toContain('One value: 100 on 5 May 2024.');
  });

  it('the PNG is the same charts, stacked, rasterised', () => {
    const series = figureSeries(points([['2024-03-05', 30000], ['2024-05-05', 34683]]));
    expect(stackedChartsSvg(series)).toContain('height="260"');
    const png = chartPng(series);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(1280);
  });
});

describe('digest page ids', () => {
  it('are 128 random bits, base64url: none repeats, none follows from another', () => {
    const ids = Array.from({ length: 2000 }, () => newPublicId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
