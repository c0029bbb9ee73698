/**
 * Article extraction speed: pages per second over Mozilla Readability's 130 saved test pages
 * (read from ../shared/corpora, skipped when absent), against the floor of merely parsing the same
 * HTML into a linkedom DOM, and the process's peak memory — in one run.
 *
 *   npx tsx bench/extract.ts        (or through `npm run bench`)
 *
 * `npm run bench` runs it in a child process with a 256 MB heap limit, so that its peak memory is
 * its own and says what extraction needs (V8 left to itself grows the heap lazily, far beyond that).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { extractArticle } from '../src/sources/extract/index.ts';
import { parseDocument } from '../src/sources/extract/parse-dom.ts';

export interface ExtractBenchResult {
  pages: number;
  megabytes: number;
  rounds: number;
  parsePagesPerSecond: number;
  extractPagesPerSecond: number;
  /** Per second of CPU time: steadier than wall time when the machine is busy. */
  parsePagesPerCpuSecond: number;
  extractPagesPerCpuSecond: number;
  /** Extraction time over parse-only time. */
  overParse: number;
  slowestPageMs: number;
  /** Largest heap in use after a page (garbage not yet collected included); collected before each phase. */
  peakHeapMb: number;
  /** The process's peak resident memory; V8 collects lazily, so this is above what is needed. */
  peakRssMb: number;
  /** 1-minute load average during the run: other work on the machine slows every figure. */
  load: number;
}

// A collector handle without --expose-gc on the command line, so phases start from a clean heap.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

const corpus = path.resolve(import.meta.dirname, '../../shared/corpora/readability-test-pages');

function timed(pages: readonly string[], rounds: number, work: (html: string) => unknown): { seconds: number; cpuSeconds: number; slowestMs: number; peakHeap: number } {
  collect();
  const cpuBefore = process.cpuUsage();
  let slowestMs = 0;
  let peakHeap = 0;
  let measuring = 0;
  for (let round = 0; round < rounds; round++) {
    for (const html of pages) {
      const t = performance.now();
      work(html);
      const took = performance.now() - t;
      measuring += took;
      slowestMs = Math.max(slowestMs, took);
      // Read outside the timed section: memoryUsage itself costs time.
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: measuring / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, slowestMs, peakHeap };
}

/** Returns null when the corpus is absent. */
export function benchExtract(rounds = 3): ExtractBenchResult | null {
  if (!fs.existsSync(corpus)) return null;
  const pages = fs
    .readdirSync(corpus)
    .map((name) => path.join(corpus, name, 'source.html'))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, 'utf8'));
  const bytes = pages.reduce((sum, html) => sum + Buffer.byteLength(html), 0);

  // One warm-up pass of each, so both are measured with the JIT warm.
  timed(pages, 1, parseDocument);
  timed(pages, 1, (html) => extractArticle(html, 'https://example.com/article'));

  const parse = timed(pages, rounds, parseDocument);
  const extract = timed(pages, rounds, (html) => extractArticle(html, 'https://example.com/article'));
  const count = pages.length * rounds;
  return {
    pages: pages.length,
    megabytes: bytes / (1024 * 1024),
    rounds,
    parsePagesPerSecond: count / parse.seconds,
    extractPagesPerSecond: count / extract.seconds,
    parsePagesPerCpuSecond: count / parse.cpuSeconds,
    extractPagesPerCpuSecond: count / extract.cpuSeconds,
    overParse: extract.seconds / parse.seconds,
    slowestPageMs: extract.slowestMs,
    peakHeapMb: Math.max(parse.peakHeap, extract.peakHeap) / (1024 * 1024),
    // maxRSS is in kilobytes: the peak over the whole process, both phases included.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    load: os.loadavg()[0]!,
  };
}

export function describeExtractBench(result: ExtractBenchResult | null): string {
  if (!result) return `extract: skipped (no corpus at ${corpus})`;
  return [
    `extract: ${result.pages} pages (${result.megabytes.toFixed(1)} MB), ${result.rounds} rounds`,
    `  parse into a DOM only (floor): ${result.parsePagesPerSecond.toFixed(1)} pages/s (${result.parsePagesPerCpuSecond.toFixed(1)} per CPU second)`,
    `  extract article:               ${result.extractPagesPerSecond.toFixed(1)} pages/s (${result.extractPagesPerCpuSecond.toFixed(1)} per CPU second; ${result.overParse.toFixed(2)}x the parse time; slowest page ${result.slowestPageMs.toFixed(0)} ms)`,
    `  peak heap in use (uncollected garbage included): ${result.peakHeapMb.toFixed(0)} MB; peak RSS: ${result.peakRssMb.toFixed(0)} MB` +
      ` (V8 heap limit ${Math.round(v8.getHeapStatistics().heap_size_limit / (1024 * 1024))} MB)`,
    `  load average during the run: ${result.load.toFixed(1)} on ${os.cpus().length} cores`,
  ].join('\n');
}

/** Heap limit of the child process `npm run bench` runs this benchmark in. */
export const benchHeapLimitMb = 256;

/** Runs this benchmark in its own process, passing its lines to `out`; false when it fails. */
export function runExtractBenchInChild(out: (line: string) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${benchHeapLimitMb}`, '--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) out(line);
    });
    child.on('close', (code) => {
      if (buffered) out(buffered);
      resolve(code === 0);
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${describeExtractBench(benchExtract())}\n`);
}
