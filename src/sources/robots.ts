import robotsParserModule from 'robots-parser';
import type { Executor } from '../store/index.ts';
import { FetchError, fetchUrl, type FetchOptions } from './fetch.ts';
import type { HostLimiter } from './politeness.ts';

/**
 * robots.txt, read once per site and kept (in memory and in the `robots` table) for a day.
 * Following RFC 9309: a missing file (4xx) allows everything; a file that cannot be fetched
 * (5xx, timeout, network error) disallows everything for now and is tried again within the hour.
 */

/** robots.txt files longer than this are cut here (RFC 9309 asks crawlers to read at least 500 KiB). */
const maxRobotsBytes = 512 * 1024;
const keepMs = 24 * 60 * 60_000;
const retryUnreachableMs = 60 * 60_000;
/** A `Crawl-delay` above this is capped: one slow site must not hold up an ingest run for long. */
const maxCrawlDelayMs = 30_000;

export interface RobotsRules {
  /** True when the bot's user agent may fetch `url`. */
  allows(url: string): boolean;
  /** `Crawl-delay` for the bot in ms (0 when none), capped. */
  crawlDelayMs: number;
  /** Why everything is disallowed when the file could not be read; null otherwise. */
  unreachable: string | null;
}

// The package's types declare an ES default export, but it is a CommonJS module whose
// `module.exports` is the function itself, which is what a default import gives at run time.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

interface CacheEntry {
  rules: Promise<RobotsRules>;
  /** The rules once read. */
  settled?: RobotsRules;
  expiresAt: number;
}

/** The product token robots.txt groups are matched against: `parley/0.1 (…)` → `parley`. */
export function robotsAgent(userAgent: string): string {
  return userAgent.trim().split(/[/\s]/)[0] || '*';
}

function parse(origin: string, body: string, agent: string, unreachable: string | null): RobotsRules {
  const robotsUrl = `${origin}/robots.txt`;
  const robots = robotsParser(robotsUrl, body);
  const delay = robots.getCrawlDelay(agent);
  return {
    allows: (url) => unreachable === null && robots.isAllowed(url, agent) !== false,
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(delay * 1000, maxCrawlDelayMs) : 0,
    unreachable,
  };
}

export class RobotsCache {
  private readonly memory = new Map<string, CacheEntry>();

  constructor(
    private readonly db: Executor,
    private readonly fetchOptions: FetchOptions,
    private readonly limiter: HostLimiter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The rules for the site of `url`; concurrent callers for one site share a single fetch. */
  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const cached = this.memory.get(origin);
    if (cached && cached.expiresAt > this.now().getTime()) return cached.rules;
    const entry: CacheEntry = { rules: this.load(origin), expiresAt: Number.POSITIVE_INFINITY };
    this.memory.set(origin, entry);
    entry.rules.then(
      (rules) => {
        entry.settled = rules;
      },
      () => this.memory.delete(origin),
    );
    return entry.rules;
  }

  /** The rules for the site of `url` when they are already read and still current, without waiting. */
  rulesAtHand(url: string): RobotsRules | undefined {
    const cached = this.memory.get(new URL(url).origin);
    return cached && cached.expiresAt > this.now().getTime() ? cached.settled : undefined;
  }

  private async load(origin: string): Promise<RobotsRules> {
    const agent = robotsAgent(this.fetchOptions.userAgent);
    const now = this.now();
    const stored = await this.db.selectFrom('robots').selectAll().where('origin', '=', origin).executeTakeFirst();
    if (stored && stored.expires_at > now.toISOString()) {
      this.remember(origin, Date.parse(stored.expires_at));
      return parse(origin, stored.body, agent, stored.unreachable);
    }

    let body = '';
    let unreachable: string | null = null;
    try {
      const response = await this.limiter.run(new URL(origin).host, () =>
        fetchUrl(`${origin}/robots.txt`, { ...this.fetchOptions, maxBytes: maxRobotsBytes, accept: 'text/plain, */*;q=0.5', etag: null, lastModified: null }),
      );
      body = response.text();
    } catch (error) {
      // A missing robots.txt (4xx) allows everything; one that cannot be read (5xx, 429, network)
      // disallows everything until it can.
      const status = error instanceof FetchError && error.reason === 'http_status' ? (error.status ?? 0) : 0;
      if (!(status >= 400 && status < 500 && status !== 429)) unreachable = error instanceof Error ? error.message : String(error);
    }
    const expiresAt = new Date(now.getTime() + (unreachable ? retryUnreachableMs : keepMs));
    const row = { body, unreachable, fetched_at: now.toISOString(), expires_at: expiresAt.toISOString() };
    await this.db
      .insertInto('robots')
      .values({ origin, ...row })
      .onConflict((conflict) => conflict.column('origin').doUpdateSet(row))
      .execute();
    this.remember(origin, expiresAt.getTime());
    return parse(origin, body, agent, unreachable);
  }

  private remember(origin: string, expiresAt: number): void {
    const entry = this.memory.get(origin);
    if (entry) entry.expiresAt = expiresAt;
  }
}
