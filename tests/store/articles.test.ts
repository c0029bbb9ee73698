import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveArticle, saveArticles, type ArticleInput } from '../../src/store/index.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const article = (overrides: Partial<ArticleInput> = {}): ArticleInput => ({
  sourceKey: 'feed:https://one.example/rss#a1',
  kind: 'feed',
  url: 'https://one.example/news/talks?utm_source=rss',
  canonicalUrl: 'https://one.example/news/talks',
  title: 'Negotiators return to Doha',
  outlet: 'One',
  publishedAt: '2024-05-05T10:00:00.000Z',
  text: 'Negotiators returned to Doha on Sunday for a new round of ceasefire talks.',
  ...overrides,
});

describe('saveArticle', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('stores a new article, leaves an unchanged one alone and updates an edited one with a new sequence number', async () => {
    const first = await saveArticle(store.db, article());
    expect(first.status).toBe('inserted');
    expect(await saveArticle(store.db, article())).toEqual({ status: 'unchanged', id: first.id, seq: first.seq });
    const edited = await saveArticle(store.db, article({ text: 'Negotiators returned to Doha on Sunday; talks resume Tuesday.' }));
    expect(edited.status).toBe('updated');
    expect(edited.id).toBe(first.id);
    expect(edited.seq).toBeGreaterThan(first.seq);
  });

  it('keeps the first copy of a page that a second feed carries under the same canonical URL', async () => {
    const first = await saveArticle(store.db, article());
    const other = article({ sourceKey: 'feed:https://two.example/rss#x9', outlet: 'Two', url: 'https://one.example/news/talks?ref=two' });
    // Polled again and again, the second feed's copy must not overwrite the first and make it "new".
    for (let poll = 0; poll < 3; poll++) {
      expect(await saveArticle(store.db, other)).toEqual({ status: 'unchanged', id: first.id, seq: first.seq });
      expect(await saveArticle(store.db, article())).toEqual({ status: 'unchanged', id: first.id, seq: first.seq });
    }
    const rows = await store.db.selectFrom('articles').select(['outlet', 'seq']).execute();
    expect(rows).toEqual([{ outlet: 'One', seq: first.seq }]);
  });
});

describe('saveArticles', () => {
  const stores: TestStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.dispose();
  });

  /** The same history stored one by one and in batches: the results, and the rows, must be the same. */
  it('stores a batch exactly as storing its articles one by one would', async () => {
    const stored = [
      article({ sourceKey: 'file:/a', canonicalUrl: null }),
      article({ sourceKey: 'file:/b', canonicalUrl: null, text: 'Talks were adjourned on Monday.' }),
      article({ sourceKey: 'feed:x#1', canonicalUrl: 'https://one.example/c' }),
    ];
    const batch = [
      article({ sourceKey: 'file:/a', canonicalUrl: null }), // unchanged
      article({ sourceKey: 'file:/b', canonicalUrl: null, text: 'Talks resumed on Tuesday.' }), // updated
      article({ sourceKey: 'feed:y#2', canonicalUrl: 'https://one.example/c' }), // a copy of a stored page
      article({ sourceKey: 'file:/d', canonicalUrl: null, text: 'Mediators met in Cairo.' }), // new
      article({ sourceKey: 'file:/e', canonicalUrl: null, text: 'A delegation left Doha.' }), // new
    ];
    const withDuplicates = [...batch, article({ sourceKey: 'file:/d', canonicalUrl: null, text: 'Mediators met in Cairo again.' })];
    for (const inputs of [batch, withDuplicates]) {
      const one = await openTestStore();
      const many = await openTestStore();
      stores.push(one, many);
      const now = new Date('2024-05-06T00:00:00Z');
      for (const store of [one, many]) for (const input of stored) await saveArticle(store.db, input, now);
      const oneByOne = [];
      for (const input of inputs) oneByOne.push(await saveArticle(one.db, input, now));
      const batched = await many.db.transaction().execute((trx) => saveArticles(trx, inputs, now));
      expect(batched).toEqual(oneByOne);
      const rows = (store: TestStore) => store.db.selectFrom('articles').select(['id', 'seq', 'source_key', 'text', 'content_hash']).orderBy('id').execute();
      expect(await rows(many)).toEqual(await rows(one));
    }
  });
});
