import type { Executor } from '../store/index.ts';
import type { Claim } from './claims.ts';
import { splitArticle } from './text.ts';

/**
 * Puts back the text of cached claims (the cache keeps only their sentence index): reads each
 * article once, splits it the way the analysis did, and takes the sentence, or the title for -1.
 */
export async function fillClaimTexts(db: Executor, items: readonly { article: number; claim: Claim }[]): Promise<void> {
  const missing = items.filter((i) => i.claim.text === undefined);
  const ids = [...new Set(missing.map((i) => i.article))];
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db.selectFrom('articles').select(['id', 'title', 'text']).where('id', 'in', ids.slice(i, i + 200)).execute();
    for (const row of rows) {
      const { sentences } = splitArticle(row.text);
      for (const item of missing) {
        if (item.article !== row.id) continue;
        item.claim.text = item.claim.sentence === -1 ? (row.title ?? '') : (sentences[item.claim.sentence]?.text ?? '');
      }
    }
  }
}
