import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { configSchema, envSchema, type Config, type Env } from './schema.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultConfigPath = path.join(projectRoot, 'config', 'default.yaml');
export const defaultDatabaseUrl = 'sqlite:./data/parley.db';

export interface LoadedConfig {
  config: Config;
  env: Env;
  /** The config file that was read. */
  configPath: string;
  /** Absolute path of the article folder (relative paths in the config are relative to the file). */
  articlesDir: string;
  databaseUrl: string;
  allowPrivateNetworks: boolean;
}

export interface LoadOptions {
  configPath?: string;
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
}

/** One line per problem: `config.yaml: digest.maxUpdates: expected number, received string`. */
export function describeIssues(where: string, issues: z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return `${where}: invalid`;
  const key = first.path.length > 0 ? first.path.join('.') : '(top level)';
  let message = first.message;
  if (first.code === 'unrecognized_keys') message = `unknown key ${first.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where}: ${key}: ${message}`;
}

export function loadEnv(raw: NodeJS.ProcessEnv = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => raw[key] !== undefined && raw[key] !== '')
      .map((key) => [key, raw[key]]),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) throw new ConfigError(describeIssues('environment', parsed.error.issues));
  return parsed.data;
}

export function parseConfig(text: string, where: string): Config {
  let data: unknown;
  try {
    data = YAML.parse(text, { prettyErrors: false, maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`${where}: not valid YAML: ${reason}`);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describeIssues(where, parsed.error.issues));
  return parsed.data;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = loadEnv(options.env ?? process.env);
  const configPath = path.resolve(options.configPath ?? env.PARLEY_CONFIG ?? defaultConfigPath);
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`${configPath}: cannot read config: ${reason}`);
  }
  const config = parseConfig(text, path.basename(configPath));
  const allowFromEnv = env.PARLEY_ALLOW_PRIVATE_NETWORKS;
  return {
    config,
    env,
    configPath,
    articlesDir: path.resolve(path.dirname(configPath), config.sources.articles),
    databaseUrl: options.databaseUrl ?? env.PARLEY_DB ?? defaultDatabaseUrl,
    allowPrivateNetworks:
      allowFromEnv !== undefined ? allowFromEnv === 'true' || allowFromEnv === '1' : config.fetch.allowPrivateNetworks,
  };
}
