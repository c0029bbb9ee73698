export { openStore, takeArticleSeqs } from './open.ts';
export type { Store, Executor } from './open.ts';
export type { Dialect } from './migrations.ts';
export type * from './schema.ts';
export { saveArticle, saveArticles, contentHash, articlesAfter } from './articles.ts';
export type { ArticleInput, SaveResult, SaveStatus } from './articles.ts';
export { ensureSubscription, findSubscription, listSubscriptions, ensureConfiguredSubscriptions } from './subscriptions.ts';
export type { SubscriptionSpec } from './subscriptions.ts';
