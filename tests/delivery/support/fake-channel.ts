import { DeliveryError, type DeliveryChannel, type PostedRef, type PostRequest } from '../../../src/delivery/channel.ts';

/** What the fake platform does with one call. */
export type Fault =
  | 'ok'
  /** 429 with a retry-after; nothing was posted. */
  | 'rate-limited'
  /** 500; nothing was posted. */
  | 'server-error'
  /** The platform posted the message but the answer never came back. */
  | 'timeout-after-accept'
  /** The connection dropped before the platform saw the request. */
  | 'reset'
  /** The channel is gone or the bot was removed. */
  | 'permanent';

export interface PostedMessage {
  channelId: string;
  key: string;
  seq: number;
  digestId: number;
  payload: unknown;
  messageId: string;
  /** For replies: the thread they were posted in. */
  threadOf?: string;
}

/**
 * An in-process platform that remembers what it holds, so tests can check what a channel shows:
 * every marker once, replies in their parent's thread, in order.
 */
export class FakeChannel implements DeliveryChannel {
  readonly posted: PostedMessage[] = [];
  calls = { post: 0, find: 0 };
  private next = 1;

  constructor(
    readonly platform: 'console' | 'slack' | 'discord' = 'slack',
    private readonly fault: (request: PostRequest, call: number) => Fault = () => 'ok',
    readonly retryAfterMs = 2_000,
  ) {}

  async post(request: PostRequest): Promise<PostedRef> {
    this.calls.post += 1;
    const fault = this.fault(request, this.calls.post);
    if (fault === 'rate-limited') throw new DeliveryError('429 rate limited', 'transient', this.retryAfterMs, true);
    if (fault === 'server-error') throw new DeliveryError('500 internal error', 'transient');
    if (fault === 'reset') throw new DeliveryError('socket hang up', 'transient');
    if (fault === 'permanent') throw new DeliveryError('channel_not_found', 'permanent');
    if (request.marker.seq > 0 && !request.parent) throw new Error('reply posted without its parent');
    const message: PostedMessage = {
      channelId: request.channelId,
      key: request.marker.key,
      seq: request.marker.seq,
      digestId: request.marker.digestId,
      payload: request.payload,
      messageId: `m${this.next++}`,
      ...(request.parent ? { threadOf: request.parent.threadId ?? request.parent.messageId } : {}),
    };
    this.posted.push(message);
    if (fault === 'timeout-after-accept') throw new DeliveryError('request timed out', 'transient');
    return this.ref(message);
  }

  async find(request: PostRequest): Promise<PostedRef | null> {
    this.calls.find += 1;
    const message = this.posted.find((m) => m.channelId === request.channelId && m.key === request.marker.key);
    return message ? this.ref(message) : null;
  }

  private ref(message: PostedMessage): PostedRef {
    return message.seq === 0 ? { messageId: message.messageId, threadId: `t-${message.messageId}` } : { messageId: message.messageId };
  }

  /** Problems a reader would see: a marker posted twice, a reply outside its parent's thread, replies out of order. */
  problems(): string[] {
    const problems: string[] = [];
    const seen = new Map<string, PostedMessage>();
    for (const m of this.posted) {
      if (seen.has(m.key)) problems.push(`${m.key} posted twice`);
      seen.set(m.key, m);
    }
    const lastSeq = new Map<number, number>();
    for (const m of this.posted) {
      const parent = this.posted.find((x) => x.digestId === m.digestId && x.seq === 0);
      if (m.seq > 0 && m.threadOf !== `t-${parent?.messageId}`) problems.push(`${m.key} is not in its parent's thread`);
      if ((lastSeq.get(m.digestId) ?? -1) >= m.seq) problems.push(`${m.key} posted out of order`);
      lastSeq.set(m.digestId, m.seq);
    }
    return problems;
  }
}
