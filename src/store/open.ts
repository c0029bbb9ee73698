import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Transaction } from 'kysely';
import { displayDatabaseUrl } from '../config/database-url.ts';
import { UserError } from '../errors.ts';
import { migrationProvider, type Dialect } from './migrations.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The URL with any password removed, safe to log. */
  displayUrl: string;
  close(): Promise<void>;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/** `sqlite:path`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. */
export async function openStore(url: string): Promise<Store> {
  const store = url.startsWith('postgres://') || url.startsWith('postgresql://') ? await openPostgres(url) : openSqlite(url);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openSqlite(url: string): Store {
  if (!url.startsWith('sqlite:')) {
    throw new UserError('db_url_invalid', `database URL "${url}": expected sqlite:PATH or postgres://…`, 2);
  }
  const file = url.slice('sqlite:'.length);
  if (file === '') throw new UserError('db_url_invalid', `database URL "${url}": no file path after "sqlite:"`, 2);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let database: SQLite.Database;
  try {
    database = new SQLite(file);
  } catch (error) {
    throw new UserError('db_open_failed', `database ${url}: cannot open: ${(error as Error).message}`);
  }
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', displayUrl: url, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Store> {
  // The driver is loaded only for a PostgreSQL store: a one-off command on SQLite does not pay for it.
  const { default: pg } = await import('pg');
  // Ids and sequences are bigint; they stay far below 2^53, so read them as numbers.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle connection the server ends (a restart, a dropped database) is discarded by the pool
  // and the next query opens a new one; without a listener its error would end the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', displayUrl: displayDatabaseUrl(url), close: () => db.destroy() };
}

async function migrate(store: Store): Promise<void> {
  if (await isMigrated(store)) return;
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new UserError('db_migration_failed', `database ${store.displayUrl}: migration ${failed} failed: ${(error as Error).message}`);
  }
}

/**
 * True when every migration is recorded as run: one read, where the migrator would first check its
 * tables and take its lock (some 10 ms of each one-off command). Anything else, a store that is
 * new, behind or being migrated by another process, is the migrator's to settle under its lock.
 */
async function isMigrated(store: Store): Promise<boolean> {
  const known = Object.keys(await migrationProvider(store.dialect).getMigrations());
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(store.db);
    const done = new Set(rows.map((r) => r.name));
    return done.size === known.length && known.every((name) => done.has(name));
  } catch {
    return false;
  }
}

/**
 * Takes the next `count` article ingest sequence numbers and returns the last of them (the block
 * is `last - count + 1 … last`); call inside the transaction that writes the articles.
 */
export async function takeArticleSeqs(db: Executor, count: number): Promise<number> {
  const row = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', 'article_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
