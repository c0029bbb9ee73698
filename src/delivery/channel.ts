/**
 * What the outbox worker needs from a platform: post one planned message, and after a crash find
 * out whether a message was already accepted. Platform adapters (src/platforms/*) implement it;
 * the worker never imports a platform SDK.
 */
export interface DeliveryMarker {
  digestId: number;
  /** 0 = parent message, 1… = thread replies in order. */
  seq: number;
  /**
   * Stable across retries and restarts and unique to this database, e.g. `parley:k3x9a1:42:3`
   * (installation, digest, seq): a Discord nonce, a Slack metadata field.
   */
  key: string;
}

export interface PostedRef {
  messageId: string;
  /** Where replies go: the Slack parent `ts` or the Discord thread channel id. */
  threadId?: string;
}

export interface PostRequest {
  channelId: string;
  /** The rendered payload stored in the outbox for this platform. */
  payload: unknown;
  marker: DeliveryMarker;
  /** Set for replies: the parent as posted. */
  parent?: PostedRef;
  /** When the message's digest was planned (ISO): `find` need not look at anything older. */
  plannedAt: string;
}

export interface DeliveryChannel {
  readonly platform: 'console' | 'slack' | 'discord';
  /**
   * The platform's pace for one channel, when it has one (Slack: one message a second): the worker
   * sends a channel's next message no sooner, instead of running into a 429.
   */
  readonly minIntervalMs?: number;
  post(request: PostRequest): Promise<PostedRef>;
  /** A message already posted with this marker, or null; used before re-sending after a restart. */
  find(request: PostRequest): Promise<PostedRef | null>;
}

/**
 * A failed delivery. `transient` failures (429, 5xx, timeouts, resets) are retried with backoff,
 * honouring `retryAfterMs`; `permanent` ones (channel gone, bot removed, missing permission) mark
 * the subscription as failing. `refused` says the platform answered that it did not take the
 * message (a rate limit): unlike a 5xx, a timeout or a reset, the message is certainly not there,
 * so the next attempt need not look for it.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';

  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent',
    readonly retryAfterMs?: number,
    readonly refused = false,
  ) {
    super(message);
  }
}
