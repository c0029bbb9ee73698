import { LONGEST_LINK } from './describe.ts';

/**
 * Slack mrkdwn from untrusted text. Slack reads `<…>` as links and mentions (`<!channel>`,
 * `<@U123>`, `<!subteam^…>`), so escaping `&`, `<` and `>` makes any of them inert text; a bare
 * `@everyone` never notifies anyone through the API.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>`, or the escaped label alone when there is no URL or it is too long to link. */
export function slackLink(url: string | null, label: string): string {
  const text = escapeSlack(label).replace(/\|/g, '¦');
  if (!url) return text;
  const safeUrl = escapeSlack(url).replace(/\|/g, '%7C');
  return safeUrl.length > LONGEST_LINK ? text : `<${safeUrl}|${text}>`;
}
