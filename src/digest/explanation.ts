import { z } from 'zod';

/**
 * What became of every article and every candidate development of one digest, recorded by the
 * planner while it decides (plan.ts, brain/select.ts), never recomputed: the answer to "why wasn't
 * this posted?" (`parley digest --explain`).
 */
export const articleFateSchema = z.object({
  id: z.number().int(),
  title: z.string().nullable(),
  outlet: z.string().nullable(),
  fate: z.enum(['posted', 'copy', 'off-topic', 'told before', 'not posted']),
  /** Which update (1-based) for `posted`; the reason, in words, for the others. */
  detail: z.string(),
});

export const candidateSchema = z.object({
  /** The sentence the development would be told by. */
  summary: z.string(),
  /** Article ids whose sentences make it. */
  articles: z.array(z.number().int()),
  score: z.number(),
  /** What the score is made of (outlets, position, specificity, event, topic …). */
  parts: z.record(z.string(), z.number()),
  fate: z.enum(['posted', 'already told', 'repeats', 'leans', 'background', 'below the cut']),
  detail: z.string(),
});

export const explanationSchema = z.object({
  engine: z.enum(['claims', 'clusters']),
  articles: z.array(articleFateSchema),
  candidates: z.array(candidateSchema),
});

export type ArticleFate = z.infer<typeof articleFateSchema>;
export type CandidateFate = z.infer<typeof candidateSchema>;
export type Explanation = z.infer<typeof explanationSchema>;
