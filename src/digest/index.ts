export { planDigest } from './plan.ts';
export type { DigestPlan, PlanInput, ToldItem } from './plan.ts';
export { recordDigest } from './record.ts';
export type { DigestTrigger } from './record.ts';
export { answerLatest } from './latest.ts';
export type { LatestInput } from './latest.ts';
export * from './model.ts';
