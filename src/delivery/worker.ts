import type { Kysely } from 'kysely';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database, Dialect } from '../store/index.ts';
import { defaultBackoff, retryDelayMs, type BackoffPolicy } from './backoff.ts';
import { DeliveryError, type DeliveryChannel, type PostedRef, type PostRequest } from './channel.ts';
import {
  claimDue,
  failPermanently,
  markSent,
  postedParent,
  installationTag,
  markerKey,
  releaseClaims,
  renewClaim,
  scheduleRetry,
  type ClaimedMessage,
  type Platform,
} from './outbox.ts';

export interface DeliveryWorkerOptions {
  db: Kysely<Database>;
  /** PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite with a compare-and-set per message. */
  dialect: Dialect;
  channels: Partial<Record<Platform, DeliveryChannel>>;
  logger: Logger;
  /** Names this instance in claims; unique per running process. */
  instanceId: string;
  now?: () => Date;
  /** How long a claim lives without renewal; an in-flight message renews it every third of this. */
  claimTtlMs?: number;
  /** How often the outbox is looked at when nothing kicks the worker. */
  pollMs?: number;
  /** Messages in flight at once (each to a different channel). */
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** A platform call that has not answered after this long counts as a transient failure. */
  attemptTimeoutMs?: number;
  /** How long `stop()` waits for messages in flight before giving their claims back. */
  stopGraceMs?: number;
}

/**
 * Sends the outbox: claims the head message of each channel's queue, posts it through that
 * platform's `DeliveryChannel`, records the platform message id, and retries or gives up.
 *
 * Exactly once across crashes: the attempt is counted in the claim, before the platform is called.
 * A message with an earlier attempt may have reached the platform without parley hearing back
 * (killed mid-request, timeout, connection reset), so it is looked up with `find()` by its stable
 * marker first and only posted when the platform does not have it. An attempt the platform
 * refused (a 429) is known not to have landed and costs no lookup: under a rate limit, lookups
 * would spend the very quota that is short.
 */
export class DeliveryWorker {
  private readonly db: Kysely<Database>;
  private readonly dialect: Dialect;
  private readonly channels: Partial<Record<Platform, DeliveryChannel>>;
  private readonly logger: Logger;
  private readonly instanceId: string;
  private readonly now: () => Date;
  private readonly claimTtlMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly stopGraceMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private installation: Promise<string> | null = null;
  /**
   * A platform that refused a message with a rate limit rests until its retry-after: the limit may
   * be the workspace's or the bot's as a whole, and other channels' messages sent meanwhile would
   * only collect more 429s.
   */
  private readonly restingUntil = new Map<Platform, number>();

  constructor(options: DeliveryWorkerOptions) {
    this.db = options.db;
    this.dialect = options.dialect;
    this.channels = options.channels;
    this.logger = options.logger.child({ component: 'delivery' });
    this.instanceId = options.instanceId;
    this.now = options.now ?? (() => new Date());
    this.claimTtlMs = options.claimTtlMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = options.concurrency ?? 8;
    this.backoff = options.backoff ?? defaultBackoff;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 120_000;
    this.stopGraceMs = options.stopGraceMs ?? 10_000;
  }

  private get platforms(): Platform[] {
    return (Object.keys(this.channels) as Platform[]).filter((p) => this.channels[p] !== undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something was just enqueued: look at the outbox now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Stops taking work, lets messages in flight finish (up to `stopGraceMs`) and gives back any claim left. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(this.stopGraceMs)]);
    const released = await releaseClaims(this.db, this.instanceId);
    if (released > 0) this.logger.info({ released }, 'gave back claims on messages still in flight');
  }

  /**
   * Delivers everything that is due, one round at a time, until nothing is left to claim; for
   * one-shot use and tests (messages waiting for a retry later than now stay pending).
   */
  async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const claimed = await this.claim(this.concurrency);
      if (claimed.length === 0) return delivered;
      await Promise.all(claimed.map((message) => this.deliver(message)));
      delivered += claimed.length;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let claimed: ClaimedMessage[] = [];
      try {
        claimed = await this.claim(this.concurrency - this.inFlight.size);
      } catch (error) {
        this.logger.error({ err: errorMessage(error) }, 'could not read the outbox');
      }
      for (const message of claimed) {
        const task = this.deliver(message).finally(() => {
          this.inFlight.delete(task);
          this.wake?.();
        });
        this.inFlight.add(task);
      }
      if (!this.running) break;
      // Claim again as soon as a slot frees up or a message is kicked in; otherwise poll.
      if (this.kicked || (claimed.length > 0 && this.inFlight.size < this.concurrency)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  private claim(limit: number): Promise<ClaimedMessage[]> {
    const now = this.now();
    const platforms = this.platforms.filter((platform) => (this.restingUntil.get(platform) ?? 0) <= now.getTime());
    return claimDue(this.db, { dialect: this.dialect, holder: this.instanceId, platforms, now, ttlMs: this.claimTtlMs, limit });
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const channel = this.channels[message.platform]!;
    const log = this.logger.child({ platform: message.platform, channel: message.channel_id, digest: message.digest_id, seq: message.seq });
    const renewal = setInterval(() => {
      renewClaim(this.db, message.id, this.instanceId, new Date(this.now().getTime() + this.claimTtlMs)).catch((error) =>
        log.warn({ err: errorMessage(error) }, 'could not renew the claim on a message in flight'),
      );
    }, Math.max(1_000, Math.floor(this.claimTtlMs / 3)));
    // Whether the platform can be holding this message when the post below fails: attempts counts
    // this one, so an attempt beyond the ones the platform refused may have landed, until looked for.
    let mayBeThere = message.attempts - 1 > message.refused_attempts;
    let posting = false;
    try {
      const request = await this.request(message);
      let posted: PostedRef | null = null;
      if (mayBeThere) {
        posted = await this.withTimeout(channel.find(request), 'looking for an earlier copy');
        if (posted) log.info({ messageId: posted.messageId }, 'message was already posted by an earlier attempt; recorded, not re-sent');
        mayBeThere = false;
      }
      if (!posted) {
        posting = true;
        posted = await this.withTimeout(channel.post(request), 'posting');
      }
      const recorded = await markSent(this.db, message, this.instanceId, posted, this.now(), channel.minIntervalMs);
      if (!recorded) log.warn('message posted after this instance lost its claim');
    } catch (error) {
      const refused = posting && error instanceof DeliveryError && error.refused;
      if (refused && error.retryAfterMs) this.restingUntil.set(message.platform, this.now().getTime() + error.retryAfterMs);
      // Refused with nothing from earlier attempts that could be there: no lookup next time.
      await this.fail(message, error, refused && !mayBeThere, log).catch((failure) =>
        log.error({ err: errorMessage(failure) }, 'could not record a delivery failure; the claim will expire and the message be retried'),
      );
    } finally {
      clearInterval(renewal);
    }
  }

  private async request(message: ClaimedMessage): Promise<PostRequest> {
    const request: PostRequest = {
      channelId: message.channel_id,
      payload: JSON.parse(message.payload) as unknown,
      marker: { digestId: message.digest_id, seq: message.seq, key: markerKey(await this.installationTag(), message.digest_id, message.seq) },
      plannedAt: message.planned_at,
    };
    if (message.seq > 0) {
      const parent = await postedParent(this.db, message.digest_id);
      // Cannot happen while replies are only claimable after their parent; kept as a transient guard.
      if (!parent) throw new DeliveryError('the parent message has not been posted yet', 'transient');
      request.parent = parent;
    }
    return request;
  }

  private installationTag(): Promise<string> {
    this.installation ??= installationTag(this.db).catch((error: unknown) => {
      this.installation = null;
      throw error;
    });
    return this.installation;
  }

  private async fail(message: ClaimedMessage, error: unknown, noAttemptLanded: boolean, log: Logger): Promise<void> {
    const reason = errorMessage(error);
    if (error instanceof DeliveryError && error.kind === 'permanent') {
      await failPermanently(this.db, message, this.instanceId, reason, this.now());
      log.error({ reason }, 'channel cannot receive digests; marked failing, its messages are held until it is resumed');
      return;
    }
    const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const delay = retryDelayMs(message.attempts, retryAfter, this.backoff);
    if (!(error instanceof DeliveryError)) log.warn({ err: reason }, 'unexpected delivery error; retrying');
    else log.warn({ reason, attempt: message.attempts, retryInMs: delay }, 'transient delivery failure; retrying');
    await scheduleRetry(this.db, message, this.instanceId, { at: new Date(this.now().getTime() + delay), error: reason, noAttemptLanded });
  }

  private withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(`no answer from the platform after ${this.attemptTimeoutMs} ms while ${what}`, 'transient')),
        this.attemptTimeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
