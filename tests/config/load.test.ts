import { describe, expect, it } from 'vitest';
import { loadConfig, loadEnv, parseConfig } from '../../src/config/index.ts';

const minimal = 'topic:\n  id: t\n  name: T\n  terms: [ceasefire]\n';

describe('config', () => {
  it('loads the bundled default with the console channel and the articles folder', () => {
    const loaded = loadConfig({ env: {} });
    expect(loaded.config.topic.id).toBe('gaza-ceasefire-talks');
    expect(loaded.config.channels).toEqual([
      { platform: 'console', id: 'console', schedule: '0 8 * * *', timeZone: 'UTC', notifyEmpty: false },
    ]);
    expect(loaded.articlesDir).toMatch(/articles$/);
    expect(loaded.databaseUrl).toBe('sqlite:./data/parley.db');
  });

  it.each([
    ['digest:\n  maxUpdates: six\n', /^c\.yaml: digest\.maxUpdates: .*number/],
    ['digest:\n  colour: red\n', /^c\.yaml: digest: unknown key "colour"/],
    ['channels:\n  - platform: console\n    id: c\n    schedule: "every day"\n', /^c\.yaml: channels\.0\.schedule: expected a cron expression/],
    ['channels:\n  - platform: console\n    id: c\n    timeZone: Mars/Olympus\n', /^c\.yaml: channels\.0\.timeZone: expected an IANA time zone/],
    ['sources:\n  feeds:\n    - url: ftp://example.org/feed\n', /^c\.yaml: sources\.feeds\.0\.url: expected an http or https URL/],
    ['topic: [unclosed\n', /^c\.yaml: not valid YAML/],
  ])('reports %j as one line naming the key', (extra, expected) => {
    const text = extra.startsWith('topic') ? extra : minimal + extra;
    expect(() => parseConfig(text, 'c.yaml')).toThrow(expected);
    try {
      parseConfig(text, 'c.yaml');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('validates deployment settings from the environment', () => {
    expect(() => loadEnv({ DISCORD_PUBLIC_KEY: 'xyz' })).toThrow(/^environment: DISCORD_PUBLIC_KEY: expected 64 hex/);
    expect(() => loadEnv({ PARLEY_ADMINS: 'slack:U1,irc:bob' })).toThrow(/PARLEY_ADMINS/);
    expect(loadEnv({ PORT: '8080', PARLEY_ADMINS: 'slack:U1, discord:42' }).PORT).toBe(8080);
  });

  it('lets PARLEY_ALLOW_PRIVATE_NETWORKS override the config', () => {
    expect(loadConfig({ env: { PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' } }).allowPrivateNetworks).toBe(true);
    expect(loadConfig({ env: {} }).allowPrivateNetworks).toBe(false);
  });
});
