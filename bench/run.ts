/**
 * `npm run bench`: runs each benchmark module in turn and prints its figures.
 *
 *   npm run bench                      10,000 articles
 *   npm run bench -- --large           10,000 and 100,000 articles (linear growth check)
 *   npm run bench -- --size 2000       another size
 *   npm run bench -- --only analysis   only the benchmarks whose name starts with this
 *   npm run bench -- --only outside    parley ingest / latest as processes at 5,000 and 20,000 files
 *   npm run bench -- --only web        the web pages over HTTP at the largest size (SQLite, PostgreSQL)
 *
 * Benchmarks are not part of CI: they take minutes and need the disk space of the articles.
 * Another benchmark is added as a module with an entry in `benchmarks` below.
 */
import os from 'node:os';
import { analysisHeapLimitMb, runAnalysisBenchInChild } from './analysis.ts';
import { runDeliveryThroughputBench } from './delivery-throughput.ts';
import { runExtractBenchInChild } from './extract.ts';
import { runIngestOutsideBench } from './ingest-outside.ts';
import { runLatestLatencyBench } from './latest-latency.ts';
import { runWebPagesBench } from './web-pages.ts';

const args = process.argv.slice(2);
const sizeArg = args.indexOf('--size');
const sizes = sizeArg >= 0 ? [Number(args[sizeArg + 1])] : args.includes('--large') ? [10_000, 100_000] : [10_000];
const out = (line: string) => process.stdout.write(`${line}\n`);

const benchmarks: { name: string; run: () => Promise<boolean> }[] = [
  {
    name: 'analysis: ingest + full analysis vs. the raw floor, digest planning',
    async run() {
      const results = [];
      for (const size of sizes) {
        out(`- ${size.toLocaleString('en-US')} articles`);
        const r = await runAnalysisBenchInChild(size, out);
        results.push(r);
        out(`  floor (read + parse + insert): ${r.floorPerSecond.toFixed(0)} articles/s`);
        out(`  full analysis:                 ${r.fullPerSecond.toFixed(0)} articles/s = ${r.ratio.toFixed(2)}× the floor's time (target ≤ 3×)`);
        out(`  planning 1,000 new articles:   ${r.planMs.toFixed(0)} ms cached (target ≤ 1000 ms), ${r.planColdMs.toFixed(0)} ms with nothing cached`);
        out(`  … with its explanation:        ${r.explainedMs.toFixed(0)} ms against ${r.unexplainedMs.toFixed(0)} ms without = ${(r.explainedMs / r.unexplainedMs).toFixed(2)}× (target ≤ 1.10×)`);
        out(`  … with digest.engine clusters:  ${r.clustersMs.toFixed(0)} ms cached (target ≤ 1000 ms), ${r.clustersColdMs.toFixed(0)} ms reading the sentences first`);
        out(`  peak RSS:                      ${r.peakRssMb.toFixed(0)} MB (target ≤ 300 MB; own process, V8 heap limit ${analysisHeapLimitMb} MB)`);
        out(`  load average after the run:    ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (other work on the machine skews the rates)`);
      }
      let ok = results.every((r) => r.ratio <= 3 && r.planMs <= 1000 && r.clustersMs <= 1000 && r.explainedMs <= r.unexplainedMs * 1.1 && r.peakRssMb <= 300);
      if (results.length > 1) {
        const [small, large] = [results[0]!, results[results.length - 1]!];
        const growth = small.fullPerSecond / large.fullPerSecond;
        out(`  growth ${small.size}→${large.size}: throughput ${growth.toFixed(2)}× slower per article (1.00 = linear; target ≤ 1.5)`);
        ok &&= growth <= 1.5;
      }
      return ok;
    },
  },
  {
    // No target: it reports pages per second against the parse-only floor, and fails only if it cannot run.
    name: 'extract: article extraction over the Readability test pages vs. parsing them into a DOM',
    run: () => runExtractBenchInChild(out),
  },
  {
    name: 'latest: /latest latency at the largest size, on SQLite and on PostgreSQL when PARLEY_BENCH_PG_URL is set',
    async run() {
      const results = await runLatestLatencyBench(sizes[sizes.length - 1]!, out);
      for (const r of results) {
        out(`  ${r.dialect.padEnd(8)} ${r.size.toLocaleString('en-US')} articles, ${r.queries} queries: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p95 ≤ 50 ms)`);
      }
      return results.every((r) => r.p95 <= 50);
    },
  },
  {
    name: 'web: the story page and a digest page over HTTP at the largest size, on SQLite and on PostgreSQL when PARLEY_BENCH_PG_URL is set',
    async run() {
      const results = await runWebPagesBench(sizes[sizes.length - 1]!, 200, out);
      let ok = true;
      for (const r of results) {
        const floor = r.pages[0]!;
        out(`  ${r.dialect} ${r.size.toLocaleString('en-US')} articles:`);
        out(`    planning all ${r.days} story days: ${(r.planMs / 1000).toFixed(1)} s (${((r.days * 1000) / r.planMs).toFixed(1)} days/s)`);
        for (const p of r.pages) {
          const target = p.page === 'story /' || p.page === 'digest' ? ' (target p95 ≤ 200 ms)' : '';
          const ratio = p === floor ? '' : ` = ${(p.p95 / floor.p95).toFixed(1)}× /healthz`;
          out(`    ${p.page.padEnd(11)} ${String(p.requests).padStart(3)} GETs, ${(p.bytes / 1024).toFixed(0).padStart(4)} KB: p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms${ratio}, p99 ${p.p99.toFixed(1)} ms${target}`);
          if (target) ok &&= p.p95 <= 200;
        }
        out(`    first / after one new article: ${r.afterNewMs.toFixed(0)} ms (its day planned again: ${r.afterNewReplanned ? 'yes' : 'no'}); the next: ${r.nextMs.toFixed(1)} ms`);
      }
      return ok && results.length > 0;
    },
  },
  {
    name: 'outside: parley ingest and parley latest as processes, against the raw SQLite floor (5,000 and 20,000 files; 100,000 with --large)',
    async run() {
      const outsideSizes = sizeArg >= 0 ? sizes : args.includes('--large') ? [5_000, 20_000, 100_000] : [5_000, 20_000];
      const results = runIngestOutsideBench(outsideSizes, out);
      if (results.length > 1) {
        const [small, large] = [results[0]!, results[results.length - 1]!];
        out(`  growth ${small.size}→${large.size}: ingest time ${(large.ingestMs / small.ingestMs).toFixed(2)}× for ${large.size / small.size}× the files (linear or better)`);
      }
      return results.every((r) => r.ingestMs <= 3 * r.floorMs && r.ingestPeakMb <= 300 && r.latestExtraMs <= 50 && r.startupMs <= 200);
    },
  },
  {
    name: 'delivery: a digest to 1,000 Slack channels against a fake API that enforces rate limits',
    async run() {
      const r = await runDeliveryThroughputBench({ channels: 1_000, messagesPerDigest: 3, globalPerSecond: 50 }, out);
      out(`  ${r.messages} messages in ${r.seconds.toFixed(1)} s; the limits allow ${r.floorSeconds.toFixed(1)} s at best (${(r.seconds / r.floorSeconds).toFixed(2)}× the floor)`);
      out(`  429s met: ${r.rateLimited}; look-ups before a re-send: ${r.lookups}`);
      return r.seconds <= r.floorSeconds * 1.5;
    },
  },
];

const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined;

let failed = false;
for (const b of benchmarks.filter((x) => !only || x.name.startsWith(only))) {
  out(`# ${b.name}`);
  const ok = await b.run();
  out(ok ? '  within targets' : '  MISSED a target');
  failed ||= !ok;
}
process.exit(failed ? 1 : 0);
