import type { Config } from '../config/index.ts';
import type { Explanation } from '../digest/explanation.ts';
import { recordedDigestOf, type Digest } from '../digest/index.ts';
import type { Executor } from '../store/index.ts';
import { chartPng } from './chart-png.ts';
import { figureSeries, type FigureSeries } from './figure-series.ts';
import { DayPage, DigestPage, NotFoundPage, renderHtml, StoryPage, STYLESHEET, type Site } from './pages.tsx';
import { SITE_CSS } from './site-css.ts';
import { figureDays, refreshStoryDays, storyDay, storyDayList, storyDays } from './story-days.ts';

/**
 * The site as a function from a path to a response, shared by the HTTP route of `parley start`
 * (web/http-route.ts) and `parley web export` (web/export.ts):
 *
 *   /                              the story so far: figures over time, the newest days
 *   /days/2024-05-05/              one day's developments and figures
 *   /digests/<public id>/          one digest as posted
 *   /digests/<public id>/figures.png   the charts of the digest's changed figures
 *   /assets/site.css               the stylesheet
 */

export interface WebContext {
  db: Executor;
  config: Config;
  now: () => Date;
}

export interface WebResponse {
  status: 200 | 301 | 404;
  type: string;
  body: string | Buffer;
  /** For a 301: where to, relative to the asked path. */
  location?: string;
}

/** Days with developments on the story page; earlier ones are linked, each to its own page. */
export const STORY_PAGE_DAYS = 7;
/** Days a page request may plan before answering, when the store changed since the last plan. */
const DAYS_PLANNED_PER_REQUEST = 2;

const HTML = 'text/html; charset=utf-8';
const DAY = /^\/days\/(\d{4}-\d{2}-\d{2})(\/?)$/;
const DIGEST = /^\/digests\/([A-Za-z0-9_-]{22})(\/?|\/figures\.png)$/;

const site = (config: Config, rel: string): Site => ({ rel, lang: config.digest.language, topicName: config.topic.name });
const html = (body: string): WebResponse => ({ status: 200, type: HTML, body });
const moved = (location: string): WebResponse => ({ status: 301, type: 'text/plain; charset=utf-8', body: '', location });

/** `depth` directories below the root: the relative way back up. */
const up = (depth: number) => (depth === 0 ? './' : '../'.repeat(depth));

/** Plans the days changed since the last plan, a few at most, before a page is answered. */
export async function planChangedDays(ctx: WebContext): Promise<void> {
  await refreshStoryDays(ctx.db, ctx.config, { maxDays: DAYS_PLANNED_PER_REQUEST, now: ctx.now() });
}

/** The answer for one path, from the stored days and digests as they are (the caller plans first). */
export async function respond(ctx: WebContext, path: string): Promise<WebResponse> {
  if (path === '/' || path === '/index.html') return html(await storyPage(ctx));
  if (path === `/${STYLESHEET}`) return { status: 200, type: 'text/css; charset=utf-8', body: SITE_CSS };
  const day = DAY.exec(path);
  if (day) {
    // `days/2024-05-05` → `2024-05-05/`: relative links count on the trailing slash.
    if (day[2] === '') return moved(`${day[1]}/`);
    const found = await storyDay(ctx.db, day[1]!);
    if (found) return html(renderHtml(<DayPage site={site(ctx.config, up(2))} day={found} />));
  }
  const digest = DIGEST.exec(path);
  if (digest) {
    if (digest[2] === '') return moved(`${digest[1]}/`);
    const found = await publishedDigest(ctx.db, digest[1]!);
    if (found && digest[2] === '/') {
      const series = await seriesOf(ctx.db, found.digest);
      return html(renderHtml(<DigestPage site={site(ctx.config, up(2))} digest={found.digest} explanation={found.explanation} series={series} />));
    }
    const series = found ? await seriesOf(ctx.db, found.digest) : [];
    if (series.length > 0) return { status: 200, type: 'image/png', body: chartPng(series) };
  }
  const depth = Math.max(0, path.split('/').length - 2);
  return { status: 404, type: HTML, body: renderHtml(<NotFoundPage site={site(ctx.config, up(depth))} />) };
}

async function storyPage(ctx: WebContext): Promise<string> {
  const [days, all, figures] = await Promise.all([storyDays(ctx.db, { limit: STORY_PAGE_DAYS }), storyDayList(ctx.db), figureDays(ctx.db)]);
  const shown = new Set(days.map((d) => d.day));
  const oldestShown = days.at(-1)?.day ?? '';
  const earlier = all.filter((day) => !shown.has(day) && day < oldestShown);
  return renderHtml(<StoryPage site={site(ctx.config, up(0))} data={{ days, series: figureSeries(figures), earlier }} />);
}

/** A recorded digest by its public id, with the reasons kept with it; never an empty one (there is nothing to read). */
export async function publishedDigest(db: Executor, publicId: string): Promise<{ digest: Digest; explanation: Explanation | null } | null> {
  const row = await db.selectFrom('digests').select(['model', 'explanation']).where('public_id', '=', publicId).where('empty', '=', 0).executeTakeFirst();
  return row ? recordedDigestOf(row) : null;
}

/** The history of the figures a digest reported, up to the digest's day. */
async function seriesOf(db: Executor, digest: Digest): Promise<FigureSeries[]> {
  const labels = new Set(digest.figures.map((f) => f.label));
  if (labels.size === 0) return [];
  return figureSeries(await figureDays(db, { until: digest.until.slice(0, 10) }), labels);
}

/** Every path of the site, for the static export: the story, each day, each digest and its chart. */
export async function sitePaths(db: Executor): Promise<string[]> {
  const days = await storyDayList(db);
  const digests = await db.selectFrom('digests').select(['public_id', 'model']).where('empty', '=', 0).where('public_id', 'is not', null).orderBy('id').execute();
  const digestPaths = digests.flatMap((d) => {
    const model = JSON.parse(d.model) as Digest;
    return [`/digests/${d.public_id}/`, ...(model.figures.length > 0 ? [`/digests/${d.public_id}/figures.png`] : [])];
  });
  return ['/', `/${STYLESHEET}`, ...days.map((day) => `/days/${day}/`), ...digestPaths];
}
