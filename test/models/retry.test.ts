import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, ManagedModel, ModelTimeoutError, RateLimitError, retryDelay, type Model } from "xcs-jit";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "./support.js";

/** A model failing its first `failures` attempts with `fail()`, then answering; records attempt times. */
function flakyModel(clock: LogicalClock, failures: number, fail: () => Error): Model & { attempts: number[] } {
  const attempts: number[] = [];
  return {
    id: "openai:gpt-4o",
    attempts,
    async generate() {
      attempts.push(clock.now);
      await clock.sleep(1);
      if (attempts.length <= failures) throw fail();
      return { text: "fine", usage: { inputTokens: 1, outputTokens: 1 }, model: "openai:gpt-4o" };
    },
  };
}

describe("retries on rate limits", () => {
  it("a 429 with retry-after is retried after it and never sooner, whatever the jitter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        async (retryAfterMs, failures, jitter) => {
          const clock = new LogicalClock();
          const inner = flakyModel(clock, failures, () => new RateLimitError("openai:gpt-4o", retryAfterMs));
          const retry = { maxRetryAfterMs: 120_000 }; // the default ceiling is 60 s
          const model = new ManagedModel(inner, { clock: clockOf(clock), random: () => jitter, retry });
          const response = await clock.run(model.generate({ prompt: "hi" }));
          expect(response.text).toBe("fine");
          expect(inner.attempts).toHaveLength(failures + 1);
          for (let i = 1; i < inner.attempts.length; i++) {
            const failedAt = inner.attempts[i - 1]! + 1; // each attempt fails after its 1-tick latency
            expect(inner.attempts[i]! - failedAt).toBeGreaterThanOrEqual(retryAfterMs);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("retries exactly at retry-after when it exceeds the backoff and the jitter is zero", async () => {
    const clock = new LogicalClock();
    const inner = flakyModel(clock, 1, () => new RateLimitError("openai:gpt-4o", 2000));
    const model = new ManagedModel(inner, { clock: clockOf(clock), random: () => 0 });
    await clock.run(model.generate({ prompt: "hi" }));
    expect(inner.attempts).toEqual([0, 2001]);
  });

  it("without retry-after, waits grow exponentially between half and all of the doubling ceiling", async () => {
    const waits = async (jitter: number) => {
      const clock = new LogicalClock();
      const inner = flakyModel(clock, 4, () => new RateLimitError("openai:gpt-4o"));
      const policy = { baseDelayMs: 100, maxDelayMs: 600 };
      await clock.run(new ManagedModel(inner, { clock: clockOf(clock), random: () => jitter, retry: policy }).generate({ prompt: "hi" }));
      return inner.attempts.slice(1).map((at, i) => at - inner.attempts[i]! - 1);
    };
    expect(await waits(0)).toEqual([50, 100, 200, 300]);
    expect(await waits(0.5)).toEqual([75, 150, 300, 450]);
    for (let retry = 0; retry < 8; retry++) {
      const delay = retryDelay(DEFAULT_RETRY, retry, Math.random);
      const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** retry);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it("gives up after maxRetries with the last error", async () => {
    const clock = new LogicalClock();
    let n = 0;
    const inner = flakyModel(clock, 100, () => new RateLimitError("openai:gpt-4o", 10 * ++n));
    const model = new ManagedModel(inner, { clock: clockOf(clock), retry: { maxRetries: 2 } });
    const error = await clock.run(model.generate({ prompt: "hi" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30);
    expect(inner.attempts).toHaveLength(3);
  });

  it("retries timeouts too, but never errors that say something about the request", async () => {
    const clock = new LogicalClock();
    const timeouts = flakyModel(clock, 1, () => new ModelTimeoutError("openai:gpt-4o", 30_000));
    await clock.run(new ManagedModel(timeouts, { clock: clockOf(clock) }).generate({ prompt: "hi" }));
    expect(timeouts.attempts).toHaveLength(2);

    const bad = flakyModel(clock, 1, () => new TypeError("invalid request"));
    await expect(clock.run(new ManagedModel(bad, { clock: clockOf(clock) }).generate({ prompt: "hi" }))).rejects.toThrow("invalid request");
    expect(bad.attempts).toHaveLength(1);

    const off = flakyModel(clock, 1, () => new RateLimitError("openai:gpt-4o", 1));
    await expect(clock.run(new ManagedModel(off, { clock: clockOf(clock), retry: false }).generate({ prompt: "hi" }))).rejects.toBeInstanceOf(RateLimitError);
    expect(off.attempts).toHaveLength(1);
  });

  it("an abort during the backoff ends the call at once, without another attempt", async () => {
    const clock = new LogicalClock();
    const inner = flakyModel(clock, 5, () => new RateLimitError("openai:gpt-4o", 10_000));
    const model = new ManagedModel(inner, { clock: clockOf(clock) });
    const controller = new AbortController();
    const call = model.generate({ prompt: "hi" }, { signal: controller.signal });
    const abort = clock.sleep(500).then(() => controller.abort(new Error("user cancelled")));
    await expect(clock.run(Promise.all([call, abort]))).rejects.toThrow("user cancelled");
    expect(clock.now).toBe(500);
    expect(inner.attempts).toEqual([0]);
  });
});
