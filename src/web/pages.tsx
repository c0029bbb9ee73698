import type { ComponentChildren } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import type { Explanation } from '../digest/explanation.ts';
import type { Digest, Figure, Quote, SourceRef, Update } from '../digest/index.ts';
import { figureLine, formatDate, formatNumber, linkOf, outletOf, plural, sourceLabel } from '../render/describe.ts';
import { Chart } from './chart.tsx';
import type { FigurePoint, FigureSeries } from './figure-series.ts';
import type { StoryDay } from './story-days.ts';

/**
 * The pages, as JSX rendered to a string: every article-derived string is a JSX text child or
 * attribute value, which the renderer escapes, and a link goes only to a source's own http(s)
 * address (`linkOf`); anything else is shown as text. No script, no inline style: the stylesheet is
 * a file (`assets/site.css`), allowed by the Content-Security-Policy (web/headers.ts).
 *
 * Links are relative (`rel` leads from the page to the site's root), so the same HTML works served
 * by `parley start` under any path prefix and written out by `parley web export`.
 */

export interface Site {
  /** From the page to the site root: `./`, `../../`. */
  rel: string;
  lang: string;
  topicName: string;
}

export const dayPath = (day: string) => `days/${day}/`;
export const digestPath = (publicId: string) => `digests/${publicId}/`;
export const FIGURES_PNG = 'figures.png';
export const STYLESHEET = 'assets/site.css';

export function renderHtml(page: ComponentChildren): string {
  return `<!doctype html>\n${renderToStaticMarkup(<>{page}</>)}`;
}

function Layout({ site, title, children }: { site: Site; title: string; children: ComponentChildren }) {
  return (
    <html lang={site.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <link rel="stylesheet" href={`${site.rel}${STYLESHEET}`} />
      </head>
      <body>
        <header class="site">
          <a href={site.rel}>{site.topicName}</a>
        </header>
        <main>{children}</main>
        <footer class="site">
          <p>Compiled by parley from the sources linked on this page. Quotes are verbatim from those sources.</p>
        </footer>
      </body>
    </html>
  );
}

const DateTime = ({ iso }: { iso: string }) => <time datetime={iso}>{formatDate(iso)}</time>;

function SourceItem({ source }: { source: SourceRef }) {
  const url = linkOf(source);
  const label = sourceLabel(source);
  return (
    <li>
      {url ? (
        <a href={url} rel="noreferrer">
          {label}
        </a>
      ) : (
        <span>{label}</span>
      )}
      {source.published && (
        <>
          {', '}
          <DateTime iso={source.published} />
        </>
      )}
    </li>
  );
}

function Sources({ sources }: { sources: readonly SourceRef[] }) {
  return (
    <div class="sources">
      <p class="label">{plural(sources.length, 'source')}</p>
      <ul>
        {sources.map((source) => (
          <SourceItem source={source} />
        ))}
      </ul>
    </div>
  );
}

/** A quote, with who said it; an outlet that printed a quote is its source, never its speaker. */
function QuoteView({ quote }: { quote: Quote }) {
  const outlet = outletOf(quote.source);
  const url = linkOf(quote.source);
  return (
    <figure class="quote">
      <blockquote cite={url ?? undefined}>
        <p>“{quote.text}”</p>
      </blockquote>
      <figcaption>
        {'— '}
        {quote.speaker ? <span class="speaker">{quote.speaker}</span> : <em>unattributed</em>}
        {quote.speaker ? ', in ' : ', quoted in '}
        {url ? (
          <a href={url} rel="noreferrer">
            {outlet}
          </a>
        ) : (
          outlet
        )}
      </figcaption>
    </figure>
  );
}

/** A development: its summary, its best quote (a digest page shows every quote it posted) and its sources. */
function UpdateView({ update, allQuotes = false }: { update: Update; allQuotes?: boolean }) {
  return (
    <article class="update">
      <p class="summary">{update.summary}</p>
      {(allQuotes ? update.quotes : update.quotes.slice(0, 1)).map((quote) => (
        <QuoteView quote={quote} />
      ))}
      <Sources sources={update.sources} />
    </article>
  );
}

function FigureTable({ series, caption }: { series: FigureSeries; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Value</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {[...series.points].reverse().map((point) => (
          <tr>
            <td>
              <DateTime iso={point.day} />
            </td>
            <td class="number">{formatNumber(point.value)}</td>
            <td>
              <SourceLink source={point.source} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceLink({ source }: { source: SourceRef }) {
  const url = linkOf(source);
  const label = sourceLabel(source);
  return url ? (
    <a href={url} rel="noreferrer">
      {label}
    </a>
  ) : (
    <>{label}</>
  );
}

/** One chart and its table. A point links to its article, or to its day's page when the article has no web address. */
function FigureBlock({ site, series, id }: { site: Site; series: FigureSeries; id: string }) {
  const href = (point: FigurePoint) => linkOf(point.source) ?? `${site.rel}${dayPath(point.day)}#figures`;
  return (
    <section class="figure" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{series.label}</h3>
      <Chart series={series} id={id} href={href} />
      <FigureTable series={series} caption={`${series.label}, newest first`} />
    </section>
  );
}

function DayView({ day, headingLevel }: { day: StoryDay; headingLevel: 2 | 1 }) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section class="day" id={`day-${day.day}`} aria-labelledby={`day-${day.day}-heading`}>
      <Heading id={`day-${day.day}-heading`}>
        <DateTime iso={day.day} />
      </Heading>
      {day.updates.map((update) => (
        <UpdateView update={update} />
      ))}
    </section>
  );
}

function DayLinks({ site, days, title }: { site: Site; days: readonly string[]; title: string }) {
  if (days.length === 0) return null;
  return (
    <nav aria-labelledby="earlier-heading">
      <h2 id="earlier-heading">{title}</h2>
      <ul class="days">
        {days.map((day) => (
          <li>
            <a href={`${site.rel}${dayPath(day)}`}>
              <DateTime iso={day} />
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface StoryPageData {
  days: StoryDay[];
  series: FigureSeries[];
  /** Days not shown on this page, newest first: each has its own page. */
  earlier: string[];
}

/** `/`: the figures over time, then the newest days' developments, then links to earlier days. */
export function StoryPage({ site, data }: { site: Site; data: StoryPageData }) {
  return (
    <Layout site={site} title={`${site.topicName}: the story so far`}>
      <h1>{site.topicName}: the story so far</h1>
      <p class="lede">Developments day by day, newest first, each with its best quote and its sources.</p>
      {data.series.length > 0 && (
        <section aria-labelledby="figures-heading">
          <h2 id="figures-heading">Figures over time</h2>
          {data.series.map((series, i) => (
            <FigureBlock site={site} series={series} id={`chart-${i}`} />
          ))}
        </section>
      )}
      {data.days.length === 0 && <p>No developments yet.</p>}
      {data.days.map((day) => (
        <DayView day={day} headingLevel={2} />
      ))}
      <DayLinks site={site} days={data.earlier} title="Earlier days" />
    </Layout>
  );
}

function FiguresOfDay({ figures }: { figures: readonly Figure[] }) {
  return (
    <section id="figures" aria-labelledby="day-figures-heading">
      <h2 id="day-figures-heading">Figures reported</h2>
      <table>
        <caption>Figures in this day’s articles</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((figure) => (
            <tr>
              <th scope="row">{figure.label}</th>
              <td class="number">{formatNumber(figure.value)}</td>
              <td>
                <SourceLink source={figure.source} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** `/days/<day>/`: one day's developments and the figures reported that day. */
export function DayPage({ site, day }: { site: Site; day: StoryDay }) {
  return (
    <Layout site={site} title={`${site.topicName}: ${formatDate(day.day)}`}>
      <DayView day={day} headingLevel={1} />
      {day.updates.length === 0 && <p>No developments this day.</p>}
      {day.figures.length > 0 && <FiguresOfDay figures={day.figures} />}
      <p>
        <a href={site.rel}>The whole story</a>
      </p>
    </Layout>
  );
}

function FigureChanges({ figures }: { figures: readonly Figure[] }) {
  return (
    <table>
      <caption>Figures that changed</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">Now</th>
          <th scope="col">Before</th>
          <th scope="col">Change</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {figures.map((figure) => (
          <tr>
            <th scope="row">{figure.label}</th>
            <td class="number">{formatNumber(figure.value)}</td>
            <td class="number">{figure.previous === null ? 'first reported' : formatNumber(figure.previous)}</td>
            <td class="number">{figure.previous === null ? '' : signed(figure.value - figure.previous)}</td>
            <td>
              <SourceLink source={figure.source} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : formatNumber(n));

/**
 * `/digests/<id>/`: one digest as it was posted. The channel it went to is not shown: the model's
 * `channel` field is never rendered.
 */
export function DigestPage({ site, digest, explanation = null, series }: { site: Site; digest: Digest; explanation?: Explanation | null; series: FigureSeries[] }) {
  return (
    <Layout site={site} title={digest.headline}>
      <p class="kicker">
        Digest of <DateTime iso={digest.until} />
        {digest.since && (
          <>
            {', news since '}
            <DateTime iso={digest.since} />
          </>
        )}
      </p>
      <h1>{digest.headline}</h1>
      {digest.figures.length > 0 && (
        <section aria-labelledby="digest-figures-heading">
          <h2 id="digest-figures-heading">Figures</h2>
          <ul class="figure-lines">
            {digest.figures.map((figure) => (
              <li>
                {figureLine(figure)}
                {figure.evidence && (
                  <details class="evidence">
                    <summary>Where it says so</summary>
                    <blockquote>{figure.evidence}</blockquote>
                  </details>
                )}
              </li>
            ))}
          </ul>
          <FigureChanges figures={digest.figures} />
          {series.map((s, i) => (
            <FigureBlock site={site} series={s} id={`chart-${i}`} />
          ))}
        </section>
      )}
      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">{plural(digest.updates.length, 'update')}</h2>
        {digest.updates.map((update) => (
          <UpdateView update={update} allQuotes />
        ))}
      </section>
      {digest.background.length > 0 && (
        <section aria-labelledby="background-heading">
          <h2 id="background-heading">Background (not new)</h2>
          {digest.background.map((line) => (
            <p>{line}</p>
          ))}
        </section>
      )}
      <p class="stats">
        From {plural(digest.stats.articles, 'new article')}; {plural(digest.stats.duplicates, 'copy', 'copies')} and {digest.stats.offTopic} off the topic left out.
        {explanation && (
          <>
            {' '}
            <a href="#left-out">What was left out, and why</a>
          </>
        )}
      </p>
      {explanation && <LeftOut explanation={explanation} />}
      <p>
        <a href={site.rel}>The whole story</a>
      </p>
    </Layout>
  );
}

/** Shown of each kind in "what was left out": the page stays readable with a thousand articles. */
const LEFT_OUT_SHOWN = 30;

/** The developments and articles a digest did not post, with the planner's reason for each. */
function LeftOut({ explanation }: { explanation: Explanation }) {
  const candidates = explanation.candidates.filter((c) => c.fate !== 'posted');
  const articles = explanation.articles.filter((a) => a.fate !== 'posted');
  return (
    <section id="left-out" aria-labelledby="left-out-heading">
      <h2 id="left-out-heading">What was left out, and why</h2>
      {candidates.length > 0 && (
        <>
          <h3>Developments</h3>
          <ul class="left-out">
            {candidates.slice(0, LEFT_OUT_SHOWN).map((c) => (
              <li>
                {c.summary} <span class="reason">— {c.fate}: {c.detail}</span>
              </li>
            ))}
          </ul>
          {candidates.length > LEFT_OUT_SHOWN && <p>… and {plural(candidates.length - LEFT_OUT_SHOWN, 'more development')}.</p>}
        </>
      )}
      {articles.length > 0 && (
        <>
          <h3>Articles</h3>
          <ul class="left-out">
            {articles.slice(0, LEFT_OUT_SHOWN).map((a) => (
              <li>
                {a.title ?? `Article ${a.id}`}
                {a.outlet ? ` (${a.outlet})` : ''} <span class="reason">— {a.fate}: {a.detail}</span>
              </li>
            ))}
          </ul>
          {articles.length > LEFT_OUT_SHOWN && <p>… and {plural(articles.length - LEFT_OUT_SHOWN, 'more article')}.</p>}
        </>
      )}
    </section>
  );
}

export function NotFoundPage({ site }: { site: Site }) {
  return (
    <Layout site={site} title="Not found">
      <h1>Not found</h1>
      <p>
        There is no page at this address. <a href={site.rel}>The whole story</a>
      </p>
    </Layout>
  );
}
