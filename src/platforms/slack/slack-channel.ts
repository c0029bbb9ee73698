import type { types, webApi } from '@slack/bolt';
import type { DeliveryChannel, PostedRef, PostRequest } from '../../delivery/channel.ts';
import type { SlackMessage } from '../../render/index.ts';
import { slackDeliveryError } from './slack-errors.ts';

/** The event type of the metadata every digest message carries, so it can be found after a crash. */
export const DIGEST_PART_EVENT = 'parley_digest_part';

/** How far Slack's clock may be behind ours when a message's time is compared with the digest's. */
const clockMarginMs = 10 * 60_000;
/** A lookup reads at most this many pages of 200 messages before it gives up (and tries again later). */
const maxLookupPages = 25;

interface MarkedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

/**
 * Posts digest messages with chat.postMessage: the parent at the top of the channel, replies in its
 * thread (`thread_ts`). Each message carries its outbox marker in message metadata; `find` looks
 * for it with conversations.history / conversations.replies (`include_all_metadata`), so a message
 * Slack accepted just before a crash is recognised instead of posted again.
 */
export class SlackDeliveryChannel implements DeliveryChannel {
  readonly platform = 'slack' as const;
  /** chat.postMessage allows about one message a second per channel. */
  readonly minIntervalMs = 1_000;

  constructor(private readonly client: webApi.WebClient) {}

  async post(request: PostRequest): Promise<PostedRef> {
    const payload = request.payload as SlackMessage;
    const threadTs = request.marker.seq > 0 ? (request.parent?.threadId ?? request.parent?.messageId) : undefined;
    const what = `posting to Slack channel ${request.channelId}`;
    let result: webApi.ChatPostMessageResponse;
    try {
      result = await this.client.chat.postMessage({
        channel: request.channelId,
        text: payload.text,
        blocks: payload.blocks as types.KnownBlock[],
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
        metadata: {
          event_type: DIGEST_PART_EVENT,
          event_payload: { digest_id: request.marker.digestId, seq: request.marker.seq, key: request.marker.key },
        },
      });
    } catch (error) {
      throw slackDeliveryError(error, what);
    }
    if (!result.ts) throw slackDeliveryError(new Error('Slack accepted the message but returned no ts'), what);
    return request.marker.seq === 0 ? { messageId: result.ts, threadId: result.ts } : { messageId: result.ts };
  }

  async find(request: PostRequest): Promise<PostedRef | null> {
    const parentTs = request.parent?.threadId ?? request.parent?.messageId;
    const inThread = request.marker.seq > 0 && parentTs !== undefined;
    const what = `looking for an earlier post in Slack channel ${request.channelId}`;
    // The channel since the digest was planned (less a margin for clocks that disagree), page by page.
    const oldest = ((Date.parse(request.plannedAt) - clockMarginMs) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < maxLookupPages; page++) {
      let messages: MarkedMessage[];
      try {
        const found = inThread
          ? await this.client.conversations.replies({ channel: request.channelId, ts: parentTs, include_all_metadata: true, limit: 200, cursor })
          : await this.client.conversations.history({ channel: request.channelId, oldest, include_all_metadata: true, limit: 200, cursor });
        messages = (found.messages ?? []) as MarkedMessage[];
        cursor = found.response_metadata?.next_cursor || undefined;
      } catch (error) {
        throw slackDeliveryError(error, what);
      }
      const mine = messages.find((message) => message.metadata?.event_type === DIGEST_PART_EVENT && message.metadata.event_payload?.key === request.marker.key);
      if (mine?.ts) return request.marker.seq === 0 ? { messageId: mine.ts, threadId: mine.ts } : { messageId: mine.ts };
      if (!cursor) return null;
    }
    throw slackDeliveryError(new Error(`more than ${maxLookupPages} pages of messages since the digest was planned`), what);
  }
}
