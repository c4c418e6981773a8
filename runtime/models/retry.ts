import { failureKinds, type FailureKind } from "./errors.js";

/**
 * The most retries a policy may ask for. Each one is a paid request; policies are user input (a
 * config file), and a count like 1e9 means "forever" on a provider that keeps failing. 100 retries
 * at the 30 s default cap on backoff already wait most of an hour.
 */
export const MAX_RETRIES = 100;

export interface RetryPolicy {
  /** Attempts after the first; 0 turns retries off; at most `MAX_RETRIES` (100). Default 4. */
  readonly maxRetries: number;
  /** The first backoff's ceiling; each retry doubles it. Default 500 ms. */
  readonly baseDelayMs: number;
  /** The cap on the doubled ceiling. Default 30 000 ms. */
  readonly maxDelayMs: number;
  /**
   * The longest `retry-after` worth waiting for. A provider asking for more fails the call at
   * once with a `RetryRefusedError` instead of a silent wait. Default 60 000 ms.
   */
  readonly maxRetryAfterMs: number;
  /**
   * The most one call may take, attempts and waits together, from its first attempt; no attempt
   * starts (or runs) past it. Default `Infinity`: the per-attempt `timeoutMs` and `maxRetries`
   * bound the call already.
   */
  readonly deadlineMs: number;
  /** The kinds of failure retried. Default all: rate limits, 5xx, connection failures, timeouts. */
  readonly retryOn: readonly FailureKind[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  deadlineMs: Infinity,
  retryOn: failureKinds,
};

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

/** The policy with defaults filled in (its fields are checked by `checkModelPolicy`). */
export function retryPolicy(options: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  return { ...DEFAULT_RETRY, ...options };
}
