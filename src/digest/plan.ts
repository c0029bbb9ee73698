import type { Config } from '../config/index.ts';
import type { Executor, SubscriptionRow, ToldTable } from '../store/index.ts';
import { findQuotes } from '../analysis/quotes.ts';
import { splitArticle, standAlone } from '../analysis/text.ts';
import type { Digest, Update } from './model.ts';
import { sourceRef } from './source-ref.ts';

export interface ToldItem {
  kind: ToldTable['kind'];
  key: string;
  value: string | null;
}

export interface DigestPlan {
  digest: Digest;
  /** The channel's cursor once this digest is recorded: the highest article `seq` it covers. */
  cursorTo: number;
  /** What the channel will have been told once this digest is recorded. */
  told: ToldItem[];
}

export interface PlanInput {
  db: Executor;
  subscription: SubscriptionRow;
  config: Config;
  now: Date;
}

const quoteKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Plans the next digest of one channel: what arrived since its cursor and has not been told to it. Writes nothing. */
export async function planDigest({ db, subscription, config, now }: PlanInput): Promise<DigestPlan> {
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'seq', 'title', 'outlet', 'url', 'file', 'published_at', 'text'])
    .where('seq', '>', subscription.cursor_seq)
    .orderBy('seq')
    .execute();
  const toldQuotes = new Set(
    (await db.selectFrom('told').select('key').where('subscription_id', '=', subscription.id).where('kind', '=', 'quote').execute()).map((r) => r.key),
  );
  const told: ToldItem[] = [];
  const updates: Update[] = [];
  for (const article of articles) {
    const { paragraphs, sentences } = splitArticle(article.text);
    const lead = sentences.find((s) => s.text !== article.title && !/^["“]/.test(s.text));
    if (!lead) continue;
    const source = sourceRef(article);
    const quotes = findQuotes(paragraphs)
      .filter((q) => !q.partial && !toldQuotes.has(quoteKey(q.text)))
      .slice(0, 1)
      .map((q) => ({ text: q.segments[0]!.text, speaker: null, source }));
    for (const q of quotes) told.push({ kind: 'quote', key: quoteKey(q.text), value: null });
    told.push({ kind: 'story', key: String(article.id), value: null });
    updates.push({ summary: standAlone(lead.text), quotes, sources: [source] });
  }
  const cursorTo = articles.reduce((max, a) => Math.max(max, a.seq), subscription.cursor_seq);
  const shown = updates.slice(0, config.digest.maxUpdates);
  return {
    digest: {
      channel: subscription.channel_id,
      topic: config.topic.id,
      since: subscription.last_digest_at,
      until: now.toISOString(),
      headline: shown[0]?.summary ?? 'Nothing new since the last digest.',
      updates: shown,
      figures: [],
      background: [],
      stats: { articles: articles.length, duplicates: 0, offTopic: 0 },
    },
    cursorTo,
    told,
  };
}
