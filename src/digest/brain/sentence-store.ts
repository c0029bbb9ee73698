import { tellsBackground, tellsNothing } from '../../analysis/background.ts';
import { languageModel } from '../../analysis/language.ts';
import { sentenceFeatures, type SentenceFeatures } from '../../analysis/sentence-features.ts';
import { insideQuote, splitArticle, wordCount } from '../../analysis/text.ts';
import type { Executor } from '../../store/index.ts';

/**
 * The candidate sentences of each article, with their language features, kept in `annotations`
 * (kind `sentences`): the model reads an article once, whatever the number of channels and digests.
 * Bump the version when the features or the choice of candidates change.
 */
export const SENTENCES_VERSION = 11;

/** The title and the body's opening sentences: where an article states what happened. */
const LEAD_SENTENCES = 12;
const MIN_WORDS = 6;
const MAX_WORDS = 70;

export interface CandidateSentence {
  /** Sentence index in the article; -1 for the title. */
  sentence: number;
  /** Paragraph index; -1 for the title. */
  paragraph: number;
  /** Inside a quotation, or holding a quote mark: it would carry half a quotation. */
  quoted: boolean;
  words: number;
  /** Not news: an earlier event, a standing fact, or only that someone did not comment (analysis/background.ts). */
  background: boolean;
  features: SentenceFeatures;
}

/** Candidate sentences per article id, read from the cache or computed (and cached). */
export async function candidateSentences(db: Executor, ids: readonly number[]): Promise<Map<number, CandidateSentence[]>> {
  const out = new Map<number, CandidateSentence[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('annotations').select(['article_id', 'data']).where('article_id', 'in', chunk).where('kind', '=', 'sentences').where('version', '=', SENTENCES_VERSION).execute();
    for (const r of rows) out.set(r.article_id, JSON.parse(r.data) as CandidateSentence[]);
    const missing = chunk.filter((id) => !out.has(id));
    if (missing.length === 0) continue;
    const nlp = await languageModel();
    const articles = await db.selectFrom('articles').select(['id', 'title', 'text']).where('id', 'in', missing).execute();
    const inserts = articles.map((a) => {
      const { sentences } = splitArticle(a.text);
      const all = [...(a.title ? [{ index: -1, paragraph: -1, text: a.title }] : []), ...sentences.slice(0, LEAD_SENTENCES)];
      const candidates = all
        .filter((s) => wordCount(s.text) >= MIN_WORDS && wordCount(s.text) <= MAX_WORDS && !(s.index >= 0 && (s.text.startsWith("''") || insideQuote(s.text))))
        .map((s) => ({ sentence: s.index, paragraph: s.paragraph, quoted: /["“”]|''/.test(s.text), words: wordCount(s.text), background: tellsBackground(s.text) || tellsNothing(s.text), features: sentenceFeatures(nlp, s.text) }));
      out.set(a.id, candidates);
      return { article_id: a.id, kind: 'sentences', version: SENTENCES_VERSION, data: JSON.stringify(candidates) };
    });
    await db.deleteFrom('annotations').where('article_id', 'in', missing).where('kind', '=', 'sentences').execute();
    for (let j = 0; j < inserts.length; j += 150) await db.insertInto('annotations').values(inserts.slice(j, j + 150)).execute();
  }
  return out;
}
