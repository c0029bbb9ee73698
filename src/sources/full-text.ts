import type { Config } from '../config/index.ts';
import { errorMessage, UserError } from '../errors.ts';
import type { ArticleInput, Executor, PagesTable } from '../store/index.ts';
import type { IngestContext } from './context.ts';
import { extractArticle, judgePage, type ExtractedArticle } from './extract/index.ts';
import { FetchError, fetchOptionsFrom, fetchUrl, type FetchOptions, type FetchResult } from './fetch.ts';
import { mapLimit } from './map-limit.ts';
import { sharedHostLimiter, type HostLimiter } from './politeness.ts';
import { RobotsCache } from './robots.ts';

/**
 * The full text of feed items: for each item that needs it (`fullText: always`, or `auto` when the
 * item's own text is shorter than `fullText.minChars`), the page it links to is fetched — within
 * the fetch limits, after robots.txt, politely per host — read by the article extractor, and
 * stored beside the feed's summary. A page that cannot be read leaves the item with the feed's
 * text, marked `partial` with the reason (`paywall: …`, `http_403: …`, `robots_disallowed: …`).
 *
 * Pages are kept in the `pages` table: an item seen again in the next poll of its feed costs no
 * request, and after `fullText.revalidateAfterHours` the page is asked for conditionally (ETag,
 * Last-Modified), so an unchanged page is not downloaded again.
 */

export type FullTextMode = 'auto' | 'always' | 'never';

/** What reading one page gave. */
export type PageOutcome =
  | ({ outcome: 'full'; finalUrl: string } & Omit<ExtractedArticle, 'length'>)
  | { outcome: 'partial'; reason: string };

/** Pages read at once across all hosts; each may hold up to `fetch.maxBytes` in memory. */
const pageConcurrency = 6;
/** A page that failed for a passing reason (timeout, 5xx, 429) is tried again after this. */
const transientRetryMs = 30 * 60_000;
/** Pages not asked for in this long are forgotten. */
const keepPagesMs = 30 * 24 * 60 * 60_000;

/** Query parameters that only track where a reader came from; they never select the content. */
const trackingParameter = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|yclid|wt\.mc_id)$/i;

export function withoutTracking(url: string): string {
  const parsed = new URL(url);
  for (const name of [...parsed.searchParams.keys()]) if (trackingParameter.test(name)) parsed.searchParams.delete(name);
  parsed.hash = '';
  return parsed.href;
}

/** `example.org` matches `example.org` and `www.example.org`, not `badexample.org`. */
function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    const wanted = pattern.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
    return name === wanted || name.endsWith(`.${wanted}`);
  });
}

export function hostRefusal(url: string, settings: Config['fullText']): string | null {
  const host = new URL(url).hostname;
  if (hostMatches(host, settings.denyHosts)) return `host_denied: ${host} is in fullText.denyHosts`;
  if (settings.allowHosts.length > 0 && !hostMatches(host, settings.allowHosts)) return `host_denied: ${host} is not in fullText.allowHosts`;
  return null;
}

/** Ends a page fetch at a redirect whose target must be checked first (robots.txt, host lists). */
class RedirectToCheck extends Error {
  constructor(readonly target: string) {
    super(`redirect to ${target} not checked yet`);
  }
}

export interface PageReaderOptions {
  limiter?: HostLimiter;
  /** Replaces the HTTP fetch (tests count requests through it). */
  fetch?: (url: string, options: FetchOptions) => Promise<FetchResult>;
}

/** Reads pages for one ingest run; requests for the same URL during the run share one read. */
export class PageReader {
  private readonly settings: Config['fullText'];
  private readonly fetchOptions: FetchOptions;
  private readonly limiter: HostLimiter;
  private readonly robots: RobotsCache;
  private readonly fetch: (url: string, options: FetchOptions) => Promise<FetchResult>;
  private readonly inFlight = new Map<string, Promise<PageOutcome>>();

  constructor(
    private readonly ctx: IngestContext,
    options: PageReaderOptions = {},
  ) {
    this.settings = ctx.loaded.config.fullText;
    this.fetchOptions = { ...fetchOptionsFrom(ctx.loaded), accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' };
    this.limiter = options.limiter ?? sharedHostLimiter({ concurrency: this.settings.perHostConcurrency, delayMs: this.settings.perHostDelayMs });
    this.robots = new RobotsCache(ctx.db, this.fetchOptions, this.limiter, ctx.now);
    this.fetch = options.fetch ?? fetchUrl;
  }

  read(url: string): Promise<PageOutcome> {
    let reading = this.inFlight.get(url);
    if (!reading) {
      reading = this.readOnce(url);
      this.inFlight.set(url, reading);
    }
    return reading;
  }

  private async readOnce(url: string): Promise<PageOutcome> {
    const now = this.ctx.now();
    const cached = await this.ctx.db.selectFrom('pages').selectAll().where('url', '=', url).executeTakeFirst();
    if (cached && cached.next_check_at > now.toISOString()) return fromRow(cached);

    const revalidate = cached?.outcome === 'full';
    // Every address the page leads to is checked as the first one is (host lists, robots.txt): a
    // redirect that needs a check not at hand ends the fetch, which goes on from there once done.
    let target = url;
    let response: FetchResult | undefined;
    for (let hop = 0; !response; hop++) {
      const refused = hostRefusal(target, this.settings);
      if (refused) return { outcome: 'partial', reason: refused };
      const rules = await this.robots.rulesFor(target);
      if (!rules.allows(target)) {
        const why = rules.unreachable ? `robots.txt could not be read (${rules.unreachable})` : 'robots.txt disallows this page';
        return { outcome: 'partial', reason: `robots_disallowed: ${why}${target === url ? '' : ` (redirected to ${target})`}` };
      }
      const validators = revalidate && target === url ? { etag: cached.etag, lastModified: cached.last_modified } : { etag: null, lastModified: null };
      try {
        response = await this.limiter.run(
          new URL(target).host,
          () => this.fetch(target, { ...this.fetchOptions, ...validators, beforeRedirect: (next) => this.checkRedirect(next) }),
          rules.crawlDelayMs,
        );
      } catch (error) {
        if (error instanceof RedirectToCheck) {
          if (hop >= this.fetchOptions.maxRedirects) {
            return this.remember(url, cached, { outcome: 'partial', reason: `fetch_too_many_redirects: more than ${this.fetchOptions.maxRedirects} redirects (last to ${error.target})` }, null, false);
          }
          target = error.target;
          continue;
        }
        if (!(error instanceof FetchError)) throw error;
        const transient = error.reason === 'timeout' || error.reason === 'network' || (error.status !== undefined && (error.status === 429 || error.status >= 500));
        const code = error.reason === 'http_status' ? `http_${error.status ?? 'error'}` : `fetch_${error.reason}`;
        return this.remember(url, cached, { outcome: 'partial', reason: `${code}: ${error.detail}` }, null, transient);
      }
    }

    if (response.notModified && cached) {
      const next = this.nextCheck(false);
      await this.ctx.db.updateTable('pages').set({ checked_at: now.toISOString(), next_check_at: next }).where('url', '=', url).execute();
      return fromRow(cached);
    }
    return this.remember(url, cached, this.extract(response), response, false);
  }

  /** A redirect is followed at once only when its target passes the host lists and robots.txt already read. */
  private checkRedirect(target: string): void {
    if (hostRefusal(target, this.settings) !== null || !this.robots.rulesAtHand(target)?.allows(target)) throw new RedirectToCheck(target);
  }

  private extract(response: FetchResult): PageOutcome {
    const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== '' && type !== 'text/html' && type !== 'application/xhtml+xml') {
      return { outcome: 'partial', reason: `not_html: the page is ${type}, not HTML` };
    }
    if (/^(consent|guce|privacy)\./i.test(new URL(response.url).hostname)) {
      return { outcome: 'partial', reason: `consent_wall: redirected to a consent page on ${new URL(response.url).hostname}` };
    }
    const html = response.text();
    let article: ExtractedArticle;
    try {
      article = extractArticle(html, response.url);
    } catch (error) {
      const code = error instanceof UserError ? error.code : 'extraction_failed';
      return { outcome: 'partial', reason: `${code}: ${errorMessage(error)}` };
    }
    const verdict = judgePage(html, article, this.settings.minArticleChars);
    if (!verdict.readable) return { outcome: 'partial', reason: `${verdict.reason}: ${verdict.detail}` };
    return {
      outcome: 'full',
      finalUrl: response.url,
      title: article.title,
      byline: article.byline,
      publishedAt: article.publishedAt,
      language: article.language,
      siteName: article.siteName,
      canonicalUrl: article.canonicalUrl ?? withoutTracking(response.url),
      text: article.text,
    };
  }

  private nextCheck(transient: boolean): string {
    const wait = transient ? transientRetryMs : this.settings.revalidateAfterHours * 60 * 60_000;
    return new Date(this.ctx.now().getTime() + wait).toISOString();
  }

  /**
   * Stores what reading the page gave. A revalidation that fails, for whatever reason (the page now
   * behind a paywall, gone, or the site down), keeps the article read before: text once read does
   * not fall back to the feed's summary.
   */
  private async remember(url: string, cached: PagesTable | undefined, outcome: PageOutcome, response: FetchResult | null, transient: boolean): Promise<PageOutcome> {
    const now = this.ctx.now().toISOString();
    if (outcome.outcome === 'partial' && cached?.outcome === 'full') {
      await this.ctx.db.updateTable('pages').set({ checked_at: now, next_check_at: this.nextCheck(transient) }).where('url', '=', url).execute();
      this.ctx.logger.info({ url, reason: outcome.reason }, `${url}: page could not be read again (${outcome.reason}); keeping the text read before`);
      return fromRow(cached);
    }
    const full = outcome.outcome === 'full' ? outcome : null;
    const row = {
      final_url: full?.finalUrl ?? response?.url ?? null,
      outcome: outcome.outcome,
      reason: outcome.outcome === 'partial' ? outcome.reason.slice(0, 500) : null,
      etag: response?.headers.etag ?? null,
      last_modified: response?.headers['last-modified'] ?? null,
      fetched_at: response ? now : (cached?.fetched_at ?? now),
      checked_at: now,
      next_check_at: this.nextCheck(transient),
      title: full?.title ?? null,
      byline: full?.byline ?? null,
      published_at: full?.publishedAt ?? null,
      language: full?.language ?? null,
      site_name: full?.siteName ?? null,
      canonical_url: full?.canonicalUrl ?? null,
      text: full?.text ?? null,
    };
    await this.ctx.db
      .insertInto('pages')
      .values({ url, ...row })
      .onConflict((conflict) => conflict.column('url').doUpdateSet(row))
      .execute();
    return outcome;
  }
}

function fromRow(row: PagesTable): PageOutcome {
  if (row.outcome === 'partial' || row.text === null) return { outcome: 'partial', reason: row.reason ?? 'unknown' };
  return {
    outcome: 'full',
    finalUrl: row.final_url ?? row.url,
    title: row.title,
    byline: row.byline,
    publishedAt: row.published_at,
    language: row.language,
    siteName: row.site_name,
    canonicalUrl: row.canonical_url,
    text: row.text,
  };
}

/** The article with the page's text beside the feed's own summary. */
export function mergePage(input: ArticleInput, page: PageOutcome, minChars: number): ArticleInput {
  if (page.outcome === 'partial') {
    // A feed that carries a long text of its own is complete without the page.
    if (input.text.length >= minChars) return input;
    return { ...input, completeness: 'partial', partialReason: page.reason };
  }
  if (page.text.length <= input.text.length) return { ...input, canonicalUrl: input.canonicalUrl ?? page.canonicalUrl };
  const feedText = input.text.trim();
  return {
    ...input,
    // The canonical address: the same article behind differently tagged links reads the same.
    url: page.canonicalUrl ?? input.url ?? null,
    canonicalUrl: page.canonicalUrl,
    title: input.title ?? page.title,
    byline: input.byline ?? page.byline,
    language: page.language ?? input.language ?? null,
    publishedAt: input.publishedAt ?? page.publishedAt,
    text: page.text,
    summary: input.summary ?? (feedText !== '' && feedText !== input.title?.trim() ? feedText : null),
    completeness: 'full',
    partialReason: null,
  };
}

function wantsPage(input: ArticleInput, mode: FullTextMode, minChars: number): boolean {
  if (!input.url || mode === 'never') return false;
  return mode === 'always' || input.text.length < minChars;
}

async function forgetOldPages(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('pages').where('checked_at', '<', new Date(now.getTime() - keepPagesMs).toISOString()).execute();
}

/**
 * Completes feed items with the text of the pages they link to, as `mode` asks. Never throws for a
 * page: whatever goes wrong with one leaves that item with the feed's text and a reason. Call it
 * outside a database transaction: it waits on the network.
 */
export async function withFullText(ctx: IngestContext, articles: readonly ArticleInput[], mode: FullTextMode, options: PageReaderOptions = {}): Promise<ArticleInput[]> {
  const { minChars } = ctx.loaded.config.fullText;
  if (!articles.some((article) => wantsPage(article, mode, minChars))) return [...articles];
  await forgetOldPages(ctx.db, ctx.now());
  const reader = new PageReader(ctx, options);
  return mapLimit(articles, pageConcurrency, async (article) => {
    if (!wantsPage(article, mode, minChars)) return article;
    const url = article.url!;
    let page: PageOutcome;
    try {
      page = await reader.read(url);
    } catch (error) {
      ctx.logger.error({ url, err: error }, `${url}: reading the page failed: ${errorMessage(error)}`);
      page = { outcome: 'partial', reason: `read_failed: ${errorMessage(error)}` };
    }
    if (page.outcome === 'partial') ctx.logger.info({ url, reason: page.reason }, `${url}: full text not read, keeping the feed's text (${page.reason})`);
    return mergePage(article, page, minChars);
  });
}
