import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadEnv, parseConfig, projectRoot } from '../../src/config/index.ts';

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
    ['digest:\n  maxUpdates: six\n', /^c\.yaml:6 digest\.maxUpdates: expected a number, got "six"$/],
    ['digest:\n  colour: red\n', /^c\.yaml:6 digest\.colour: unknown key$/],
    ['digest:\n  maxUpdate: 4\n', /^c\.yaml:6 digest\.maxUpdate: unknown key \(did you mean "maxUpdates"\?\)$/],
    ['channels:\n  - platform: console\n    id: c\n    schedule: "every day"\n', /^c\.yaml:8 channels\.0\.schedule: expected a cron expression/],
    ['channels:\n  - platform: console\n    id: c\n    timeZone: Mars/Olympus\n', /^c\.yaml:8 channels\.0\.timeZone: expected an IANA time zone/],
    ['sources:\n  feeds:\n    - url: ftp://example.org/feed\n', /^c\.yaml:7 sources\.feeds\.0\.url: expected an http or https URL/],
    ['topic: [unclosed\n', /^c\.yaml(:\d+)?: not valid YAML/],
  ])('reports %j as one line naming the line and the key', (extra, expected) => {
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

  describe('a file holds only what the operator changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-config-'));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };

    it('layers a file that only adds a feed over the built-in defaults', () => {
      const loaded = loadConfig({ configPath: write('feed.yaml', 'sources:\n  feeds:\n    - url: https://example.org/world/rss.xml\n'), env: {} });
      expect(loaded.config.sources.feeds.map((f) => f.url)).toEqual(['https://example.org/world/rss.xml']);
      expect(loaded.config.topic.id).toBe('gaza-ceasefire-talks');
      expect(loaded.config.topic.actors).toContain('Hamas');
      // The default articles folder stays the bundled one, relative to the default file.
      expect(loaded.articlesDir).toBe(path.join(projectRoot, 'articles'));
      expect(loaded.origin(['sources', 'feeds'])).toBe('file');
      expect(loaded.origin(['digest', 'maxUpdates'])).toBe('default');
    });

    it('replaces a list whole and merges a mapping key by key', () => {
      const loaded = loadConfig({ configPath: write('terms.yaml', 'topic:\n  terms: [truce]\ndigest:\n  maxUpdates: 4\n'), env: {} });
      expect(loaded.config.topic.terms).toEqual(['truce']);
      expect(loaded.config.topic.name).toBe('Gaza ceasefire negotiations');
      expect(loaded.config.digest).toEqual({ maxUpdates: 4, language: 'en', engine: 'claims', maxWords: 160 });
    });

    it('reports every mistake of a file at once, one line each, with its line number', () => {
      const file = write('two.yaml', 'log:\n  level: info\ndigest:\n  maxUpdates: six\nchanels: []\n');
      let message = '';
      try {
        loadConfig({ configPath: file, env: {} });
      } catch (error) {
        message = (error as Error).message;
        expect((error as { exitCode: number }).exitCode).toBe(2);
      }
      expect(message.split('\n')).toEqual(['two.yaml:4 digest.maxUpdates: expected a number, got "six"', 'two.yaml:5 chanels: unknown key (did you mean "channels"?)']);
    });

    it('prints the effective configuration with where each value came from, secrets hidden', async () => {
      const { describeEffectiveConfig } = await import('../../src/config/describe.ts');
      const loaded = loadConfig({
        configPath: write('check.yaml', 'digest:\n  maxUpdates: 4\n'),
        databaseUrl: 'postgres://parley:hunter2@127.0.0.1/parley',
        env: { SLACK_BOT_TOKEN: 'xoxb-not-to-be-shown', PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' },
      });
      const shown = describeEffectiveConfig(loaded);
      expect(shown).toMatch(/maxUpdates: 4 {2}# file/);
      expect(shown).toMatch(/language: en {2}# default/);
      expect(shown).toMatch(/allowPrivateNetworks: true {2}# environment/);
      expect(shown).toMatch(/SLACK_BOT_TOKEN: \(set, hidden\)/);
      expect(shown).not.toMatch(/xoxb-not-to-be-shown|hunter2/);
    });
  });
});
