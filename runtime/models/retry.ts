export interface RetryPolicy {
  /** Attempts after the first; 0 turns retries off. Default 4. */
  readonly maxRetries: number;
  /** The first backoff's ceiling; each retry doubles it. Default 500 ms. */
  readonly baseDelayMs: number;
  /** The cap on the doubled ceiling. Default 30 000 ms. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * How long to wait before retry number `retry` (0 for the first). Exponential backoff with "equal
 * jitter" (half the ceiling fixed, half random), so synchronized clients spread out while the wait
 * still grows. A `retry-after` from the provider is a floor, never shortened; up to 10% jitter is
 * added above it so that every client told "retry after 2 s" does not return in the same instant.
 */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  if (retryAfterMs === undefined) return backoff;
  return Math.max(backoff, retryAfterMs * (1 + 0.1 * random()));
}

/** The policy with defaults filled in, checked field by field. */
export function retryPolicy(options: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  const policy = { ...DEFAULT_RETRY, ...options };
  for (const field of ["maxRetries", "baseDelayMs", "maxDelayMs"] as const) {
    const value = policy[field];
    if (typeof value !== "number" || !(value >= 0) || (field === "maxRetries" && !Number.isInteger(value))) {
      throw new RangeError(`retry.${field} must be a non-negative ${field === "maxRetries" ? "integer" : "number"}, got ${String(value)}`);
    }
  }
  return policy;
}
