import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { newPublicId } from './public-id.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Versioned migrations, shared by both dialects. Where the dialects differ (auto-increment ids,
 * full-text search), the migration asks which one it runs on. Add a migration; never edit one
 * that has shipped.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const id = (db: Kysely<any>, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c: ColumnDefinitionBuilder) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );
  // Ids are `bigserial` on PostgreSQL; `pg` returns int8 as strings unless told otherwise (store/open.ts).
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';

  return {
    '001-initial': {
      async up(db) {
        await db.schema
          .createTable('counters')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', ref, (c) => c.notNull())
          .execute();
        await db.insertInto('counters').values({ name: 'article_seq', value: 0 }).execute();

        await id(db, 'feeds')
          .addColumn('url', 'text', (c) => c.notNull().unique())
          .addColumn('title', 'text')
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('added_by', 'text')
          .addColumn('added_at', 'text', (c) => c.notNull())
          .addColumn('full_text', 'text', (c) => c.notNull().defaultTo('auto'))
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('last_fetched_at', 'text')
          .addColumn('last_ok_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text')
          .execute();

        await id(db, 'articles')
          .addColumn('seq', ref, (c) => c.notNull())
          .addColumn('source_key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('file', 'text')
          .addColumn('url', 'text')
          .addColumn('canonical_url', 'text')
          .addColumn('feed_id', ref, (c) => c.references('feeds.id').onDelete('set null'))
          .addColumn('title', 'text')
          .addColumn('outlet', 'text')
          .addColumn('byline', 'text')
          .addColumn('language', 'text')
          .addColumn('published_at', 'text')
          .addColumn('ingested_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('summary', 'text')
          .addColumn('completeness', 'text', (c) => c.notNull().defaultTo('full'))
          .addColumn('partial_reason', 'text')
          .execute();
        await db.schema.createIndex('articles_seq').on('articles').column('seq').execute();
        await db.schema.createIndex('articles_canonical_url').on('articles').column('canonical_url').execute();
        await db.schema.createIndex('articles_published_at').on('articles').column('published_at').execute();

        await db.schema
          .createTable('annotations')
          .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('annotations_pk', ['article_id', 'kind'])
          .execute();

        await id(db, 'subscriptions')
          .addColumn('platform', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text')
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('schedule', 'text', (c) => c.notNull())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('notify_empty', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('cursor_seq', ref, (c) => c.notNull().defaultTo(0))
          .addColumn('last_digest_at', 'text')
          .addColumn('next_run_at', 'text')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
          .addColumn('status_reason', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('subscriptions_channel', ['platform', 'channel_id'])
          .execute();

        await id(db, 'digests')
          .addColumn('subscription_id', ref, (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('cursor_from', ref, (c) => c.notNull())
          .addColumn('cursor_to', ref, (c) => c.notNull())
          .addColumn('empty', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('model', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('digests_subscription').on('digests').columns(['subscription_id', 'id']).execute();

        await db.schema
          .createTable('told')
          .addColumn('subscription_id', ref, (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text')
          .addColumn('digest_id', ref)
          .addColumn('told_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('told_pk', ['subscription_id', 'kind', 'key'])
          .execute();

        await id(db, 'outbox')
          .addColumn('digest_id', ref, (c) => c.notNull().references('digests.id').onDelete('cascade'))
          .addColumn('subscription_id', ref, (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claim_expires_at', 'text')
          .addColumn('platform_message_id', 'text')
          .addColumn('thread_id', 'text')
          .addColumn('last_error', 'text')
          .addColumn('sent_at', 'text')
          .addUniqueConstraint('outbox_digest_seq', ['digest_id', 'seq'])
          .execute();
        await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();

        if (dialect === 'sqlite') {
          // External-content FTS5 index kept in step with `articles` by triggers.
          await sql`CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61')`.execute(db);
          await sql`CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
              INSERT INTO article_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
            END`.execute(db);
          await sql`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
              INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
            END`.execute(db);
          await sql`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
              INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
              INSERT INTO article_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
            END`.execute(db);
        } else {
          await sql`ALTER TABLE articles ADD COLUMN search tsvector
              GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED`.execute(db);
          await sql`CREATE INDEX articles_search ON articles USING gin (search)`.execute(db);
        }
      },
    },
    '002-analysis': {
      async up(db) {
        // Locality-sensitive hashing buckets of article fingerprints (analysis/fingerprint.ts): a new
        // article is compared only with the articles sharing one of its bands, never with the whole store.
        await db.schema
          .createTable('lsh_buckets')
          .addColumn('band', 'text', (c) => c.notNull())
          .addColumn('article_id', ref, (c) => c.notNull().references('articles.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('lsh_buckets_pk', ['band', 'article_id'])
          .execute();
        await db.schema.createIndex('lsh_buckets_article').on('lsh_buckets').column('article_id').execute();
      },
    },
    '003-pages': {
      async up(db) {
        // Pages behind feed items, read once and then only revalidated with conditional requests;
        // `outcome` and `reason` say whether the full text could be read and why not.
        await db.schema
          .createTable('pages')
          .addColumn('url', 'text', (c) => c.primaryKey())
          .addColumn('final_url', 'text')
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('fetched_at', 'text', (c) => c.notNull())
          .addColumn('checked_at', 'text', (c) => c.notNull())
          .addColumn('next_check_at', 'text', (c) => c.notNull())
          .addColumn('title', 'text')
          .addColumn('byline', 'text')
          .addColumn('published_at', 'text')
          .addColumn('language', 'text')
          .addColumn('site_name', 'text')
          .addColumn('canonical_url', 'text')
          .addColumn('text', 'text')
          .execute();
        await db.schema.createIndex('pages_checked_at').on('pages').column('checked_at').execute();
        // robots.txt per site (scheme + host + port).
        await db.schema
          .createTable('robots')
          .addColumn('origin', 'text', (c) => c.primaryKey())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('unreachable', 'text')
          .addColumn('fetched_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '004-outbox-refused-attempts': {
      async up(db) {
        // How many of a message's attempts are known not to have reached the platform (it answered
        // with a refusal such as a 429): a lookup before re-sending is needed only beyond that.
        await db.schema.alterTable('outbox').addColumn('refused_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    '005-web': {
      async up(db) {
        // A digest's page is found by a random public id, never by its row id (which counts up and
        // would let one page's address lead to every other). Digests recorded before get one too.
        await db.schema.alterTable('digests').addColumn('public_id', 'text').execute();
        const recorded = await db.selectFrom('digests').select('id').execute();
        for (const row of recorded) {
          await db.updateTable('digests').set({ public_id: newPublicId() }).where('id', '=', row.id).execute();
        }
        await db.schema.createIndex('digests_public_id').on('digests').column('public_id').unique().execute();
        // The web timeline reads one publication day at a time (store/article-date.ts).
        await sql`CREATE INDEX articles_story_date ON articles ((coalesce(published_at, ingested_at)), seq)`.execute(db);
        // Each day of the story planned once, as the web pages show it (web/story-days.ts).
        await db.schema
          .createTable('story_days')
          .addColumn('day', 'text', (c) => c.primaryKey())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('max_seq', ref, (c) => c.notNull())
          .addColumn('updates', 'integer', (c) => c.notNull())
          .addColumn('timeline', 'text', (c) => c.notNull())
          .addColumn('figures', 'text', (c) => c.notNull())
          .addColumn('built_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '006-digest-explanations': {
      async up(db) {
        // Why each article and candidate development was or was not posted, kept with its digest
        // (`parley digest --explain --last`). Digests recorded before have none.
        await db.schema.alterTable('digests').addColumn('explanation', 'text').execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
