import type { ArticleAnalysis } from '../../analysis/analyze-article.ts';
import type { FigureMention } from '../../analysis/figures.ts';
import { analyzePending, loadAnalyses, relevanceOf } from '../../analysis/store-analysis.ts';
import type { Config } from '../../config/index.ts';
import type { Dialect, Executor } from '../../store/index.ts';
import { wordCount } from '../../analysis/text.ts';
import { shortQuote, summarize } from '../compose.ts';
import type { LatestAnswer, Quote, SourceRef } from '../model.ts';
import { sourceRef } from '../source-ref.ts';
import { companion, matchTerms, scorePassages, termsSentence, type ScoredPassage, type TermMatch } from './passages.ts';
import { parseQuery, stemOf, type ParsedQuery } from './query.ts';
import { findCandidates, newestArticles } from './search.ts';

export interface LatestInput {
  db: Executor;
  dialect: Dialect;
  query: string;
  config: Config;
  limit: number;
  now: Date;
}

/** Two answers whose passages share this much of their distinctive words are about one matter. */
const SAME_MATTER = 0.5;
/** A name (a term written with a capital in the question or, mostly, in the sources) weighs this much more. */
const NAME_WEIGHT = 1.5;
const NEWEST_LANE = 60;

interface Answer {
  story: number[];
  article: number;
  match: TermMatch;
  passage: ScoredPassage;
  score: number;
  date: string;
}

/**
 * `/latest QUERY`: the developments that answer the question, best first. Articles are found by
 * full-text search in bounded lanes (search.ts); every sentence of their opening is scored for the
 * question (passages.ts); copies of one story are one answer, and of two answers about one matter
 * the better-scoring is kept, recency multiplying relevance, so a newer development beats an older
 * one on the same matter and an older one is still found when it is the only match. Off-topic
 * articles are left out. An empty question answers with the topic's newest developments.
 */
export async function answerLatest({ db, dialect, query, config, limit, now }: LatestInput): Promise<LatestAnswer> {
  const parsed = parseQuery(query);
  const found = parsed.terms.length > 0 ? await findCandidates(db, dialect, parsed.terms) : { ids: await newestArticles(db, NEWEST_LANE), total: 0, frequencies: [] };
  const nothing: LatestAnswer = { query, asOf: now.toISOString(), updates: [] };
  if (found.ids.length === 0) return withSuggestions(nothing, config);

  const load = () =>
    Promise.all([
      db.selectFrom('articles').select(['id', 'seq', 'title', 'text', 'outlet', 'url', 'file', 'published_at', 'ingested_at']).where('id', 'in', found.ids).execute(),
      loadAnalyses(db, found.ids),
      relevanceOf(db, found.ids, config.topic),
    ]);
  let [rows, analyses, relevant] = await load();
  // An article found but not analysed yet (ingested a moment ago): analyse what is pending first.
  if (found.ids.some((id) => !analyses.has(id)) && (await analyzePending(db, config.topic)) > 0) [rows, analyses, relevant] = await load();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const when = (id: number) => byId.get(id)!.published_at ?? byId.get(id)!.ingested_at;
  const usable = rows.filter((r) => relevant.get(r.id)?.onTopic && analyses.has(r.id)).sort((a, b) => a.seq - b.seq);

  const matches = new Map(usable.map((r) => [r.id, matchTerms(r, parsed.terms)]));
  const weights = termWeights(parsed, found, [...matches.values()]);
  const stories = new Map<number, number[]>();
  for (const r of usable) {
    const root = analyses.get(r.id)!.duplicate.of ?? r.id;
    stories.set(root, [...(stories.get(root) ?? []), r.id]);
  }

  const answers: Answer[] = [];
  for (const story of stories.values()) {
    let best: Answer | null = null;
    for (const article of story) {
      const match = matches.get(article)!;
      const analysis = analyses.get(article)!.analysis;
      const passage = parsed.terms.length > 0 ? scorePassages(match, { query: parsed, weights, figureSentences: figureSentences(analysis) })[0] : leadPassage(match, analysis);
      if (!passage) continue;
      const score = passage.score * recency(when(article), now, parsed.wantsNewest || parsed.terms.length === 0) - analysis.spin * 0.01;
      if (!best || score > best.score) best = { story, article, match, passage, score, date: when(article) };
    }
    if (best) answers.push(best);
  }
  answers.sort((a, b) => b.score - a.score || b.date.localeCompare(a.date) || a.article - b.article);

  const queryStems = new Set(parsed.terms.map((t) => t.stem));
  const chosen: { answer: Answer; words: Set<string>; also: number[] }[] = [];
  const pool = answers.map((a) => distinctiveWords(passageText(a), queryStems));
  const rarity = wordRarity(pool);
  for (const [i, answer] of answers.entries()) {
    const same = chosen.find((c) => overlap(pool[i]!, c.words, rarity) >= SAME_MATTER);
    if (same) same.also.push(...answer.story);
    else if (chosen.length < limit) chosen.push({ answer, words: pool[i]!, also: [] });
  }

  const updates = chosen.map(({ answer, also }) => {
    const row = byId.get(answer.article)!;
    const analysis = analyses.get(answer.article)!.analysis;
    const source = sourceRef(row);
    const summary = composeSummary(answer, parsed, weights, analysis, source);
    const quote = bestQuote(analysis, answer, parsed, weights, summary);
    const quotes: Quote[] = quote ? [{ ...quote, source }] : [];
    const others = [...answer.story, ...also].filter((id) => id !== answer.article);
    const sources: SourceRef[] = [answer.article, ...others].slice(0, 6).map((id) => sourceRef(byId.get(id)!));
    return { summary, quotes, sources, published: row.published_at };
  });
  return updates.length > 0 ? { ...nothing, updates } : withSuggestions(nothing, config);
}

/** An answer that found nothing suggests what the topic is about: its first few distinct terms. */
function withSuggestions(answer: LatestAnswer, config: Config): LatestAnswer {
  if (answer.query.trim() === '') return answer;
  const seen = new Set<string>();
  const suggestions = config.topic.terms.filter((term) => {
    const key = stemOf(term.toLowerCase().replace(/-/g, ''));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...answer, suggestions: suggestions.slice(0, 5) };
}

/**
 * Per term, how much finding it says: rarer in the store weighs more (inverse document frequency),
 * and a name weighs more than a word.
 */
function termWeights(query: ParsedQuery, found: { total: number; frequencies: readonly number[] }, matches: readonly TermMatch[]): number[] {
  return query.terms.map((term, t) => {
    const df = Math.max(1, found.frequencies[t] ?? 1);
    const idf = Math.log(1 + Math.max(found.total, df) / df);
    const mentions = matches.reduce((n, m) => n + m.mentions[t]!, 0);
    const capitals = matches.reduce((n, m) => n + m.capitals[t]!, 0);
    const name = term.capitalized || term.spellings !== null || (mentions >= 2 && capitals >= 0.8 * mentions);
    return idf * (name ? NAME_WEIGHT : 1);
  });
}

/**
 * Relevance is multiplied by this: 1 for today, less with age, never below a floor, so an old
 * development that alone answers is still found. Questions asking for the newest state lean harder.
 */
function recency(date: string, now: Date, newest: boolean): number {
  const days = Math.max(0, (now.getTime() - Date.parse(date)) / 86_400_000);
  return newest ? 0.4 + 0.6 * Math.exp(-days / 30) : 0.6 + 0.4 * Math.exp(-days / 60);
}

function figureSentences(analysis: ArticleAnalysis): Set<number> {
  return new Set(analysis.figures.filter((f) => !f.background).map((f) => f.sentence));
}

/** For an empty question: the article's strongest claim, the sentence its digest would lead with. */
function leadPassage(match: TermMatch, analysis: ArticleAnalysis): ScoredPassage | null {
  const claim = [...analysis.claims].filter((c) => !c.background).sort((a, b) => b.weight - a.weight)[0];
  const at = claim ? match.sentences.findIndex((s) => s.index === claim.sentence) : -1;
  return at < 0 ? null : { at, score: 1, terms: new Set() };
}

function passageText(answer: Answer): string {
  return answer.match.sentences[answer.passage.at]!.text;
}

/** The passage's words other than the question's own, stemmed: what two answers on one matter share. */
function distinctiveWords(text: string, queryStems: ReadonlySet<string>): Set<string> {
  const words = new Set<string>();
  for (const word of text.toLowerCase().match(/\p{L}{3,}/gu) ?? []) {
    const stem = stemOf(word);
    if (!queryStems.has(stem) && !COMMON.has(word)) words.add(stem);
  }
  return words;
}

const COMMON = new Set('the and for that with from this was were has have had will would said says its their they his her who which about after before into over than then also not but are been more most some other what when while where'.split(' '));

/** Words found in many of the candidate passages say little about sameness. */
function wordRarity(pool: readonly Set<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const words of pool) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  return new Map([...df].map(([w, n]) => [w, Math.log(1 + pool.length / n)]));
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>, rarity: ReadonlyMap<string, number>): number {
  const weight = (words: ReadonlySet<string>) => [...words].reduce((n, w) => n + (rarity.get(w) ?? 0), 0);
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += rarity.get(w) ?? 0;
  const smaller = Math.min(weight(a), weight(b));
  return smaller > 0 ? shared / smaller : 0;
}

/**
 * One or two sentences of the article in their order; a question asking "how many" that the
 * passage answers with a figure is led by it: the value, what it counts, the source and its date.
 */
function composeSummary(answer: Answer, query: ParsedQuery, weights: readonly number[], analysis: ArticleAnalysis, source: SourceRef): string {
  const second = query.terms.length > 0 ? companion(answer.match, answer.passage, weights) : null;
  const taken = second === null ? [answer.passage.at] : [answer.passage.at, second];
  const terms = query.terms.length > 0 ? termsSentence(answer.match, answer.passage, taken) : null;
  const order = (terms === null ? taken : [...taken, terms]).sort((a, b) => a - b);
  const text = order.map((at) => summarize(answer.match.sentences[at]!.text)).join(' ');
  const figure = query.wantsCount ? figureOf(analysis, answer.match.sentences[answer.passage.at]!.index, query) : null;
  if (!figure) return text;
  const date = source.published ? `, ${new Date(source.published).toISOString().slice(0, 10)}` : '';
  return `${figure.written} ${figure.label} (${source.outlet ?? source.title ?? 'source'}${date}): ${text}`;
}

function figureOf(analysis: ArticleAnalysis, sentence: number, query: ParsedQuery): FigureMention | null {
  const here = analysis.figures.filter((f) => f.sentence === sentence && !f.background);
  const asked = here.find((f) => query.terms.some((t) => f.label.toLowerCase().includes(t.stem.slice(0, 5).toLowerCase())));
  return asked ?? here[0] ?? null;
}

/**
 * The quote that best goes with the answer: one with the question's words or its speaker asked
 * about, near the passage, attributed and whole; never one the summary already holds.
 */
function bestQuote(analysis: ArticleAnalysis, answer: Answer, query: ParsedQuery, weights: readonly number[], summary: string): { text: string; speaker: string | null } | null {
  const paragraph = Math.max(0, answer.match.sentences[answer.passage.at]!.paragraph);
  const flat = summary.replace(/\s+/g, ' ');
  let best: { text: string; speaker: string | null; score: number } | null = null;
  for (const q of analysis.quotes) {
    if (q.reworded) continue;
    const text = shortQuote(q.segments[0]!);
    const length = wordCount(text);
    if (length < 4 || length > 70 || flat.includes(text.replace(/\s+/g, ' '))) continue;
    const asked = matchTerms({ title: null, text: `${text} ${q.speaker ?? ''}` }, query.terms).passages.reduce((terms, s) => new Set([...terms, ...s]), new Set<number>());
    let relevance = 0;
    for (const t of asked) relevance += weights[t]!;
    const score = relevance + (q.speaker ? 1 : 0) + (q.partial ? 0 : 0.5) + Math.max(0, 3 - Math.abs(q.paragraph - paragraph)) * 0.5;
    if (!best || score > best.score) best = { text, speaker: q.speaker, score };
  }
  return best ? { text: best.text, speaker: best.speaker } : null;
}
