import cron from 'node-cron';
import { z } from 'zod';

let canonicalZones: ReadonlySet<string> | undefined;

/** The runtime's canonical IANA time zone names, UTC first (Intl lists it under Etc/UTC). */
export function timeZoneNames(): ReadonlySet<string> {
  canonicalZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return canonicalZones;
}

/** True when `zone` is an IANA time zone name the runtime knows. */
export function isTimeZone(zone: string): boolean {
  // Intl's list of canonical names answers at once; the first formatter built loads the time zone
  // data (some 15 ms of every one-off command), so it is only the test for aliases ("US/Eastern").
  if (timeZoneNames().has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cronExpression = z
  .string()
  .refine((value) => cron.validate(value), { message: 'expected a cron expression such as "0 8 * * *"' });
const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin"' });

export const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id such as "gaza-ceasefire-talks"'),
  name: z.string().min(1),
  /** Words and phrases whose presence makes an article belong to the topic. */
  terms: z.array(z.string().min(1)).min(1),
  /** People, groups and states whose presence makes an article belong to the topic. */
  actors: z.array(z.string().min(1)).default([]),
  places: z.array(z.string().min(1)).default([]),
});

export const feedSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }),
  /** Fetch the page behind each item: always, never, or when the item's own text is short. */
  fullText: z.enum(['auto', 'always', 'never']).default('auto'),
});

export const channelSchema = z.strictObject({
  platform: z.enum(['console', 'slack', 'discord']),
  id: z.string().min(1),
  schedule: cronExpression.default('0 8 * * *'),
  timeZone: timeZone.default('UTC'),
  /** Post a one-line "nothing new" message when a scheduled digest is empty. */
  notifyEmpty: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  topic: topicSchema,
  sources: z
    .strictObject({
      /** Folder of article files, relative to this config file. */
      articles: z.string().min(1).default('../articles'),
      feeds: z.array(feedSchema).default([]),
      /** How often files and feeds are ingested while `parley start` runs. */
      ingestSchedule: cronExpression.default('*/15 * * * *'),
    })
    .prefault({}),
  fetch: z
    .strictObject({
      timeoutMs: z.number().int().positive().default(20_000),
      idleTimeoutMs: z.number().int().positive().default(10_000),
      maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      userAgent: z.string().min(1).default('parley/0.1 (self-hosted news digest bot)'),
      /** Allow feeds and pages on loopback and private addresses (self-hosted feeds, tests). */
      allowPrivateNetworks: z.boolean().default(false),
    })
    .prefault({}),
  fullText: z
    .strictObject({
      /** In `auto` mode, fetch the page when the item's own text is shorter than this. */
      minChars: z.number().int().min(0).default(800),
      /** Extracted text shorter than this is not taken for the article (the item stays `partial`). */
      minArticleChars: z.number().int().min(1).default(250),
      perHostConcurrency: z.number().int().min(1).max(8).default(2),
      perHostDelayMs: z.number().int().min(0).default(500),
      /** A page already read is asked for again (conditionally) only after this many hours. */
      revalidateAfterHours: z.number().positive().default(12),
      /** When not empty, only pages on these hosts (and their subdomains) are fetched. */
      allowHosts: z.array(z.string().min(1)).default([]),
      /** Pages on these hosts (and their subdomains) are never fetched; wins over `allowHosts`. */
      denyHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  digest: z
    .strictObject({
      maxUpdates: z.number().int().min(1).max(20).default(6),
      language: z.string().min(2).default('en'),
      /**
       * How developments are found: `claims` groups event-keyed sentences; `clusters` groups every
       * lead sentence by its lemmas and names (docs/adr/006-language-model.md) and fills `maxWords`.
       */
      engine: z.enum(['claims', 'clusters']).default('claims'),
      /** With the `clusters` engine: the words a digest may hold (headline, summaries, quotes). */
      maxWords: z.number().int().min(40).max(2000).default(160),
    })
    .prefault({}),
  channels: z.array(channelSchema).prefault([{ platform: 'console', id: 'console' }]),
  web: z
    .strictObject({
      /** Serve the story page and digest pages on the HTTP listener of `parley start`. */
      enabled: z.boolean().default(false),
      /** Where those pages are reachable from outside (`https://news.example.org/parley`): digests link there. */
      publicUrl: z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }).optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type TopicConfig = Config['topic'];
export type FeedConfig = Config['sources']['feeds'][number];
export type ChannelConfig = Config['channels'][number];

/** Deployment settings and secrets: they come from the environment, never from the config file. */
export const envSchema = z.object({
  PARLEY_CONFIG: z.string().min(1).optional(),
  PARLEY_DB: z.string().min(1).optional(),
  PARLEY_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false', '1', '0']).optional(),
  PARLEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface the HTTP listener binds to; 0.0.0.0 (all interfaces) when no proxy sits in front, e.g. in a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_ADMINS: z
    .string()
    .regex(/^\s*((slack|discord):[A-Za-z0-9]+\s*(,\s*|$))*$/, 'expected a list such as "slack:U123,discord:456"')
    .optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'expected a numeric application id').optional(),
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters').optional(),
  DISCORD_API_URL: z.url().optional(),
});

export type Env = z.infer<typeof envSchema>;
