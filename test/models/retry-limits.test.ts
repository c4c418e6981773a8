import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIMEOUT_MS,
  ManagedModel,
  ModelConnectionError,
  ModelServerError,
  ModelTimeoutError,
  RateLimitError,
  RetryRefusedError,
  systemClock,
  type Model,
  type ModelPolicy,
} from "xcs-jit";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "./support.js";

/** A model whose attempts take 1 tick and end as `outcome(attempt)` says; `"hang"` never ends. */
function scripted(clock: LogicalClock, outcome: (attempt: number) => Error | "ok" | "hang") {
  const attempts: number[] = [];
  const signals: AbortSignal[] = [];
  const model: Model = {
    id: "openai:gpt-4o",
    async generate(_request, options = {}) {
      const result = outcome(attempts.length);
      attempts.push(clock.now);
      signals.push(options.signal!);
      if (result === "hang") return new Promise<never>(() => {}); // ignores its signal too
      await clock.sleep(1);
      if (result instanceof Error) throw result;
      return { text: "fine", usage: { inputTokens: 1, outputTokens: 1 }, model: "openai:gpt-4o" };
    },
  };
  return { model, attempts, signals };
}

async function call(clock: LogicalClock, model: Model, policy: ModelPolicy) {
  const managed = new ManagedModel(model, { clock: clockOf(clock), random: () => 0, ...policy });
  return clock.run(managed.generate({ prompt: "hi" }).catch((error: unknown) => error));
}

describe("a retry-after the policy will not wait for fails at once, saying so", () => {
  it.each([61_000, 2 ** 31 + 5, 8.64e7 * 365])("retry-after %d ms, over the 60 s default ceiling", async (retryAfterMs) => {
    const clock = new LogicalClock();
    const { model, attempts } = scripted(clock, () => new RateLimitError("openai:gpt-4o", retryAfterMs));
    const error = await call(clock, model, {});
    expect(error).toBeInstanceOf(RetryRefusedError);
    expect((error as Error).message).toBe(
      `openai:gpt-4o: not retried: the retry would wait ${retryAfterMs} ms, over retry.maxRetryAfterMs (60000 ms); last error: openai:gpt-4o: rate limited (429), retry after ${retryAfterMs} ms`,
    );
    expect((error as RetryRefusedError).cause).toBeInstanceOf(RateLimitError);
    expect(attempts).toEqual([0]);
    expect(clock.now).toBe(1); // no wait at all after the 1-tick attempt
  });

  it("a retry-after under the ceiling but past the deadline fails at once too", async () => {
    const clock = new LogicalClock();
    const { model, attempts } = scripted(clock, () => new RateLimitError("openai:gpt-4o", 5_000));
    const error = await call(clock, model, { retry: { deadlineMs: 3_000 } });
    expect(error).toBeInstanceOf(RetryRefusedError);
    expect((error as RetryRefusedError).limit).toBe("retry.deadlineMs");
    expect((error as Error).message).toContain("the retry would wait 5000 ms, past retry.deadlineMs (2999 ms left)");
    expect(attempts).toEqual([0]);
    expect(clock.now).toBe(1);
  });
});

describe("every attempt has a timeout", () => {
  it(`by default ${DEFAULT_TIMEOUT_MS} ms: a hanging provider is aborted, retried, and the call fails with a timeout`, async () => {
    const clock = new LogicalClock();
    const { model, attempts, signals } = scripted(clock, () => "hang");
    const error = await call(clock, model, { retry: { maxRetries: 2, baseDelayMs: 10 } });
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as Error).message).toBe(`openai:gpt-4o: timed out after ${DEFAULT_TIMEOUT_MS} ms`);
    // Waits of 5 and 10 ticks (zero jitter) between the three timed-out attempts.
    expect(attempts).toEqual([0, DEFAULT_TIMEOUT_MS + 5, 2 * DEFAULT_TIMEOUT_MS + 15]);
    expect(signals.every((signal) => signal.aborted && signal.reason instanceof ModelTimeoutError)).toBe(true);
  });

  it("the deadline cuts the last attempt short, and no attempt starts past it", async () => {
    const clock = new LogicalClock();
    const { model, attempts } = scripted(clock, () => "hang");
    const error = await call(clock, model, { timeoutMs: 400, retry: { deadlineMs: 1_000, baseDelayMs: 100 } });
    // 0–400 timed out, wait 50, 450–850 timed out, wait 100 would end at 950: attempt 950–1000.
    expect(attempts).toEqual([0, 450, 950]);
    expect(error).toBeInstanceOf(RetryRefusedError);
    expect((error as RetryRefusedError).limit).toBe("retry.deadlineMs");
    expect((error as RetryRefusedError).cause).toBeInstanceOf(ModelTimeoutError);
    expect(((error as RetryRefusedError).cause as Error).message).toBe("openai:gpt-4o: timed out after 50 ms");
  });

  it("a call that answers in time leaves no timer behind", async () => {
    const clock = new LogicalClock();
    const { model } = scripted(clock, () => "ok");
    expect(await call(clock, model, {})).toMatchObject({ text: "fine" });
    expect(clock.now).toBe(1);
  });
});

describe("which failures are retried", () => {
  const server = () => new ModelServerError("openai:gpt-4o", 503);
  const reset = () => new ModelConnectionError("openai:gpt-4o", "ECONNRESET");
  const badRequest = () => Object.assign(new Error("400: bad request"), { statusCode: 400 });
  const foreign5xx = () => Object.assign(new Error("upstream failed"), { status: 502 });
  const socket = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });

  it.each([
    ["a 5xx", server, 2],
    ["a connection reset", reset, 2],
    ["another client's 5xx, by its status", foreign5xx, 2],
    ["a socket error, by its code", socket, 2],
    ["a 400, never", badRequest, 1],
  ] as const)("%s", async (_, fail, expectedAttempts) => {
    const clock = new LogicalClock();
    const { model, attempts } = scripted(clock, (n) => (n === 0 ? fail() : "ok"));
    const result = await call(clock, model, {});
    expect(attempts).toHaveLength(expectedAttempts);
    if (expectedAttempts === 2) expect(result).toMatchObject({ text: "fine" });
    else expect((result as Error).message).toBe("400: bad request");
  });

  it("retryOn narrows the kinds: a policy retrying only rate limits fails on the first 5xx", async () => {
    const clock = new LogicalClock();
    const { model, attempts } = scripted(clock, (n) => (n === 0 ? server() : "ok"));
    expect(await call(clock, model, { retry: { retryOn: ["rate-limit"] } })).toBeInstanceOf(ModelServerError);
    expect(attempts).toHaveLength(1);
  });
});

describe("the system clock", () => {
  it("holds a wait longer than one timer can (2^31 ms) instead of firing at once with a TimeoutOverflowWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      let woke = false;
      const sleep = systemClock.sleep(2 ** 31 + 10, controller.signal).then(() => (woke = true));
      await new Promise((resolve) => setTimeout(resolve, 20)); // an overflowing timer fires after 1 ms
      expect(woke).toBe(false);
      controller.abort(new Error("stop"));
      await expect(sleep).rejects.toThrow("stop");
      expect(warnings.filter((w) => w.name === "TimeoutOverflowWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
