import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import {
  meterUsage,
  ModelConnectionError,
  ModelRegistry,
  ModelTimeoutError,
  RetryRefusedError,
  UniformEnsemble,
  usageOf,
  type ModelPolicy,
} from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider, type Provider, type Reply } from "./openai-server.js";

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A registry whose `local:m` is the AI SDK adapter on a loopback server replying as `script` says. */
async function local(script: (n: number) => Reply, policy: ModelPolicy = {}) {
  running = await startProvider(10, script);
  const provider = createOpenAICompatible({ name: "local", baseURL: running.baseURL, apiKey: "test-key" });
  const registry = new ModelRegistry();
  // Real time here (the requests are real); backoffs of a few ms keep the test short.
  registry.register(aiSdkModel(provider.chatModel("m")), { random: () => 0, ...policy, retry: { baseDelayMs: 2, ...(policy.retry || {}) } });
  return { registry, received: running.received, model: registry.resolve("local:m") };
}

const answer = { answer: "42" } as const;

describe("retries over HTTP match the failures", () => {
  it("a 503 is retried", async () => {
    const { model, received } = await local((n) => (n === 0 ? { status: 503 } : answer));
    const { result, usage } = await meterUsage(() => model.generate({ prompt: "q" }));
    expect(result.text).toBe("42");
    expect(received).toHaveLength(2);
    expect(usage.total).toMatchObject({ requests: 1, retries: 1, failures: 0 });
  });

  it("a connection reset is retried", async () => {
    const { model, received } = await local((n) => (n === 0 ? "reset" : answer));
    expect((await model.generate({ prompt: "q" })).text).toBe("42");
    expect(received).toHaveLength(2);
  });

  it("a connection reset on every attempt fails with a ModelConnectionError after the retries", async () => {
    const { model, received } = await local(() => "reset", { retry: { maxRetries: 2 } });
    const error = await model.generate({ prompt: "q" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelConnectionError);
    expect(received).toHaveLength(3);
  });

  it("a 400 is never retried and reaches the caller as the SDK's error", async () => {
    const { model, received } = await local(() => ({ status: 400 }));
    const error = await model.generate({ prompt: "q" }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error) && error.statusCode).toBe(400);
    expect(received).toHaveLength(1);
  });

  it("a provider that hangs is cut off by the attempt timeout, retried, then fails with a timeout", async () => {
    const { model, received } = await local(() => "hang", { timeoutMs: 150, retry: { maxRetries: 1 } });
    const error = await model.generate({ prompt: "q" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as Error).message).toBe("local:m: timed out after 150 ms");
    expect(received).toHaveLength(2);
  });

  it.each([
    ["seconds beyond 2^31 ms", { "retry-after": "99999999" }, 99_999_999_000],
    ["a far-future HTTP date", { "retry-after": "Fri, 01 Jan 2100 00:00:00 GMT" }, undefined],
  ])("a retry-after of %s fails at once, naming the ceiling", async (_, headers, waitMs) => {
    const { model, received } = await local((n) => (n === 0 ? { status: 429, headers } : answer));
    const error = await model.generate({ prompt: "q" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryRefusedError);
    expect((error as RetryRefusedError).limit).toBe("retry.maxRetryAfterMs");
    if (waitMs !== undefined) expect((error as RetryRefusedError).waitMs).toBe(waitMs);
    expect((error as RetryRefusedError).waitMs).toBeGreaterThan(2 ** 31);
    expect(received).toHaveLength(1);
  });
});

describe("usage over HTTP when the run fails", () => {
  it("the answers paid for before a 400 are reported on the run's error", async () => {
    // One request at a time, so the first two answer before the third is refused.
    const { registry, received } = await local((n) => (n === 2 ? { status: 400 } : answer), { maxConcurrency: 1 });
    const ensemble = new UniformEnsemble({ numUnits: 3, model: "local:m", registry });
    const error = await meterUsage(() => ensemble.invoke({ query: "q" })).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(received).toHaveLength(3);
    expect(usageOf(error)?.byModel["local:m"]).toMatchObject({ requests: 2, failures: 1, inputTokens: 22, outputTokens: 4 });
  });
});

describe("an ensemble tolerating failures over HTTP", () => {
  it("UniformEnsemble({ minSuccesses }) answers with the units that got through and lists the 400", async () => {
    const { registry, received } = await local((n) => (n === 1 ? { status: 400 } : answer), { maxConcurrency: 1 });
    const ensemble = new UniformEnsemble({ numUnits: 3, model: "local:m", registry, minSuccesses: 2 });
    const { result, usage } = await meterUsage(() => ensemble.invoke({ query: "q" }));
    expect(result.answers).toEqual(["42", "42"]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0]!.message).toContain("status 400");
    expect(received).toHaveLength(3);
    expect(usage.total).toMatchObject({ requests: 2, failures: 1 });
  });
});
