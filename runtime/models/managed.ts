import { systemClock, type Clock } from "./clock.js";
import { isTransient, RateLimitError } from "./errors.js";
import { ConcurrencyLimiter, RequestRateLimiter } from "./limits.js";
import { costOf, listPrice, type Price } from "./pricing.js";
import { retryDelay, retryPolicy, type RetryPolicy } from "./retry.js";
import type { Model, ModelCallOptions, ModelRequest, ModelResponse } from "./types.js";
import { recordCall } from "./usage.js";

export interface ModelPolicy {
  /** Calls in flight at once, across every run in the process. */
  readonly maxConcurrency?: number;
  /** Request starts in any 60-second window, across every run in the process. */
  readonly requestsPerMinute?: number;
  /** Retries on rate limits and timeouts; `false` turns them off. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Overrides the price table (`pricing.ts`) for this model. */
  readonly price?: Price;
  /** Time for backoff waits and the requests-per-minute window. */
  readonly clock?: Clock;
  /** Jitter source, [0, 1); inject a fixed one for reproducible waits. */
  readonly random?: () => number;
}

/**
 * A model behind its limits: a concurrency slot and a rate-window start for every attempt,
 * retries with backoff (honouring `retry-after`) on transient failures, abort through the
 * caller's signal, and usage/cost reported to the enclosing `meterUsage` runs.
 * One instance per model per process is what makes the limits shared: the registry keeps it.
 */
export class ManagedModel implements Model {
  readonly id: string;
  private readonly concurrency?: ConcurrencyLimiter;
  private readonly rate?: RequestRateLimiter;
  private readonly retry: RetryPolicy;
  private readonly price?: Price;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(
    readonly inner: Model,
    policy: ModelPolicy = {},
  ) {
    this.id = inner.id;
    this.clock = policy.clock ?? systemClock;
    this.random = policy.random ?? Math.random;
    if (policy.maxConcurrency !== undefined) this.concurrency = new ConcurrencyLimiter(policy.maxConcurrency);
    if (policy.requestsPerMinute !== undefined) this.rate = new RequestRateLimiter(policy.requestsPerMinute, this.clock);
    this.retry = retryPolicy(policy.retry);
    this.price = policy.price ?? listPrice(inner.id);
  }

  /** Calls holding a concurrency slot right now (0 when the model has no concurrency limit). */
  get inFlight(): number {
    return this.concurrency?.inFlight ?? 0;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const signal = options.signal;
    for (let retries = 0; ; retries++) {
      try {
        const response = await this.attempt(request, signal);
        const costUsd = this.price && costOf(this.price, response.usage);
        recordCall({ model: this.id, usage: response.usage, costUsd, retries, failed: false });
        return response;
      } catch (error) {
        if (!isTransient(error) || retries >= this.retry.maxRetries || signal?.aborted) {
          recordCall({ model: this.id, retries, failed: true });
          throw error;
        }
        await this.backOff(error, retries, signal);
      }
    }
  }

  private async backOff(error: unknown, retries: number, signal: AbortSignal | undefined): Promise<void> {
    const retryAfterMs = error instanceof RateLimitError ? error.retryAfterMs : undefined;
    try {
      await this.clock.sleep(retryDelay(this.retry, retries, this.random, retryAfterMs), signal);
    } catch (abort) {
      recordCall({ model: this.id, retries, failed: true });
      throw abort;
    }
  }

  private async attempt(request: ModelRequest, signal: AbortSignal | undefined): Promise<ModelResponse> {
    await this.concurrency?.acquire(signal);
    try {
      await this.rate?.acquire(signal);
      return await this.inner.generate(request, { signal });
    } finally {
      this.concurrency?.release();
    }
  }
}
