import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sentencePool, writeSyntheticArticles } from './synthetic-articles.ts';

/**
 * The outside view of ingestion and `/latest`, as an operator runs them: `parley ingest FOLDER` on
 * synthetic article files, then `parley latest` against that database, each a process of its own
 * timed from outside (wall clock, peak RSS from /usr/bin/time). The floor is the same files read
 * and inserted with their text into SQLite + FTS5 by better-sqlite3 in one transaction, in a
 * process of its own, in the same run.
 */
const root = path.resolve(import.meta.dirname, '..');
const parley = path.join(root, 'bin/parley.js');

export interface OutsideFigures {
  size: number;
  floorMs: number;
  ingestMs: number;
  ingestPeakMb: number;
  /** `parley latest` at this size minus the same on the five bundled articles (medians of 7). */
  latestExtraMs: number;
  /** `parley latest` on the five bundled articles minus `parley --help`. */
  startupMs: number;
}

const FLOOR = `
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
const [dir, dbFile] = process.argv.slice(2);
const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.exec("CREATE TABLE articles (id INTEGER PRIMARY KEY, file TEXT UNIQUE, text TEXT NOT NULL); CREATE VIRTUAL TABLE article_fts USING fts5(text, content='articles', content_rowid='id', tokenize='porter unicode61')");
const insert = db.prepare('INSERT INTO articles (file, text) VALUES (?, ?)');
const index = db.prepare('INSERT INTO article_fts (rowid, text) VALUES (?, ?)');
const files = fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => f.endsWith('.txt'));
db.transaction(() => { for (const f of files) { const text = fs.readFileSync(f, 'utf8'); index.run(insert.run(f, text).lastInsertRowid, text); } })();
`;

function timed(args: string[], cwd = root): { ms: number; peakMb: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  const [seconds, kb] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { ms: seconds! * 1000, peakMb: kb! / 1024 };
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of a short command, median of 7, measured in this process (finer than /usr/bin/time's 10 ms). */
function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export function runIngestOutsideBench(sizes: readonly number[], log: (line: string) => void): OutsideFigures[] {
  if (!fs.existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for peak RSS (Debian package "time")');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-outside-'));
  try {
    const pool = sentencePool(path.join(root, 'articles'));
    const floorScript = path.join(dir, 'floor.mjs');
    fs.writeFileSync(floorScript, FLOOR);
    // The floor script resolves better-sqlite3 from the project.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    const seeds = `sqlite:${path.join(dir, 'seeds.db')}`;
    timed([process.execPath, parley, 'ingest', path.join(root, 'articles'), '--db', seeds]);
    const help = medianMs([parley, '--help']);
    const onSeeds = medianMs([parley, 'latest', 'Doha talks', '--db', seeds]);
    const figures: OutsideFigures[] = [];
    for (const size of sizes) {
      const folder = path.join(dir, `articles-${size}`);
      writeSyntheticArticles(folder, size, pool);
      const floorMs = timed([process.execPath, floorScript, folder, path.join(dir, `floor-${size}.db`)]).ms;
      const db = `sqlite:${path.join(dir, `parley-${size}.db`)}`;
      const ingest = timed([process.execPath, parley, 'ingest', folder, '--db', db]);
      // The first question analyses what was ingested; the measure is a question after that.
      timed([process.execPath, parley, 'latest', 'Doha talks', '--db', db]);
      const latest = medianMs([parley, 'latest', 'Doha talks', '--db', db]);
      figures.push({ size, floorMs, ingestMs: ingest.ms, ingestPeakMb: ingest.peakMb, latestExtraMs: latest - onSeeds, startupMs: onSeeds - help });
      log(`  ${size.toLocaleString('en-US')} files: floor ${(floorMs / 1000).toFixed(1)} s, parley ingest ${(ingest.ms / 1000).toFixed(1)} s = ${(ingest.ms / floorMs).toFixed(1)}× the floor (target ≤ 3×), peak RSS ${ingest.peakMb.toFixed(0)} MB (target ≤ 300 MB)`);
      log(`  parley latest: +${(latest - onSeeds).toFixed(0)} ms over the five bundled articles (target ≤ 50 ms); on those, +${(onSeeds - help).toFixed(0)} ms over --help (target ≤ 200 ms)`);
      fs.rmSync(folder, { recursive: true, force: true });
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
