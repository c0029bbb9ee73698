/**
 * Page furniture Readability lets through on some sites: cookie and consent banners, newsletter
 * boxes, "most read" and "read more" lists, share bars, captions, comment threads. Removed from the
 * DOM by class/id before Readability scores the page, and as whole short paragraphs afterwards
 * ("Read more: …", "Advertisement", "Source link").
 */

/**
 * Matches one word of a class or id (`cookie-banner`, `newsletter_signup`, `most-read`). Share bars,
 * "related" lists and comments are left to Readability, which already drops them: matched here too,
 * such names also hit article wrappers (`read-more-content`) and bylines inside share bars.
 */
const junkName =
  /(?:^|[\s_-])(cookies?|consent|gdpr|newsletters?|signup|sign-up|most-?read|most-?popular|mostviewed|most-viewed|trending|more-?stories|recommended|recommendations|outbrain|taboola)(?=$|[\s_-])/i;

/** Never removed, whatever their class: they hold the article on most sites. */
const protectedTags = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);

interface ElementLike {
  tagName: string;
  className: unknown;
  id: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
  remove(): void;
}

interface DocumentLike {
  body: { textContent: string | null } | null;
  querySelectorAll(selectors: string): ArrayLike<unknown>;
}

function describes(element: ElementLike): string {
  const className = typeof element.className === 'string' ? element.className : '';
  const id = typeof element.id === 'string' ? element.id : '';
  return `${className} ${id} ${element.getAttribute('aria-label') ?? ''}`;
}

/**
 * Removes junk elements. An element that holds most of the page's text is kept even when its
 * class says "related" or "comments": some sites put such classes on the article wrapper.
 */
export function removePageJunk(document: DocumentLike): void {
  const pageLength = document.body?.textContent?.length ?? 0;
  const elements = Array.from(document.querySelectorAll('[class], [id], [aria-label]')) as ElementLike[];
  for (const element of elements) {
    if (protectedTags.has(element.tagName.toUpperCase())) continue;
    if (!junkName.test(describes(element))) continue;
    const length = element.textContent?.length ?? 0;
    if (length > pageLength * 0.4) continue;
    element.remove();
  }
}

/** Paragraphs that start like page furniture ("Read more: …", "Sign up for our newsletter"). */
const junkOpening =
  /^(read (more|next|also)\s*:|related\s*:|see also\s*:|source link|leave a comment|sign up (for|to)|subscribe (to|for|now)|share (on|this|via)|follow us|click here|continue reading|(image|media) (caption|copyright)|powered by |©|copyright ©|\(c\) \d{4})/i;
/** Paragraphs that are nothing but a furniture label ("Advertisement", "Most read", "12 comments"). */
const junkLabel =
  /^(advertisement|photo|image|video|sponsored( content)?|related( articles?| stories| coverage| content| article)?|more on this( story)?|most (read|popular|viewed|shared)( this week| today)?|read more|comments?( \(\d+\))?|\d+ comments?|share( this( article| story)?)?|all rights reserved\.?)$/i;

/** Drops short paragraphs that are page furniture rather than article text. */
export function dropJunkParagraphs(paragraphs: string[]): string[] {
  return paragraphs.filter((paragraph) => {
    const text = paragraph.trim();
    if (text.length > 200) return true;
    return !junkOpening.test(text) && !junkLabel.test(text.replace(/[.:!]+$/, '')) && !/all rights reserved\.?$/i.test(text);
  });
}
