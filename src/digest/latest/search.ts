import { sql, type RawBuilder } from 'kysely';
import type { Dialect, Executor } from '../../store/index.ts';
import type { QueryTerm } from './query.ts';

/**
 * Finding the articles a `/latest` question may be answered from, in bounded lanes so the cost does
 * not grow with the store: the newest articles with every term, the newest with every selective
 * term, and the newest with each selective term alone. A term is selective when it is in few
 * articles; a very common one ("Hamas" in a store about Hamas) would return most of the store, so
 * it only re-ranks what the other lanes found. Full-text search is SQLite FTS5 or PostgreSQL
 * tsvector, both stemming, both read newest-first straight off their index.
 */

/** How far a term's article count is counted: past it, the term is common whatever the exact number. */
const COUNT_CAP = 1000;
/** A term in more than this share of the store (or past COUNT_CAP) only re-ranks. */
const COMMON_SHARE = 0.3;
const ALL_TERMS_LANE = 60;
const ONE_TERM_LANE = 25;

export interface Candidates {
  ids: number[];
  /** Articles in the store (an estimate: the highest id). */
  total: number;
  /** Per term, the number of articles containing it, counted up to COUNT_CAP (past it, estimated on PostgreSQL). */
  frequencies: number[];
}

export async function findCandidates(db: Executor, dialect: Dialect, terms: readonly QueryTerm[]): Promise<Candidates> {
  const total = Number((await sql<{ n: number | null }>`SELECT max(id) AS n FROM articles`.execute(db)).rows[0]?.n ?? 0);
  if (terms.length === 0 || total === 0) return { ids: [], total, frequencies: [] };
  const frequencies = await Promise.all(terms.map((t) => countMatches(db, dialect, [t])));
  // A term no article has cannot narrow anything: searching for every term with it would find
  // nothing, after PostgreSQL had walked the whole table newest-first looking.
  const present = terms.filter((_, i) => frequencies[i]! > 0);
  if (present.length === 0) return { ids: [], total, frequencies };
  const common = (df: number) => df >= COUNT_CAP || (df > COMMON_SHARE * total && df > 10);
  const selective = terms.filter((_, i) => frequencies[i]! > 0 && !common(frequencies[i]!));
  const everyTerm = await newestMatching(db, dialect, present, ALL_TERMS_LANE);
  const lanes: Promise<number[]>[] = [];
  if (selective.length > 1 && selective.length < present.length) lanes.push(newestMatching(db, dialect, selective, ALL_TERMS_LANE));
  for (const term of selective) lanes.push(newestMatching(db, dialect, [term], ONE_TERM_LANE));
  // Nothing selective: the newest articles with any of the terms, for the re-ranking to sort out,
  // unless a full lane of articles with every term already has better answers than any of those.
  if (selective.length === 0 && present.length > 1 && everyTerm.length < ALL_TERMS_LANE) lanes.push(newestMatching(db, dialect, present, ALL_TERMS_LANE, 'any'));
  const ids = [...new Set([everyTerm, ...(await Promise.all(lanes))].flat())];
  return { ids, total, frequencies };
}

async function countMatches(db: Executor, dialect: Dialect, terms: readonly QueryTerm[]): Promise<number> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM article_fts WHERE article_fts MATCH ${ftsMatch(terms, 'all')} LIMIT ${COUNT_CAP})`.execute(db);
    return Number(rows.rows[0]?.n ?? 0);
  }
  // A GIN index cannot count without visiting the table, and for a common term PostgreSQL reads
  // row after row to find a thousand: the planner's estimate from its tsvector statistics says
  // whether the term is common at no cost, and only a rarer term is counted.
  const plan = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM articles WHERE search @@ ${tsQuery(terms, 'all')}`.execute(db);
  const estimate = Number(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  if (estimate >= COUNT_CAP) return estimate;
  const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM articles WHERE search @@ ${tsQuery(terms, 'all')} LIMIT ${COUNT_CAP}) AS matches`.execute(db);
  return Number(rows.rows[0]?.n ?? 0);
}

async function newestMatching(db: Executor, dialect: Dialect, terms: readonly QueryTerm[], max: number, mode: 'all' | 'any' = 'all'): Promise<number[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ id: number }>`SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ${ftsMatch(terms, mode)} ORDER BY rowid DESC LIMIT ${max}`.execute(db)
      : await sql<{ id: number }>`SELECT id FROM articles WHERE search @@ ${tsQuery(terms, mode)} ORDER BY id DESC LIMIT ${max}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/**
 * An FTS5 query: each term is a parenthesised OR of its forms, each form a quoted phrase of its
 * words ("U.N." → "u n", the tokens FTS5 makes of it). Forms are letters and digits only, so no
 * FTS5 syntax can come from the question.
 */
function ftsMatch(terms: readonly QueryTerm[], mode: 'all' | 'any'): string {
  const term = (t: QueryTerm) => `(${t.forms.map((form) => `"${(form.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')}"`).join(' OR ')})`;
  return terms.map(term).join(mode === 'all' ? ' AND ' : ' OR ');
}

/** The same on PostgreSQL: phrases through phraseto_tsquery, so the question is only ever a parameter. */
function tsQuery(terms: readonly QueryTerm[], mode: 'all' | 'any'): RawBuilder<unknown> {
  const term = (t: QueryTerm) => sql`(${sql.join(t.forms.map((form) => sql`phraseto_tsquery('english', ${form})`), sql` || `)})`;
  return sql`(${sql.join(terms.map(term), mode === 'all' ? sql` && ` : sql` || `)})`;
}

/** The newest articles, for a question with no words that count. */
export async function newestArticles(db: Executor, max: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').orderBy('id', 'desc').limit(max).execute();
  return rows.map((r) => r.id);
}
