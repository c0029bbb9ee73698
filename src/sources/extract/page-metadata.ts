/**
 * Metadata Readability does not give (the canonical URL) or gives only from some places (the
 * published time: JSON-LD and two meta names), read from the page head before Readability
 * rewrites the document.
 */

/** The few DOM members read here; linkedom's Document has them. */
interface QueryRoot {
  querySelectorAll(selectors: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

export interface PageMetadata {
  canonicalUrl: string | null;
  publishedAt: string | null;
  language: string | null;
  siteName: string | null;
  byline: string | null;
}

const publishedMeta = [
  'article:published_time',
  'og:article:published_time',
  'datePublished',
  'date',
  'dc.date',
  'dc.date.issued',
  'dcterms.created',
  'dcterms.date',
  'pubdate',
  'publishdate',
  'publish-date',
  'sailthru.date',
  'parsely-pub-date',
];

function attr(root: QueryRoot, selector: string, name: string): string | null {
  const nodes = root.querySelectorAll(selector);
  for (let index = 0; index < nodes.length; index++) {
    const value = nodes[index]!.getAttribute(name)?.trim();
    if (value) return value;
  }
  return null;
}

/** `<meta property|name|itemprop="…" content="…">`, compared case-insensitively. */
function metaContents(root: QueryRoot): Map<string, string> {
  const found = new Map<string, string>();
  const nodes = root.querySelectorAll('meta');
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    const content = node.getAttribute('content')?.trim();
    if (!content) continue;
    for (const key of ['property', 'name', 'itemprop', 'http-equiv']) {
      const name = node.getAttribute(key)?.trim().toLowerCase();
      if (name && !found.has(name)) found.set(name, content);
    }
  }
  return found;
}

/** An absolute http(s) URL without its fragment, or null. */
export function absoluteHttpUrl(value: string | null | undefined, base: string | null): string | null {
  if (!value) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/**
 * `<link rel="canonical">`, else `og:url`. A canonical that points at a site's home page from an
 * article page is a common misconfiguration; trusting it would merge every article of the site
 * into one, so it is ignored.
 */
function canonicalUrl(root: QueryRoot, metas: Map<string, string>, pageUrl: string | null): string | null {
  const base = attr(root, 'base[href]', 'href');
  const resolvedBase = absoluteHttpUrl(base, pageUrl) ?? pageUrl;
  const candidates = [attr(root, 'link[rel~="canonical"]', 'href'), metas.get('og:url') ?? null];
  for (const candidate of candidates) {
    const url = absoluteHttpUrl(candidate, resolvedBase);
    if (!url) continue;
    const pagePath = absoluteHttpUrl(pageUrl, null) ? new URL(pageUrl!).pathname : null;
    if (new URL(url).pathname === '/' && pagePath !== null && pagePath !== '/') continue;
    return url;
  }
  return null;
}

/** The first short text among author metas and author/byline elements. */
function byline(root: QueryRoot, metas: Map<string, string>): string | null {
  const fromMeta = ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator']
    .map((name) => metas.get(name))
    .filter((value) => value && !/^https?:/i.test(value));
  const fromElements = ['[itemprop="author"] [itemprop="name"]', '[rel="author"]', '[itemprop="author"]', '.byline', '[class*="byline"]'].map((selector) => {
    const node = root.querySelectorAll(selector)[0];
    return node?.textContent?.replace(/\s+/g, ' ').trim();
  });
  return [...fromMeta, ...fromElements].find((value): value is string => !!value && value.length <= 100) ?? null;
}

/** An ISO-8601 UTC timestamp, or null when the value is not a date. */
export function isoTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  // Bare numbers are too ambiguous (years, ids, epoch seconds or milliseconds) to trust.
  if (trimmed === '' || /^\d+$/.test(trimmed)) return null;
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  if (year < 1990 || year > 2200) return null;
  return new Date(time).toISOString();
}

function publishedAt(root: QueryRoot, metas: Map<string, string>): string | null {
  const fromMeta = publishedMeta.map((name) => metas.get(name.toLowerCase()));
  const candidates = [
    ...fromMeta,
    attr(root, '[itemprop="datePublished"][datetime]', 'datetime'),
    attr(root, 'article time[datetime]', 'datetime'),
    attr(root, 'time[datetime]', 'datetime'),
  ];
  for (const candidate of candidates) {
    const iso = isoTimestamp(candidate);
    if (iso) return iso;
  }
  return null;
}

/** A canonical BCP 47 tag (`en`, `pt-BR`) or null. `en_US` from `og:locale` is accepted too. */
export function languageTag(value: string | null | undefined): string | null {
  const candidate = value?.trim().split(/[,;\s]/)[0]?.replace(/_/g, '-');
  if (!candidate) return null;
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? null;
  } catch {
    return null;
  }
}

/** Read before Readability runs: it removes `<time>` elements and bylines from the document. */
export function readPageMetadata(root: QueryRoot, pageUrl: string | null): PageMetadata {
  const metas = metaContents(root);
  return {
    canonicalUrl: canonicalUrl(root, metas, pageUrl),
    publishedAt: publishedAt(root, metas),
    language:
      languageTag(attr(root, 'html[lang]', 'lang')) ??
      languageTag(metas.get('content-language')) ??
      languageTag(metas.get('og:locale')),
    siteName: metas.get('og:site_name') ?? metas.get('application-name') ?? null,
    byline: byline(root, metas),
  };
}
