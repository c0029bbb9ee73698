import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');
const platformSdk = /from\s+['"](discord\.js|@discordjs\/[^'"]+|@slack\/[^'"]+)['"]/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('module boundaries', () => {
  it('imports Slack and Discord SDKs only under src/platforms/', () => {
    const offenders = sourceFiles(src)
      .filter((file) => !path.relative(src, file).startsWith(`platforms${path.sep}`))
      .filter((file) => platformSdk.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(src, file));
    expect(offenders).toEqual([]);
  });

  it('never writes to the console from the core (the CLI prints through process.stdout)', () => {
    const offenders = sourceFiles(src)
      .filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(src, file));
    expect(offenders).toEqual([]);
  });
});
