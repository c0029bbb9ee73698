import crypto from 'node:crypto';
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { DeliveryChannel, PostedRef, PostRequest } from '../../delivery/channel.ts';
import { DISCORD_LIMITS, type DiscordMessage } from '../../render/index.ts';
import { discordDeliveryError, THREAD_ALREADY_EXISTS } from './discord-errors.ts';

interface PostedMessage {
  id: string;
  nonce?: string | number;
  content?: string;
  author?: { id: string };
  embeds?: { description?: string }[];
  thread?: { id: string };
}

/** The outbox key as a Discord nonce (at most 25 characters): as is when short, else a digest of it. */
export function nonceFor(key: string): string {
  if (key.length <= DISCORD_LIMITS.nonce) return key;
  return crypto.createHash('sha256').update(key).digest('base64url').slice(0, DISCORD_LIMITS.nonce);
}

/**
 * Posts digest messages through the discord.js REST client: the parent in the channel, then a
 * thread started from it, then each reply in the thread. Every message carries its outbox key as
 * `nonce` with `enforce_nonce`, so Discord answers a repeated post with the message it already
 * has; `find` looks a message up after a crash, and a thread that already exists (160004) is read
 * from its parent message instead of created twice.
 */
export class DiscordDeliveryChannel implements DeliveryChannel {
  readonly platform = 'discord' as const;
  private botUserId: Promise<string | null> | null = null;

  constructor(private readonly rest: REST) {}

  async post(request: PostRequest): Promise<PostedRef> {
    const { thread_name: threadName, ...body } = request.payload as DiscordMessage;
    const isParent = request.marker.seq === 0;
    const target = isParent ? request.channelId : (request.parent?.threadId ?? request.channelId);
    const what = `posting to Discord channel ${target}`;
    let message: PostedMessage;
    try {
      message = (await this.rest.post(Routes.channelMessages(target), {
        body: { ...body, allowed_mentions: { parse: [] }, nonce: nonceFor(request.marker.key), enforce_nonce: true },
      })) as PostedMessage;
    } catch (error) {
      throw discordDeliveryError(error, what);
    }
    if (!isParent) return { messageId: message.id };
    return { messageId: message.id, threadId: await this.ensureThread(request.channelId, message.id, threadName ?? 'Digest') };
  }

  async find(request: PostRequest): Promise<PostedRef | null> {
    const isParent = request.marker.seq === 0;
    const target = isParent ? request.channelId : request.parent?.threadId;
    if (!target) return null;
    const nonce = nonceFor(request.marker.key);
    const payload = request.payload as DiscordMessage;
    let recent: PostedMessage[];
    try {
      recent = (await this.rest.get(Routes.channelMessages(target), { query: new URLSearchParams({ limit: '50' }) })) as PostedMessage[];
    } catch (error) {
      throw discordDeliveryError(error, `reading recent messages of Discord channel ${target}`);
    }
    const self = await this.selfId();
    // Discord may not return a nonce once the message is older; then the bot's latest message there
    // counts if it says exactly this (messages of one channel are posted in order, so an earlier
    // attempt of this one would be the latest; an older twin elsewhere in the history never counts).
    const latestOwn = self === null ? undefined : recent.find((message) => message.author?.id === self);
    const found =
      recent.find((message) => message.nonce !== undefined && String(message.nonce) === nonce) ??
      (latestOwn && sameMessage(latestOwn, payload) ? latestOwn : undefined);
    if (!found) return null;
    if (!isParent) return { messageId: found.id };
    return { messageId: found.id, threadId: await this.ensureThread(request.channelId, found.id, payload.thread_name ?? 'Digest') };
  }

  /** The thread started from a parent message: created, or read back when it already exists. */
  private async ensureThread(channelId: string, messageId: string, name: string): Promise<string> {
    const what = `starting a thread from message ${messageId} in Discord channel ${channelId}`;
    try {
      const thread = (await this.rest.post(Routes.threads(channelId, messageId), {
        body: { name: name.slice(0, DISCORD_LIMITS.threadName), auto_archive_duration: 1440 },
      })) as { id: string };
      return thread.id;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === THREAD_ALREADY_EXISTS)) throw discordDeliveryError(error, what, { messageTaken: true });
    }
    try {
      const parent = (await this.rest.get(Routes.channelMessage(channelId, messageId))) as PostedMessage;
      // A thread started from a message has the message's id; the API also says so in `thread`.
      return parent.thread?.id ?? messageId;
    } catch (error) {
      throw discordDeliveryError(error, what, { messageTaken: true });
    }
  }

  private selfId(): Promise<string | null> {
    this.botUserId ??= this.rest
      .get(Routes.user('@me'))
      .then((user) => (user as { id: string }).id)
      .catch(() => {
        this.botUserId = null;
        return null;
      });
    return this.botUserId;
  }
}

function sameMessage(message: PostedMessage, payload: DiscordMessage): boolean {
  if ((message.content ?? '') !== payload.content) return false;
  const descriptions = (message.embeds ?? []).map((embed) => embed.description ?? '');
  return descriptions.length === payload.embeds.length && descriptions.every((d, i) => d === (payload.embeds[i]!.description ?? ''));
}
