/**
 * How long a transient delivery failure waits before the next attempt: the platform's own
 * `retryAfterMs` when it sent one (429), otherwise exponential backoff with jitter. Both are
 * bounded, so a storm of failures never parks a channel for longer than `maxMs`
 * (`maxRetryAfterMs` for an explicit rate-limit answer).
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, maxRetryAfterMs: 15 * 60_000 };

/** `attempt` is 1 for the first retry. Jitter spreads a batch of retries over the upper half of the window. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, policy: BackoffPolicy = defaultBackoff, random = Math.random): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(policy.maxRetryAfterMs, Math.ceil(retryAfterMs));
  }
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
