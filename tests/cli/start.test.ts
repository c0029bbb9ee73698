import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Started {
  stdout: () => string;
  stderr: () => string;
  waitFor: (pattern: RegExp, stream: 'stdout' | 'stderr', ms?: number) => Promise<void>;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

/** Every child still running when a test ends (a failed expectation, say) is killed, never left behind. */
const children = new Set<ReturnType<typeof spawn>>();

function startParley(args: string[]): Started {
  const child = spawn(process.execPath, [path.join(root, 'bin/parley.js'), 'start', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, stream, ms = 60_000) {
      const end = Date.now() + ms;
      while (!pattern.test(stream === 'stdout' ? out : err)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${pattern} on ${stream}; stderr: ${err.slice(-500)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describe('parley start', { timeout: 120_000 }, () => {
  let tmp: string;
  let args: string[];

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
    const config = path.join(tmp, 'parley.yaml');
    const defaults = fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8');
    fs.writeFileSync(config, defaults.replace('articles: ../articles', `articles: ${JSON.stringify(path.join(root, 'articles'))}`));
    args = ['--config', config, '--db', `sqlite:${path.join(tmp, 'parley.db')}`];
  });
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints the first digest to the console right away and stops cleanly on SIGTERM', async () => {
    const run = startParley(args);
    await run.waitFor(/parley running/, 'stderr');
    await run.waitFor(/articles\/004_01f7d1bb75bbb616\.txt/, 'stdout', 10_000);
    expect(await run.stop('SIGTERM')).toBe(0);
    expect(run.stderr()).toMatch(/parley stopped/);
  });

  it('does not repeat the first digest after a restart, and stops cleanly on SIGINT', async () => {
    const run = startParley(args);
    await run.waitFor(/parley running/, 'stderr');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(run.stdout()).toBe('');
    expect(await run.stop('SIGINT')).toBe(0);
  });

  it('stops cleanly when told to stop while still starting', async () => {
    const run = startParley(args);
    await run.waitFor(/parley starting/, 'stderr');
    expect(await run.stop('SIGTERM')).toBe(0);
    expect(run.stderr()).toMatch(/parley stopped/);
  });
});
