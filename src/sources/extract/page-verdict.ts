import type { ExtractedArticle } from './index.ts';

/**
 * Decides whether an extracted page is the article or something standing in front of it, and
 * why not: a consent wall ("We value your privacy … Accept all"), a paywall ("Subscribe to continue
 * reading"), a page that renders only with JavaScript, or text too short to be the article. The feed
 * item then keeps its own summary and is stored as `partial` with this reason.
 *
 * A consent *banner* on an article page is not a wall: it is removed as page junk and the article
 * stays. Only text that reads like a consent notice, or a short page with one, is a wall — so a
 * consent notice is never stored as an article, whatever its length.
 */

export type UnreadableReason = 'consent_wall' | 'paywall' | 'script_only' | 'too_short';

export type PageVerdict = { readable: true } | { readable: false; reason: UnreadableReason; detail: string };

const consentTerms: [string, RegExp][] = [
  ['cookies', /\bcookies?\b/gi],
  ['consent', /\bconsent(s|ing)?\b/gi],
  ['privacy', /\bprivacy\b/gi],
  ['partners', /\b(our )?(partners|vendors|third[- ]parties)\b/gi],
  ['personalised', /\bpersonali[sz](ed|e|ation)\b/gi],
  ['accept', /\b(accept|reject|agree to|allow) (all|cookies|and continue)\b/gi],
  ['preferences', /\bmanage (options|preferences|settings|cookies|choices)\b|\bcookie (settings|preferences|policy)\b/gi],
  ['legitimate', /\blegitimate interests?\b/gi],
  ['device', /\b(store|access) (and\/or access )?information on (a |your )?device\b/gi],
  ['data', /\b(your|personal) data\b/gi],
];

/** Text that is about the reader's cookies and privacy choices rather than the news. */
export function readsLikeConsentNotice(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words === 0) return false;
  let hits = 0;
  let kinds = 0;
  for (const [, pattern] of consentTerms) {
    const count = text.match(pattern)?.length ?? 0;
    hits += count;
    if (count > 0) kinds++;
  }
  return kinds >= 3 && hits / words >= 0.025;
}

const paywallPhrases =
  /\b(subscribe (now )?to (continue|keep) reading|to continue reading|this (article|story|content) is (only )?(for|available to) (subscribers|members|premium)|already a (subscriber|member)\??|subscribers? only|become a (subscriber|member) to read|unlock (this|the full) (article|story)|you have reached your (free )?(article )?limit|sign in to (continue|read the full))/i;

const scriptOnlyPhrases = /\b(enable javascript|javascript (is )?(required|disabled|must be enabled)|requires javascript|turn on javascript|browser does not support javascript)\b/i;

/** Known consent-management platforms, whose markup a consent wall carries. */
const consentPlatforms = /onetrust|cookiebot|didomi|usercentrics|quantcast choice|qc-cmp|sp_message_container|trustarc|consentmanager|cmpbox|iubenda|fc-consent-root/i;

/** The page's visible text, roughly: scripts, styles and tags stripped, common entities decoded. */
export function roughVisibleText(html: string): string {
  return html
    .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<head\b[\s\S]*?<\/head\s*>/i, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&(rsquo|#8217|#x2019);/gi, '’')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A paywalled page that shows this little of its article is a teaser, whatever `minChars` says.
 * Above it, a page marked as paywalled is taken as read: metered sites often serve the whole text.
 */
const teaserChars = 1200;

export function judgePage(html: string, article: ExtractedArticle, minChars: number): PageVerdict {
  if (readsLikeConsentNotice(article.text)) {
    return { readable: false, reason: 'consent_wall', detail: 'the page text is a cookie or consent notice' };
  }
  const visible = roughVisibleText(html);
  const paywalled = paywallPhrases.test(visible) || /"isAccessibleForFree"\s*:\s*("false"|false)/i.test(html);
  if (paywalled && article.length < Math.max(minChars, teaserChars)) {
    return { readable: false, reason: 'paywall', detail: `the article is behind a paywall (${article.length} characters of it shown)` };
  }
  if (article.length >= minChars) return { readable: true };

  if (readsLikeConsentNotice(visible) || (consentPlatforms.test(html) && /\bconsent|cookies?\b/i.test(visible))) {
    return { readable: false, reason: 'consent_wall', detail: 'the page shows a cookie or consent wall instead of the article' };
  }
  const noscript = /<noscript\b[\s\S]*?<\/noscript\s*>/gi.test(html) && scriptOnlyPhrases.test(html);
  if ((visible.length < 200 && /<script\b/i.test(html)) || noscript || scriptOnlyPhrases.test(visible)) {
    return { readable: false, reason: 'script_only', detail: 'the page needs JavaScript to show its text' };
  }
  return {
    readable: false,
    reason: 'too_short',
    detail: `the extracted text has ${article.length} characters, fewer than the ${minChars} required`,
  };
}
