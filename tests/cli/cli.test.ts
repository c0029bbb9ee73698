import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestSchema, latestAnswerSchema } from '../../src/digest/model.ts';
import { explanationSchema } from '../../src/digest/explanation.ts';
import { freshPgDatabase, pgUrl } from '../support/stores.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/files');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function parley(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/parley.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('the parley command', { timeout: 120_000 }, () => {
  let tmp: string;
  let db: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'));
    db = `sqlite:${path.join(tmp, 'parley.db')}`;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ingests the bundled articles, prints a digest as JSON, then says nothing is new', () => {
    const ingest = parley(['ingest', '--db', db]);
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toBe('files: 5 new, 0 updated, 0 unchanged, 0 skipped\n');

    const dry = parley(['digest', '--format', 'json', '--dry-run', '--db', db, '--now', '2026-01-02T08:00:00Z']);
    expect(dry.code).toBe(0);
    const digest = digestSchema.parse(JSON.parse(dry.stdout));
    expect(digest).toMatchObject({ channel: 'console', topic: 'gaza-ceasefire-talks', until: '2026-01-02T08:00:00.000Z' });
    expect(digest.updates.length).toBeGreaterThan(0);
    const files = digest.updates.flatMap((update) => update.sources.map((source) => source.file));
    expect(files.every((file) => file?.startsWith('articles/'))).toBe(true);
    expect(JSON.stringify(digest)).not.toMatch(/Source link|Leave a Comment|Related Article|Read more:/);

    // --dry-run recorded nothing: the same digest comes again, and this time it is recorded.
    const real = parley(['digest', '--format', 'json', '--db', db, '--now', '2026-01-02T08:00:00Z']);
    expect(real.code).toBe(0);
    expect(digestSchema.parse(JSON.parse(real.stdout)).updates).toEqual(digest.updates);

    const again = parley(['digest', '--db', db, '--now', '2026-01-02T09:00:00Z']);
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toHaveLength(1);
    expect(again.stdout).toMatch(/nothing new/i);
  });

  it('explains what became of every article and candidate, as text or JSON, and refuses a platform format', () => {
    const fresh = `sqlite:${path.join(tmp, 'explain.db')}`;
    expect(parley(['ingest', '--db', fresh]).code).toBe(0);
    const text = parley(['digest', '--dry-run', '--explain', '--db', fresh]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Why each article and development was or was not posted \(engine: claims\)$/m);
    expect(text.stdout).toMatch(/^ {2}posted \(\d+\)$/m);
    const json = parley(['digest', '--dry-run', '--explain', '--format', 'json', '--db', fresh]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { digest: unknown; explanation: unknown };
    expect(digestSchema.parse(parsed.digest).updates.length).toBeGreaterThan(0);
    expect(explanationSchema.parse(parsed.explanation).articles).toHaveLength(5);
    const slack = parley(['digest', '--dry-run', '--explain', '--format', 'slack', '--db', fresh]);
    expect(slack.code).toBe(2);
    expect(slack.stderr).toMatch(/--explain prints text or json/);
  });

  it('explains the last recorded digest with the reasons kept with it, and says when there is none', () => {
    const fresh = `sqlite:${path.join(tmp, 'explain-last.db')}`;
    expect(parley(['ingest', '--db', fresh]).code).toBe(0);
    const none = parley(['digest', '--explain', '--last', '--db', fresh]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has had no digest with news yet/);
    expect(parley(['digest', '--last', '--db', fresh]).code).toBe(2);
    const recorded = parley(['digest', '--format', 'json', '--db', fresh]);
    expect(recorded.code).toBe(0);
    const last = parley(['digest', '--explain', '--last', '--format', 'json', '--db', fresh]);
    expect(last.code).toBe(0);
    const parsed = JSON.parse(last.stdout) as { digest: unknown; explanation: unknown };
    expect(parsed.digest).toEqual(JSON.parse(recorded.stdout));
    expect(explanationSchema.parse(parsed.explanation).candidates.some((c) => c.fate === 'posted')).toBe(true);
    const text = parley(['digest', '--explain', '--last', '--db', fresh]);
    expect(text.stdout).toMatch(/^Why each article and development was or was not posted/m);
  });

  it('prints the rendered Slack and Discord messages of a digest without recording it', () => {
    const fresh = `sqlite:${path.join(tmp, 'formats.db')}`;
    expect(parley(['ingest', '--db', fresh]).code).toBe(0);
    const slack = parley(['digest', '--format', 'slack', '--dry-run', '--db', fresh]);
    expect(slack.code).toBe(0);
    const slackMessages = JSON.parse(slack.stdout) as { text: string; blocks: unknown[] }[];
    expect(slackMessages.length).toBeGreaterThan(1);
    expect(slackMessages.every((message) => typeof message.text === 'string' && Array.isArray(message.blocks))).toBe(true);

    const discord = parley(['digest', '--format', 'discord', '--dry-run', '--db', fresh]);
    expect(discord.code).toBe(0);
    const discordMessages = JSON.parse(discord.stdout) as { allowed_mentions: { parse: unknown[] } }[];
    // Same digest, not recorded in between: as many messages, and no mention can ping anyone.
    expect(discordMessages).toHaveLength(slackMessages.length);
    expect(discordMessages.every((message) => message.allowed_mentions.parse.length === 0)).toBe(true);
  });

  it('answers latest as JSON with sources', () => {
    const latest = parley(['latest', 'Doha', 'talks', '--format', 'json', '--limit', '3', '--db', db]);
    expect(latest.code).toBe(0);
    const answer = latestAnswerSchema.parse(JSON.parse(latest.stdout));
    expect(answer.query).toBe('Doha talks');
    expect(answer.updates.length).toBeGreaterThan(0);
    expect(answer.updates.length).toBeLessThanOrEqual(3);
  });

  it('reports bad files by name and reason on stderr and still ingests the rest', () => {
    const run = parley(['ingest', path.join(fixtures, 'mixed'), '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('files: 2 new, 0 updated, 0 unchanged, 5 skipped\n');
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(5);
    expect(errors).toContainEqual(expect.stringMatching(/^parley: skipped tests\/fixtures\/files\/mixed\/photo-caption\.txt: binary file, not text$/));
    expect(errors).toContainEqual(expect.stringMatching(/bad-date\.md: front matter: published: expected a date/));
  });

  it('ingests a feed URL and a folder together, naming the feed that failed', async () => {
    const feed = fs.readFileSync(path.join(root, 'tests/fixtures/feeds/ceasefire-rss2.xml'));
    const server = http.createServer((request, response) => {
      if (request.url === '/feed.xml') response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // The child blocks this process while it runs, so the server answers from a second one.
      const run = await new Promise<Run>((resolve) => {
        const child = spawn(process.execPath, [path.join(root, 'bin/parley.js'), 'ingest', `${base}/feed.xml`, `${base}/gone.xml`, 'articles', '--db', `sqlite:${path.join(tmp, 'feeds.db')}`], {
          cwd: root,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_ALLOW_PRIVATE_NETWORKS: 'true' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^files: 5 new, 0 updated, 0 unchanged, 0 skipped\nfeeds: 1 read, 1 failed; items: [1-9]\d* new, 0 updated, 0 unchanged\n$/);
      expect(lines(run.stderr)).toEqual([expect.stringMatching(new RegExp(`^parley: .*${base}/gone\\.xml.*404`))]);
    } finally {
      server.close();
    }
  });

  it('fails with exit code 1 when every input failed', () => {
    const run = parley(['ingest', path.join(fixtures, 'mixed/empty.md'), path.join(tmp, 'missing-folder'), '--db', db]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr).at(-1)).toBe('parley: nothing was ingested: every input failed');
  });

  it('refuses a bad config with exit code 2 and one line naming the key', () => {
    const config = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(config, 'topic:\n  id: gaza\n  name: Gaza\n  terms: [ceasefire]\ndigest:\n  maxUpdates: many\n');
    const run = parley(['digest', '--config', config, '--db', db]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['parley: bad.yaml:6 digest.maxUpdates: expected a number, got "many"']);
    expect(run.stdout).toBe('');
  });

  it('reports every mistake of a config file, one line each, and checks a good one', () => {
    const config = path.join(tmp, 'two.yaml');
    fs.writeFileSync(config, 'digest:\n  maxUpdates: six\nchanels: []\n');
    const run = parley(['digest', '--config', config, '--db', db]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['parley: two.yaml:2 digest.maxUpdates: expected a number, got "six"', 'parley: two.yaml:3 chanels: unknown key (did you mean "channels"?)']);
    const good = path.join(tmp, 'good.yaml');
    fs.writeFileSync(good, 'digest:\n  maxUpdates: 4\n');
    const check = parley(['config', 'check', '--config', good]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/maxUpdates: 4 {2}# file/);
    expect(check.stdout).toMatch(/id: gaza-ceasefire-talks {2}# default/);
  });

  it('refuses an unknown option with exit code 2 and one line', () => {
    const run = parley(['digest', '--colour', 'red', '--db', db]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringContaining("unknown option '--colour'")]);
  });

  it('names an unknown channel', () => {
    const run = parley(['digest', '--channel', 'C0NOPE', '--db', db], { PARLEY_CONFIG: path.join(root, 'config/default.yaml') });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('parley: unknown channel "C0NOPE" (known channels: console)\n');
  });
});

describe.skipIf(!pgUrl)('the parley command on PostgreSQL', { timeout: 120_000 }, () => {
  it('ingests, prints a digest, then says nothing is new, and exits after each command', async () => {
    const database = await freshPgDatabase();
    try {
      expect(parley(['ingest', '--db', database.url]).stdout).toBe('files: 5 new, 0 updated, 0 unchanged, 0 skipped\n');
      const first = parley(['digest', '--format', 'json', '--db', database.url]);
      expect(first.code).toBe(0);
      expect(digestSchema.parse(JSON.parse(first.stdout)).updates.length).toBeGreaterThan(0);
      const again = parley(['digest', '--db', database.url]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^Nothing new[^\n]*\n$/i);
    } finally {
      await database.drop();
    }
  });
});
