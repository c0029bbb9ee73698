import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { closestKey, hasPath, knownKeys, layered, readLayer, type Layer, type Path } from './layers.ts';
import { configSchema, envSchema, type Config, type Env } from './schema.ts';

/** The folder holding `config/default.yaml`: found upwards from this module, which runs from `src/config` or from the compiled `dist`. */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'config', 'default.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../..');
  }
}
export const defaultConfigPath = path.join(projectRoot, 'config', 'default.yaml');
export const defaultDatabaseUrl = 'sqlite:./data/parley.db';

export interface LoadedConfig {
  config: Config;
  env: Env;
  /** The config file that was read. */
  configPath: string;
  /** Where the effective value at a key path came from: the file, the built-in default, or the environment. */
  origin(path: Path): Origin;
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

/** The line of one problem: `config.yaml:7 digest.maxUpdates: expected a number, got "six"`. */
function issueLine(issue: z.core.$ZodIssue, locate: (path: Path, key?: string) => string, schema: z.ZodType, showInput = true): string[] {
  const path = issue.path as (string | number)[];
  const name = (p: Path) => (p.length > 0 ? p.join('.') : '(top level)');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const suggestion = closestKey(key, knownKeys(schema, path));
      return `${locate(path, key)} ${name([...path, key])}: unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
    });
  }
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${article(issue.expected)}${issue.expected}${showInput ? `, got ${shown(issue.input)}` : ''}`;
  return [`${locate(path)} ${name(path)}: ${message}`];
}

const article = (type: string) => (/^[aeiou]/.test(type) ? 'an ' : 'a ');

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Every problem of `data` against the config schema, one line each; none means it is valid. */
function validate(data: unknown, locate: (path: Path, key?: string) => string): { config?: Config; problems: string[] } {
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { config: parsed.data, problems: [] };
  return { problems: parsed.error.issues.flatMap((issue) => issueLine(issue, locate, configSchema)) };
}

/** "where:line" for a key path of a layer, or "where:" when the layer does not hold it. */
function locator(layer: Layer): (path: Path, key?: string) => string {
  return (path, key) => {
    const line = layer.lineOf(path, key);
    return line ? `${layer.where}:${line}` : `${layer.where}:`;
  };
}

/** The environment's problems, one line each; a value is never repeated, as it may be a secret. */
function describeEnvIssues(issues: z.core.$ZodIssue[]): string {
  return issues.flatMap((issue) => issueLine(issue, () => 'environment:', envSchema, false)).join('\n');
}

export function loadEnv(raw: NodeJS.ProcessEnv = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => raw[key] !== undefined && raw[key] !== '')
      .map((key) => [key, raw[key]]),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) throw new ConfigError(describeEnvIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * A complete config from one file's text, with every problem reported at once (one line each,
 * with the file's line number). Keys the file leaves out take the schema's defaults.
 */
export function parseConfig(text: string, where: string): Config {
  const problems: string[] = [];
  const layer = readLayer(text, where, problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const { config, problems: invalid } = validate(layer.data, locator(layer));
  if (!config) throw new ConfigError(invalid.join('\n'));
  return config;
}

/** Where a value of the effective configuration came from. */
export type Origin = 'file' | 'default' | 'environment';

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = loadEnv(options.env ?? process.env);
  const configPath = path.resolve(options.configPath ?? env.PARLEY_CONFIG ?? defaultConfigPath);
  const problems: string[] = [];
  const file = readLayer(readText(configPath), path.basename(configPath), problems);
  // A file other than the bundled default is layered over it: it holds only what the operator changes.
  const base = configPath === defaultConfigPath ? null : readLayer(readText(defaultConfigPath), path.basename(defaultConfigPath), problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const data = base ? layered(base.data, file.data) : file.data;
  const inFile = locator(file);
  const inBase = base ? locator(base) : inFile;
  const { config, problems: invalid } = validate(data, (keys, key) => (base && !hasPath(file.data, keys) && hasPath(base.data, keys) ? inBase(keys, key) : inFile(keys, key)));
  if (!config) throw new ConfigError(invalid.join('\n'));
  const allowFromEnv = env.PARLEY_ALLOW_PRIVATE_NETWORKS;
  // A relative articles folder is relative to the file that names it.
  const articlesFrom = base && !hasPath(file.data, ['sources', 'articles']) ? defaultConfigPath : configPath;
  const origin = (keys: Path): Origin => {
    if ((keys.join('.') === 'fetch.allowPrivateNetworks' && allowFromEnv !== undefined) || (keys.join('.') === 'log.level' && env.PARLEY_LOG_LEVEL)) return 'environment';
    if (hasPath(file.data, keys)) return 'file';
    return 'default';
  };
  return {
    config,
    env,
    configPath,
    origin,
    articlesDir: path.resolve(path.dirname(articlesFrom), config.sources.articles),
    databaseUrl: options.databaseUrl ?? env.PARLEY_DB ?? defaultDatabaseUrl,
    allowPrivateNetworks:
      allowFromEnv !== undefined ? allowFromEnv === 'true' || allowFromEnv === '1' : config.fetch.allowPrivateNetworks,
  };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`${file}: cannot read config: ${reason}`);
  }
}
