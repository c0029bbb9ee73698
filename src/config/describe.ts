import YAML from 'yaml';
import { secretEnvKeys } from '../logger.ts';
import { displayDatabaseUrl } from './database-url.ts';
import type { LoadedConfig } from './load.ts';
import type { Path } from './layers.ts';

/**
 * The effective configuration as `parley config check` prints it: every value with where it came
 * from (`# file`, `# default`, `# environment`), then the deployment settings the environment
 * gives, secrets masked. Lists are shown whole, with the origin of the list.
 */

/** Environment settings that are secrets: shown as set, never their value. */
const SECRET_KEYS = new Set<string>(secretEnvKeys);

/** The value the environment gives a config key it overrides. */
function fromEnvironment(loaded: LoadedConfig, key: string): unknown {
  if (key === 'fetch.allowPrivateNetworks') return loaded.allowPrivateNetworks;
  if (key === 'log.level') return loaded.env.PARLEY_LOG_LEVEL;
  return undefined;
}

export function describeEffectiveConfig(loaded: LoadedConfig): string {
  const lines = [`# ${loaded.configPath}`];
  const walk = (value: unknown, path: Path, indent: string) => {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const keys = [...path, key];
      // The articles folder is relative to the file that names it: show where it resolves.
      const resolved = keys.join('.') === 'sources.articles' ? ` (${loaded.articlesDir})` : '';
      const origin = `  # ${loaded.origin(keys)}${resolved}`;
      if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
        lines.push(`${indent}${key}:`);
        walk(child, keys, `${indent}  `);
      } else if (Array.isArray(child) && child.length > 0) {
        lines.push(`${indent}${key}:${origin}`);
        const block = YAML.stringify(child, { lineWidth: 0 }).trimEnd().split('\n');
        for (const line of block) lines.push(`${indent}  ${line}`);
      } else {
        const shownValue = loaded.origin(keys) === 'environment' ? fromEnvironment(loaded, keys.join('.')) : child;
        lines.push(`${indent}${key}: ${YAML.stringify(shownValue, { lineWidth: 0 }).trimEnd()}${origin}`);
      }
    }
  };
  walk(loaded.config, [], '');
  lines.push('', '# deployment settings: from the environment, else their defaults');
  lines.push(`database: ${displayDatabaseUrl(loaded.databaseUrl)}`);
  for (const [key, value] of Object.entries(loaded.env)) {
    if (value === undefined) continue;
    const shownValue = SECRET_KEYS.has(key) ? '(set, hidden)' : key === 'PARLEY_DB' ? displayDatabaseUrl(String(value)) : String(value);
    lines.push(`${key}: ${shownValue}`);
  }
  return lines.join('\n');
}
