import type { Executor } from '../store/index.ts';
import type { Claim } from './claims.ts';
import { splitArticle } from './text.ts';

/**
 * Puts back the text of cached claims (the cache keeps only their sentence index): reads each
 * article once, splits it the way the analysis did, and takes the sentence, or the title for -1.
 */
export async function fillClaimTexts(db: Executor, items: readonly { article: number; claim: Claim }[]): Promise<void> {
  const missing = items.filter((i) => i.claim.text === undefined);
  const texts = await sentenceTexts(db, missing.map((i) => ({ article: i.article, sentence: i.claim.sentence })));
  missing.forEach((item, i) => (item.claim.text = texts[i]!));
}

/** The text of each (article, sentence index) pair, in their order; the title for -1. */
export async function sentenceTexts(db: Executor, items: readonly { article: number; sentence: number }[]): Promise<string[]> {
  const out = items.map(() => '');
  const ids = [...new Set(items.map((i) => i.article))];
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db.selectFrom('articles').select(['id', 'title', 'text']).where('id', 'in', ids.slice(i, i + 200)).execute();
    for (const row of rows) {
      const { sentences } = splitArticle(row.text);
      items.forEach((item, at) => {
        if (item.article === row.id) out[at] = item.sentence === -1 ? (row.title ?? '') : (sentences[item.sentence]?.text ?? '');
      });
    }
  }
  return out;
}
