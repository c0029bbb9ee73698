import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, saveArticle, takeArticleSeqs, type Store } from '../../src/store/index.ts';
import { freshPgDatabase, pgSkipReason, pgUrl } from '../support/stores.ts';

describe.skipIf(!pgUrl)('the store on PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const open = async (): Promise<{ store: Store; url: string }> => {
    const database = await freshPgDatabase();
    cleanup.push(database.drop);
    const store = await openStore(database.url);
    cleanup.push(() => store.close());
    return { store, url: database.url };
  };

  it('creates the same schema through the same migrations, and migrating again is a no-op', async () => {
    const { store, url } = await open();
    expect(store.dialect).toBe('postgres');
    const again = await openStore(url);
    cleanup.push(() => again.close());
    const tables = (await again.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['articles', 'subscriptions', 'digests', 'told', 'outbox', 'leases']));
  });

  it('keeps a password out of the URL it shows', async () => {
    const withPassword = new URL(pgUrl!);
    withPassword.password = 'hunter2-secret';
    const refused = openStore(withPassword.toString()).then(
      async (s) => (await s.close(), s.displayUrl),
      (error: Error) => error.message,
    );
    expect(await refused).not.toContain('hunter2-secret');
  });

  it('finds stored articles through the tsvector index, stemmed', async () => {
    const { store } = await open();
    await saveArticle(store.db, {
      sourceKey: 'file:/pg/doha.md',
      kind: 'file',
      title: 'Negotiators return to Doha',
      publishedAt: '2024-05-05T10:00:00Z',
      text: 'Mediators in Doha said the negotiations over a hostage release were resuming.',
    });
    const hits = await store.db
      .selectFrom('articles')
      .select('title')
      .where(sql<boolean>`search @@ plainto_tsquery('english', ${'negotiation hostages'})`)
      .execute();
    expect(hits.map((h) => h.title)).toEqual(['Negotiators return to Doha']);
  });

  it('hands out unique, increasing article sequence numbers to concurrent writers', async () => {
    const { store } = await open();
    const seqs = await Promise.all(Array.from({ length: 40 }, () => store.db.transaction().execute((trx) => takeArticleSeqs(trx, 1))));
    expect(new Set(seqs).size).toBe(40);
    expect(Math.max(...seqs)).toBe(40);
    expect(typeof seqs[0]).toBe('number');
  });
});

describe.skipIf(Boolean(pgUrl))('the store on PostgreSQL', () => {
  it.skip(pgSkipReason, () => {});
});
