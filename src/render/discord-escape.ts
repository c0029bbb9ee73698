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

/** `[label](<url>)`: a masked link whose label cannot break out and whose URL makes no preview. */
export function discordLink(url: string | null, label: string): string {
  const text = escapeDiscord(label);
  if (!url) return text;
  return `[${text}](<${url.replace(/[()<> ]/g, (c) => encodeURIComponent(c))}>)`;
}
