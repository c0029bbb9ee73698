import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { analyzePending, relevanceOf } from '../src/analysis/store-analysis.ts';
import { parseConfig } from '../src/config/index.ts';
import { answerLatest } from '../src/digest/index.ts';
import { splitFrontMatter } from '../src/sources/front-matter.ts';
import { openStore, saveArticle, type Store } from '../src/store/index.ts';
import { sentencePool, syntheticArticle } from './synthetic-articles.ts';

/**
 * `/latest` latency with `size` stored, analysed articles: the same store on SQLite and, when
 * PARLEY_BENCH_PG_URL (or PARLEY_TEST_PG_URL) names a PostgreSQL server, on PostgreSQL (a fresh
 * database filled with a copy of the SQLite rows). Queries are what readers ask; each is timed
 * end to end through `answerLatest` (search, analysis lookup, ranking, composition).
 */
const root = path.resolve(import.meta.dirname, '..');
const QUERIES = [
  'Doha talks',
  'Rafah',
  'hostage numbers',
  'Blinken',
  'Cairo proposal',
  'ceasefire deal',
  'Hamas delegation',
  'Netanyahu',
  'prisoner exchange',
  'Burns Qatar',
  'Khan Younis',
  'truce timetable',
  'Egyptian mediators',
  'Paris framework',
  'humanitarian aid trucks',
];

export interface LatencyFigures {
  dialect: 'sqlite' | 'postgres';
  size: number;
  queries: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function runLatestLatencyBench(size: number, log: (line: string) => void): Promise<LatencyFigures[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-latency-'));
  const config = parseConfig(fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8'), 'config/default.yaml');
  const results: LatencyFigures[] = [];
  try {
    const sqlite = await openStore(`sqlite:${path.join(dir, 'latency.db')}`);
    const started = performance.now();
    await fill(sqlite, size, config.topic);
    log(`  stored and analysed ${size.toLocaleString('en-US')} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    results.push(await measure(sqlite, size, config));
    const pgUrl = process.env.PARLEY_BENCH_PG_URL ?? process.env.PARLEY_TEST_PG_URL;
    if (pgUrl) {
      const database = await createDatabase(pgUrl);
      try {
        const postgres = await openStore(database.url);
        await copyRows(sqlite, postgres);
        results.push(await measure(postgres, size, config));
        await postgres.close();
      } finally {
        await database.drop();
      }
    } else {
      log('  PostgreSQL skipped: set PARLEY_BENCH_PG_URL (or run under .ci/with-postgres)');
    }
    await sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Stores and analyses synthetic articles 1 … `size`, 500 to a transaction. */
export async function fill(store: Store, size: number, topic: ReturnType<typeof parseConfig>['topic']): Promise<void> {
  const pool = sentencePool(path.join(root, 'articles'));
  const cache = new Map<number, string>();
  const earlier = (j: number) => cache.get(j) ?? syntheticArticle(j, pool, earlier);
  const now = new Date('2024-11-01T00:00:00Z');
  for (let i = 1; i <= size; i += 500) {
    await store.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (let j = i; j < Math.min(size + 1, i + 500); j++) {
        const text = syntheticArticle(j, pool, earlier);
        cache.set(j, text);
        if (cache.size > 250) cache.delete(j - 250);
        const { data, body } = splitFrontMatter(text, `a${j}.txt`);
        const saved = await saveArticle(
          trx,
          {
            sourceKey: `file:/bench/a${j}.txt`,
            kind: 'file',
            file: `articles/a${j}.txt`,
            url: data.url ?? null,
            title: data.title ?? null,
            outlet: data.outlet ?? null,
            publishedAt: data.published ?? null,
            text: body.trim(),
          },
          now,
        );
        ids.push(saved.id);
      }
      await analyzePending(trx);
      await relevanceOf(trx, ids, topic);
    });
  }
}

async function measure(store: Store, size: number, config: ReturnType<typeof parseConfig>): Promise<LatencyFigures> {
  const ask = (query: string) => answerLatest({ db: store.db, dialect: store.dialect, query, config, limit: 5, now: new Date('2024-11-02T00:00:00Z') });
  for (const query of QUERIES) await ask(query); // warm caches and plans
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await ask(query);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { dialect: store.dialect, size, queries: times.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Copies the stored and analysed articles into PostgreSQL as they are (ids included). */
export async function copyRows(from: Store, to: Store): Promise<void> {
  for (let offset = 0; ; offset += 1000) {
    const rows = await from.db.selectFrom('articles').selectAll().orderBy('id').limit(1000).offset(offset).execute();
    if (rows.length === 0) break;
    await to.db.insertInto('articles').values(rows).execute();
  }
  for (const table of ['annotations', 'lsh_buckets'] as const) {
    for (let offset = 0; ; offset += 2000) {
      const rows = await from.db.selectFrom(table).selectAll().limit(2000).offset(offset).execute();
      if (rows.length === 0) break;
      await to.db.insertInto(table).values(rows as never).execute();
    }
  }
  const counter = await from.db.selectFrom('counters').selectAll().where('name', '=', 'article_seq').executeTakeFirstOrThrow();
  await to.db.updateTable('counters').set({ value: counter.value }).where('name', '=', 'article_seq').execute();
  // The ids were copied as they are: the next article stored takes the one after them.
  await sql`SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))`.execute(to.db);
  await sql`ANALYZE`.execute(to.db);
}

/** A fresh database on the server at `serverUrl`, dropped by `drop`. */
export async function createDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_bench_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
