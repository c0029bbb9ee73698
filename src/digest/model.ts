import { z } from 'zod';

/**
 * The digest model of DESIGN.md: what `parley digest --format json` prints, what renderers take and
 * what the outbox stores. Tests and evaluation scripts parse against these schemas.
 */
export const sourceRefSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  outlet: z.string().nullable(),
  url: z.string().nullable(),
  file: z.string().nullable(),
  published: z.string().nullable().optional(),
});

export const quoteSchema = z.object({
  /** Verbatim source text (whitespace and quote marks may be normalised). */
  text: z.string().min(1),
  /** null when the text does not say who spoke: never guessed. */
  speaker: z.string().nullable(),
  source: sourceRefSchema,
});

export const updateSchema = z.object({
  summary: z.string(),
  quotes: z.array(quoteSchema),
  sources: z.array(sourceRefSchema).min(1),
});

export const figureSchema = z.object({
  /** What the number counts, in words of the sentence that states it. */
  label: z.string(),
  value: z.number(),
  /** The channel's last reading of the same running count; never set for an offer's term. */
  previous: z.number().nullable(),
  /** The sentence that states it, verbatim (absent from digests stored before it was recorded). */
  evidence: z.string().optional(),
  /** `count`: a running count (charted); `term`: what an offer would do; `event`: what one event did. */
  kind: z.enum(['count', 'term', 'event']).optional(),
  /** Reports of the same window gave readings of this count more than 10 % apart. */
  sourcesDiffer: z.boolean().optional(),
  source: sourceRefSchema,
});

export const digestSchema = z.object({
  channel: z.string(),
  topic: z.string(),
  since: z.string().nullable(),
  until: z.string(),
  headline: z.string(),
  updates: z.array(updateSchema),
  figures: z.array(figureSchema),
  background: z.array(z.string()),
  stats: z.object({
    articles: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    offTopic: z.number().int().min(0),
  }),
});

export const latestAnswerSchema = z.object({
  query: z.string(),
  asOf: z.string(),
  updates: z.array(updateSchema.extend({ published: z.string().nullable() })),
  /** When nothing answers: terms of the topic to ask about instead. */
  suggestions: z.array(z.string()).optional(),
});

export type SourceRef = z.infer<typeof sourceRefSchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type Update = z.infer<typeof updateSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type Digest = z.infer<typeof digestSchema>;
export type LatestAnswer = z.infer<typeof latestAnswerSchema>;
