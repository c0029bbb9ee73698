import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.ts';

/** The PostgreSQL server the suite may use; unset means the PostgreSQL variants are skipped. */
export const pgUrl = process.env.PARLEY_TEST_PG_URL;

export const pgSkipReason = 'PARLEY_TEST_PG_URL is not set: PostgreSQL tests skipped (.ci/run starts a throwaway server)';

/** A fresh, empty PostgreSQL database on the test server; dropped by the returned `drop()`. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgUrl) throw new Error(pgSkipReason);
  const name = `parley_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface StoreVariant {
  name: 'sqlite' | 'postgres';
  enabled: boolean;
  /** Opens a fresh store (a new in-memory SQLite or a new PostgreSQL database). */
  open(): Promise<TestStore>;
}

export interface TestStore extends Store {
  /** Another connection to the same database, as a second instance would have (`close()` it). */
  reopen(): Promise<Store>;
  /** Closes every connection and removes the database. */
  dispose(): Promise<void>;
}

export const storeVariants: StoreVariant[] = [
  {
    name: 'sqlite',
    enabled: true,
    async open() {
      const file = `${process.env.TMPDIR ?? '/tmp'}/parley-test-${crypto.randomBytes(6).toString('hex')}.db`;
      const store = await openStore(`sqlite:${file}`);
      return {
        ...store,
        reopen: () => openStore(`sqlite:${file}`),
        dispose: async () => {
          await store.close();
          const fs = await import('node:fs');
          for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    enabled: Boolean(pgUrl),
    async open() {
      const database = await freshPgDatabase();
      const store = await openStore(database.url);
      return {
        ...store,
        reopen: () => openStore(database.url),
        dispose: async () => {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

/**
 * The store of the suites that run on one database: SQLite, or PostgreSQL when
 * `PARLEY_TEST_STORE=postgres` (with `PARLEY_TEST_PG_URL`). `.ci/run` runs those suites both ways,
 * so digest planning, commands, platforms and ingestion are checked on either store.
 */
export const testStoreVariant: StoreVariant = chooseTestStore(process.env.PARLEY_TEST_STORE);

function chooseTestStore(name: string | undefined): StoreVariant {
  if (name === undefined || name === '' || name === 'sqlite') return storeVariants[0]!;
  if (name !== 'postgres') throw new Error(`PARLEY_TEST_STORE=${name}: expected sqlite or postgres`);
  if (!pgUrl) throw new Error('PARLEY_TEST_STORE=postgres needs PARLEY_TEST_PG_URL (.ci/with-postgres sets it)');
  return storeVariants[1]!;
}

/** A fresh, empty store of the chosen kind; `dispose()` closes it and removes its database. */
export function openTestStore(): Promise<TestStore> {
  return testStoreVariant.open();
}

/** A temporary folder and a database of the chosen kind, for tests that open, close and open it again (a restart). */
export interface TestHome {
  dir: string;
  /** A SQLite file in `dir`, or a fresh PostgreSQL database. */
  databaseUrl: string;
  /** Removes the database and the folder. */
  remove(): Promise<void>;
}

export async function testHome(prefix: string): Promise<TestHome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (testStoreVariant.name === 'sqlite') return { dir, databaseUrl: `sqlite:${path.join(dir, 'parley.db')}`, remove: async () => removeDir() };
  const database = await freshPgDatabase();
  return {
    dir,
    databaseUrl: database.url,
    remove: async () => {
      await database.drop();
      removeDir();
    },
  };
}
