import type { types, webApi } from '@slack/bolt';
import type { DeliveryChannel, PostedRef, PostRequest } from '../../delivery/channel.ts';
import type { SlackMessage } from '../../render/index.ts';
import { slackDeliveryError } from './slack-errors.ts';

/** The event type of the metadata every digest message carries, so it can be found after a crash. */
export const DIGEST_PART_EVENT = 'parley_digest_part';

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
    const what = `looking for an earlier post in Slack channel ${request.channelId}`;
    let messages: MarkedMessage[];
    try {
      if (request.marker.seq > 0 && parentTs) {
        const replies = await this.client.conversations.replies({ channel: request.channelId, ts: parentTs, include_all_metadata: true, limit: 200 });
        messages = (replies.messages ?? []) as MarkedMessage[];
      } else {
        const history = await this.client.conversations.history({ channel: request.channelId, include_all_metadata: true, limit: 100 });
        messages = (history.messages ?? []) as MarkedMessage[];
      }
    } catch (error) {
      throw slackDeliveryError(error, what);
    }
    const found = messages.find(
      (message) => message.metadata?.event_type === DIGEST_PART_EVENT && message.metadata.event_payload?.key === request.marker.key,
    );
    if (!found?.ts) return null;
    return request.marker.seq === 0 ? { messageId: found.ts, threadId: found.ts } : { messageId: found.ts };
  }
}
