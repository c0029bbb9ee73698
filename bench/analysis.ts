import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePending, relevanceOf } from '../src/analysis/store-analysis.ts';
import { parseConfig } from '../src/config/index.ts';
import { planDigest } from '../src/digest/index.ts';
import { readArticleFile } from '../src/sources/files.ts';
import { openStore, saveArticle, type Store } from '../src/store/index.ts';
import { ensureSubscription } from '../src/store/subscriptions.ts';
import { sentencePool, writeSyntheticArticles } from './synthetic-articles.ts';

/**
 * Analysis benchmark: ingest N synthetic articles twice on fresh SQLite databases, once with the
 * raw floor (read + parse + insert, no analysis) and once with the full analysis (quotes, speakers,
 * figures, claims, fingerprints and LSH buckets, topic relevance), and plan a digest of 1,000 new
 * articles. Prints articles/s, the full pipeline as a multiple of the floor, peak RSS, and
 * planning time.
 */

const root = path.resolve(import.meta.dirname, '..');
const BATCH = 500;

export interface AnalysisBenchResult {
  size: number;
  floorPerSecond: number;
  fullPerSecond: number;
  ratio: number;
  planMs: number;
  planColdMs: number;
  /** The cached plan with its explanation recorded, and the same plan without (medians of five). */
  explainedMs: number;
  unexplainedMs: number;
  /** Planning with `digest.engine: clusters`, sentence features cached and not. */
  clustersMs: number;
  clustersColdMs: number;
  peakRssMb: number;
}

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

async function ingest(store: Store, files: string[], analyze: boolean, topic: ReturnType<typeof parseConfig>['topic']): Promise<number> {
  const started = performance.now();
  const now = new Date('2024-11-01T00:00:00Z');
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const ids = await store.db.transaction().execute(async (trx) => {
      const out: number[] = [];
      for (const file of batch) out.push((await saveArticle(trx, await readArticleFile(file), now)).id);
      if (analyze) {
        await analyzePending(trx, topic);
        await relevanceOf(trx, out, topic);
      }
      return out;
    });
    if (ids.length !== batch.length) throw new Error('ingest lost articles');
    sample();
  }
  return performance.now() - started;
}

export async function runAnalysisBench(size: number, log: (line: string) => void): Promise<AnalysisBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  try {
    const config = parseConfig(fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8'), 'config/default.yaml');
    const files = writeSyntheticArticles(path.join(dir, 'articles'), size, sentencePool(path.join(root, 'articles')));
    log(`  generated ${size} articles in ${path.join(dir, 'articles')}`);

    const floorStore = await openStore(`sqlite:${path.join(dir, 'floor.db')}`);
    const floorMs = await ingest(floorStore, files, false, config.topic);
    await floorStore.close();
    log(`  peak RSS after the floor run: ${(peakRss / 2 ** 20).toFixed(0)} MB`);

    const store = await openStore(`sqlite:${path.join(dir, 'full.db')}`);
    const fullMs = await ingest(store, files, true, config.topic);
    log(`  peak RSS after the full run: ${(peakRss / 2 ** 20).toFixed(0)} MB`);

    // A channel whose cursor leaves the last 1,000 articles new; their analysis is cached.
    const maxSeq = size;
    const subscription = await ensureSubscription(store.db, { platform: 'console', channelId: 'bench', topic: config.topic.id, schedule: '0 8 * * *', timeZone: 'UTC' });
    const behind = { ...subscription, cursor_seq: Math.max(0, maxSeq - 1000) };
    let started = performance.now();
    const plan = await planDigest({ db: store.db, subscription: behind, config, now: new Date('2024-11-02T00:00:00Z') });
    const planMs = performance.now() - started;
    sample();
    log(`  peak RSS after planning: ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    // What recording every decision for "why wasn't this posted?" adds: the same plan with and
    // without its explanation, alternating, the median of each (one run is within the noise).
    const explained: number[] = [];
    const unexplained: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const explain of [true, false]) {
        started = performance.now();
        await planDigest({ db: store.db, subscription: behind, config, now: new Date('2024-11-02T00:00:00Z'), explain });
        (explain ? explained : unexplained).push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const explainedMs = median(explained);
    const unexplainedMs = median(unexplained);
    sample();
    // The same with the per-article cache dropped: what planning costs when nothing was analyzed at ingest.
    await store.db.deleteFrom('annotations').where('article_id', '>', maxSeq - 1000).execute();
    started = performance.now();
    await planDigest({ db: store.db, subscription: behind, config, now: new Date('2024-11-02T00:00:00Z') });
    const planColdMs = performance.now() - started;
    sample();
    // The clusters engine on the same 1,000 articles: first reading their sentences with the
    // language model (cached in annotations), then from that cache.
    const clusters = { ...config, digest: { ...config.digest, engine: 'clusters' as const } };
    started = performance.now();
    await planDigest({ db: store.db, subscription: behind, config: clusters, now: new Date('2024-11-02T00:00:00Z') });
    const clustersColdMs = performance.now() - started;
    sample();
    started = performance.now();
    await planDigest({ db: store.db, subscription: behind, config: clusters, now: new Date('2024-11-02T00:00:00Z') });
    const clustersMs = performance.now() - started;
    sample();
    await store.close();
    log(`  digest of 1,000 new articles: ${plan.digest.updates.length} updates, ${plan.digest.stats.duplicates} duplicates, ${plan.digest.stats.offTopic} off-topic`);

    const result: AnalysisBenchResult = {
      size,
      floorPerSecond: (size / floorMs) * 1000,
      fullPerSecond: (size / fullMs) * 1000,
      ratio: fullMs / floorMs,
      planMs,
      planColdMs,
      explainedMs,
      unexplainedMs,
      clustersMs,
      clustersColdMs,
      peakRssMb: peakRss / 2 ** 20,
    };
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Heap limit of the child process the benchmark runs in. V8 grows its heap lazily far beyond what
 * the work keeps alive; the limit makes peak RSS show what the pipeline needs (the work itself
 * is batched and runs in much less).
 */
export const analysisHeapLimitMb = 192;

/** Runs one size in its own process, so its peak memory is its own; lines go to `out`. */
export function runAnalysisBenchInChild(size: number, out: (line: string) => void): Promise<AnalysisBenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${analysisHeapLimitMb}`, '--import', 'tsx', fileURLToPath(import.meta.url), String(size)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    let result: AnalysisBenchResult | null = null;
    const line = (l: string) => {
      if (l.startsWith('RESULT ')) result = JSON.parse(l.slice(7)) as AnalysisBenchResult;
      else out(l);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      lines.forEach(line);
    });
    child.on('close', (code) => {
      if (buffered) line(buffered);
      if (result) resolve(result);
      else reject(new Error(`analysis benchmark exited with ${code}`));
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runAnalysisBench(Number(process.argv[2] ?? 10_000), (l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
