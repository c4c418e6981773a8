import { systemClock, type Clock } from "./clock.js";
import { failureKind, ModelTimeoutError, RateLimitError, RetryRefusedError } from "./errors.js";
import { ConcurrencyLimiter, RequestRateLimiter } from "./limits.js";
import { checkModelPolicy } from "./policy-checks.js";
import { costOf, listPrice, type Price } from "./pricing.js";
import { retryDelay, retryPolicy, type RetryPolicy } from "./retry.js";
import type { Model, ModelCallOptions, ModelRequest, ModelResponse } from "./types.js";
import { recordCall } from "./usage.js";
import { cacheKey, caches, currentRunCache, type ModelCacheOptions } from "./cache.js";
import { modelCallSpan } from "../telemetry/spans.js";
import { currentNode } from "../events/node-scope.js";

export interface ModelPolicy {
  /** Calls in flight at once, across every run in the process. */
  readonly maxConcurrency?: number;
  /** Request starts in any 60-second window, across every run in the process. */
  readonly requestsPerMinute?: number;
  /** Which failures are retried, how often and how long to wait; `false` turns retries off. */
  readonly retry?: Partial<RetryPolicy> | false;
  /**
   * The longest one attempt may run before it is aborted and fails with a `ModelTimeoutError`
   * (retried as a timeout). Default 120 000 ms, so a provider that hangs never hangs a run;
   * `Infinity` turns it off.
   */
  readonly timeoutMs?: number;
  /** Overrides the price table (`pricing.ts`) for this model. */
  readonly price?: Price;
  /** Time for backoff waits, timeouts and the requests-per-minute window. */
  readonly clock?: Clock;
  /** Jitter source, [0, 1); inject a fixed one for reproducible waits. */
  readonly random?: () => number;
  /**
   * Answers repeated requests from a store (`memoryCache()`, `diskCache(dir)`), at temperature 0
   * unless `anyTemperature`. A run's `cacheModelCalls` scope applies when the entry has none.
   */
  readonly cache?: ModelCacheOptions;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * A model behind its limits: a concurrency slot and a rate-window start for every attempt, a
 * timeout per attempt, retries with backoff (honouring `retry-after`) on the failures the policy
 * retries, abort through the caller's signal, and usage/cost reported to the enclosing
 * `meterUsage` runs. One instance per model per process is what makes the limits shared: the
 * registry keeps it.
 */
export class ManagedModel implements Model {
  readonly id: string;
  private readonly concurrency?: ConcurrencyLimiter;
  private readonly rate?: RequestRateLimiter;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  /** The registration's own price; else the table's (or a registered one) at each call. */
  private readonly ownPrice?: Price;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly cache?: ModelCacheOptions;

  constructor(
    readonly inner: Model,
    policy: ModelPolicy = {},
  ) {
    this.id = inner.id;
    checkModelPolicy(`model policy of ${this.id}`, policy);
    this.clock = policy.clock ?? systemClock;
    this.random = policy.random ?? Math.random;
    if (policy.maxConcurrency !== undefined) this.concurrency = new ConcurrencyLimiter(policy.maxConcurrency);
    if (policy.requestsPerMinute !== undefined) this.rate = new RequestRateLimiter(policy.requestsPerMinute, this.clock);
    this.retry = retryPolicy(policy.retry);
    this.timeoutMs = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ownPrice = policy.price;
    this.cache = policy.cache;
  }

  private get price(): Price | undefined {
    return this.ownPrice ?? listPrice(this.id);
  }

  /** Calls holding a concurrency slot right now (0 when the model has no concurrency limit). */
  get inFlight(): number {
    return this.concurrency?.inFlight ?? 0;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const cache = this.cache ?? currentRunCache();
    if (!caches(cache, request)) return this.traced(request, options);
    const key = cacheKey(this.id, request);
    const hit = await cache.store.get(key);
    if (hit !== undefined) {
      recordCall({ model: this.id, usage: hit.usage, costUsd: this.price && costOf(this.price, hit.usage), retries: 0, failed: false, cached: true });
      await (options.onTextDelta ?? currentNode()?.textDelta)?.(hit.text); // a stream still shows the answer
      return hit;
    }
    const response = await this.traced(request, options);
    // The answer is paid for: a cache that cannot store it must not lose it.
    await cache.store.set(key, response).catch((error: unknown) => process.emitWarning(`model cache: could not store an answer of ${this.id}: ${String(error)}`, { code: "XCS_MODEL_CACHE" }));
    return response;
  }

  /** The call, in a GenAI span when tracing: one span for all its attempts, as one call to the caller. */
  private traced(request: ModelRequest, options: ModelCallOptions): Promise<ModelResponse> {
    return modelCallSpan(this.id, request, (response) => this.price && costOf(this.price, response.usage), () => this.call(request, options));
  }

  private async call(request: ModelRequest, options: ModelCallOptions): Promise<ModelResponse> {
    const signal = options.signal;
    // Inside `op.stream`, the model streams its text to the run's events.
    const onTextDelta = options.onTextDelta ?? currentNode()?.textDelta;
    const call = onTextDelta ? { signal, onTextDelta } : { signal };
    const deadline = this.clock.now() + this.retry.deadlineMs;
    for (let retries = 0; ; retries++) {
      try {
        const response = await this.attempt(request, call, deadline);
        const costUsd = this.price && costOf(this.price, response.usage);
        recordCall({ model: this.id, usage: response.usage, costUsd, retries, failed: false });
        return response;
      } catch (error) {
        try {
          if (!this.retries(error, retries) || signal?.aborted) throw error;
          await this.backOff(error, retries, signal, deadline);
        } catch (final) {
          recordCall({ model: this.id, retries, failed: true });
          throw final;
        }
      }
    }
  }

  private retries(error: unknown, retries: number): boolean {
    const kind = failureKind(error);
    return kind !== undefined && this.retry.retryOn.includes(kind) && retries < this.retry.maxRetries;
  }

  /** Waits before the next attempt, or refuses at once when the wait does not fit the policy. */
  private async backOff(error: unknown, retries: number, signal: AbortSignal | undefined, deadline: number): Promise<void> {
    const retryAfterMs = error instanceof RateLimitError ? error.retryAfterMs : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs) {
      throw new RetryRefusedError(this.id, retryAfterMs, "retry.maxRetryAfterMs", this.retry.maxRetryAfterMs, { cause: error });
    }
    const wait = retryDelay(this.retry, retries, this.random, retryAfterMs);
    const left = deadline - this.clock.now();
    if (wait >= left) throw new RetryRefusedError(this.id, wait, "retry.deadlineMs", Math.max(0, left), { cause: error });
    await this.clock.sleep(wait, signal);
  }

  private async attempt(request: ModelRequest, call: ModelCallOptions, deadline: number): Promise<ModelResponse> {
    await this.concurrency?.acquire(call.signal);
    try {
      await this.rate?.acquire(call.signal);
      return await this.timed(request, call, Math.min(this.timeoutMs, deadline - this.clock.now()));
    } finally {
      this.concurrency?.release();
    }
  }

  /**
   * One request, aborted through its signal after `ms` on the policy's clock. It fails with the
   * timeout at that moment even if the model ignores the signal.
   */
  private async timed(request: ModelRequest, call: ModelCallOptions, ms: number): Promise<ModelResponse> {
    if (ms === Infinity) return this.inner.generate(request, call);
    const signal = call.signal;
    const timeout = new AbortController();
    const finished = new AbortController();
    const expired = new Promise<never>((_, reject) => {
      this.clock.sleep(Math.max(0, ms), finished.signal).then(() => {
        const error = new ModelTimeoutError(this.id, Math.round(ms));
        timeout.abort(error);
        reject(error);
      }, () => {}); // cancelled: the request finished first
    });
    const callSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      return await Promise.race([this.inner.generate(request, { ...call, signal: callSignal }), expired]);
    } finally {
      finished.abort();
    }
  }
}
