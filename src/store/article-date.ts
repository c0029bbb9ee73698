import { sql } from 'kysely';

/**
 * An article's place in the story's time: when it was published, else (a feed item without a
 * date) when it was ingested. Written exactly as the `articles_story_date` index (migration 005)
 * has it, so a range over it reads that index.
 */
export const articleDate = sql<string>`coalesce(published_at, ingested_at)`;
