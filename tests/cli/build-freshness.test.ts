import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtCliIsFresh } from '../../bin/build-freshness.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the compiled command', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A project tree with one source file and, optionally, a build; times in seconds since the epoch. */
  function tree(times: { source: number; lock: number; build?: number }): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-build-'));
    const file = (name: string, at: number) => {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), '');
      fs.utimesSync(path.join(dir, name), at, at);
    };
    file('src/digest/plan.ts', times.source);
    file('package-lock.json', times.lock);
    if (times.build !== undefined) file('dist/cli.js', times.build);
    return dir;
  }

  it('is used only when built after every source file and the lock file last changed', () => {
    expect(builtCliIsFresh(tree({ source: 1000, lock: 1000, build: 2000 }))).toBe(true);
    fs.rmSync(dir, { recursive: true });
    expect(builtCliIsFresh(tree({ source: 3000, lock: 1000, build: 2000 }))).toBe(false);
    fs.rmSync(dir, { recursive: true });
    expect(builtCliIsFresh(tree({ source: 1000, lock: 3000, build: 2000 }))).toBe(false);
    fs.rmSync(dir, { recursive: true });
    expect(builtCliIsFresh(tree({ source: 1000, lock: 1000 }))).toBe(false);
  });

  it('runs the same from the sources when asked to', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-build-'));
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(root, 'bin/parley.js'), '--help'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const compiled = run({});
    const sources = run({ PARLEY_FROM_SOURCE: '1' });
    expect(sources.status).toBe(0);
    expect(sources.stdout).toBe(compiled.stdout);
  });
});
