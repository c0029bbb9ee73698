import type { Kysely } from 'kysely';
import type { LoadedConfig } from '../config/index.ts';
import type { LatestAnswer } from '../digest/model.ts';
import type { Logger } from '../logger.ts';
import type { Database, Dialect, SubscriptionRow } from '../store/index.ts';

/** A command as parsed from Slack's text or Discord's options: the same shape for both. */
export type ParsedCommand =
  | { name: 'latest'; query: string }
  | { name: 'subscribe'; topic: string | null }
  | { name: 'unsubscribe' }
  | { name: 'schedule'; cron: string; timeZone: string | null }
  | { name: 'pause' }
  | { name: 'resume' }
  | { name: 'now' }
  | { name: 'status' }
  | { name: 'sources-add'; url: string }
  | { name: 'sources-remove'; id: string }
  | { name: 'sources-list' }
  | { name: 'why'; about: string }
  | { name: 'help'; problem?: string };

export type CommandName = ParsedCommand['name'];
export type ChatPlatform = 'slack' | 'discord';

/** Who asked, where. `isPlatformAdmin` asks the platform (Slack users.info, Discord member permissions). */
export interface Invocation {
  platform: ChatPlatform;
  channelId: string;
  /** Slack team id or Discord guild id. */
  workspaceId: string | null;
  userId: string;
  isPlatformAdmin(): Promise<boolean>;
}

export interface DigestQueued {
  digestId: number;
  empty: boolean;
  messages: number;
}

/** What the command core needs from the running bot. */
export interface CommandServices {
  db: Kysely<Database>;
  dialect: Dialect;
  loaded: LoadedConfig;
  logger: Logger;
  now: () => Date;
  /** Plans, records and queues a digest for the channel (one transaction), then wakes the sender. */
  postNow(subscription: SubscriptionRow): Promise<DigestQueued>;
  /** Schedules, pauses or subscriptions changed: the scheduler reloads them. */
  schedulesChanged(): Promise<void> | void;
  /** Messages were queued outside a digest run (a failed digest sent again): the sender looks now. */
  kickDelivery(): void;
}

/**
 * What a command answers. `notice` is our own sentence (user-given values inside are escaped by
 * the platform renderer); `private` replies only the asker sees.
 */
export type CommandReply =
  | { kind: 'notice'; text: string; visibility: 'private' | 'channel' }
  | { kind: 'latest'; answer: LatestAnswer };

export interface CommandHandler<C extends ParsedCommand = ParsedCommand> {
  /** Changes channel settings: runs only after the admin precondition passed. */
  admin: boolean;
  run(services: CommandServices, invocation: Invocation, command: C): Promise<CommandReply>;
}
