export { planDigest } from './plan.ts';
export type { DigestPlan, PlanInput, ToldItem } from './plan.ts';
export { lastRecordedDigest, recordDigest, recordedDigestOf } from './record.ts';
export type { DigestTrigger } from './record.ts';
export { answerLatest } from './latest/answer.ts';
export type { LatestInput } from './latest/answer.ts';
export * from './model.ts';
