import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, takeArticleSeqs, type Store } from '../../src/store/index.ts';

describe('openStore (SQLite)', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('creates the folder and the schema, and migrating again is a no-op', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'));
    const url = `sqlite:${path.join(dir, 'nested', 'parley.db')}`;
    store = await openStore(url);
    expect(fs.existsSync(path.join(dir, 'nested', 'parley.db'))).toBe(true);
    await store.close();
    store = await openStore(url);
    const tables = await store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['articles', 'annotations', 'feeds', 'subscriptions', 'digests', 'told', 'outbox', 'leases']),
    );
  });

  it('hands out strictly increasing article sequence numbers', async () => {
    store = await openStore('sqlite::memory:');
    const first = await takeArticleSeqs(store.db, 1);
    const second = await store.db.transaction().execute((trx) => takeArticleSeqs(trx, 1));
    expect(second).toBe(first + 1);
  });

  it('refuses a URL that is neither sqlite: nor postgres:', async () => {
    await expect(openStore('mysql://localhost/parley')).rejects.toThrow(/expected sqlite:PATH or postgres/);
  });
});
