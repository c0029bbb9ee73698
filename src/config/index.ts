export { loadConfig, loadEnv, parseConfig, defaultConfigPath, defaultDatabaseUrl, projectRoot } from './load.ts';
export type { LoadedConfig, LoadOptions } from './load.ts';
export { configSchema, envSchema, isTimeZone, timeZoneNames } from './schema.ts';
export type { Config, Env, TopicConfig, FeedConfig, ChannelConfig } from './schema.ts';
