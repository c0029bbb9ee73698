import { LONGEST_LINK } from './describe.ts';

/**
 * Discord markdown from untrusted text. `allowed_mentions: { parse: [] }` already stops pings;
 * this also keeps mentions and markup from *rendering*: `@everyone`/`@here` get a zero-width
 * break, `<@…>`, `<@&…>`, `<#…>`, `</…>` and custom emoji lose their meaning, and markdown
 * characters are backslash-escaped.
 */
const ZERO_WIDTH_SPACE = '\u200b';

export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<(?=[@#/:a!&t])/g, `<${ZERO_WIDTH_SPACE}`);
}

export function escapeDiscord(text: string): string {
  const markup = text
    .replace(/\\/g, '\\\\')
    .replace(/([*_~`|[\]])/g, '\\$1')
    // Block syntax only counts at the start of a line: quotes, headings, subtext, lists.
    .replace(/^(\s*)([>#-]|\d+\.)/gm, '$1\\$2');
  return neutraliseMentions(markup);
}

/** `(` is `%28`: characters that could end a masked link early are written as escapes. */
function percentEncoded(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * `[label](<url>)`: a masked link whose label cannot break out and whose URL makes no preview; the
 * escaped label alone when there is no URL or it is too long to link.
 */
export function discordLink(url: string | null, label: string): string {
  const text = escapeDiscord(label);
  if (!url) return text;
  const safeUrl = url.replace(/[()<>[\] ]/g, percentEncoded);
  return safeUrl.length > LONGEST_LINK ? text : `[${text}](<${safeUrl}>)`;
}
