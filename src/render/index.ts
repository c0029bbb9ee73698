import type { Digest } from '../digest/model.ts';
import { renderDiscordDigest } from './discord-messages.ts';
import { renderSlackDigest } from './slack-blocks.ts';
import { digestHeaderText, emptyDigestLine, updateText } from './text.ts';
import type { WebLinks } from './web-links.ts';

/** One planned platform message: stored in the outbox as JSON and posted as is. */
export interface RenderedMessage {
  payload: unknown;
}

export type RenderPlatform = 'console' | 'slack' | 'discord';

/**
 * A digest as the messages a platform posts: [0] is the parent, the rest are thread replies in
 * order. Slack: `{ text, blocks }`; Discord: `{ content, embeds, allowed_mentions: { parse: [] } }`
 * (the parent also names its thread in `thread_name`); console: `{ text }`. With `web`, the parent
 * links to the digest's page and shows its chart (Slack and Discord).
 */
export function renderMessages(digest: Digest, platform: RenderPlatform, web: WebLinks | null = null): RenderedMessage[] {
  switch (platform) {
    case 'slack':
      return renderSlackDigest(digest, web).map((payload) => ({ payload }));
    case 'discord':
      return renderDiscordDigest(digest, web).map((payload) => ({ payload }));
    case 'console':
      if (digest.updates.length === 0) return [{ payload: { text: emptyDigestLine(digest) } }];
      return [
        { payload: { text: digestHeaderText(digest) } },
        ...digest.updates.map((update, index) => ({ payload: { text: updateText(update, `${index + 1}. `) } })),
      ];
  }
}

export { renderDigestText, renderLatestText } from './text.ts';
export { renderSlackLatest, renderSlackNotice, SHARE_LATEST_ACTION, type SlackMessage, type SlackBlock } from './slack-blocks.ts';
export { renderDiscordLatest, renderDiscordNotice, SHARE_LATEST_PREFIX, type DiscordMessage } from './discord-messages.ts';
export { SLACK_LIMITS } from './slack-limits.ts';
export { webLinks, type WebLinks } from './web-links.ts';
export { DISCORD_LIMITS, NO_MENTIONS } from './discord-limits.ts';
