import { APICallError } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { ManagedModel, ModelServerError, ModelTimeoutError, RateLimitError } from "xcs-jit";
import { aiSdkModel, retryAfterMs } from "../../runtime/models/ai-sdk.js";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "./support.js";

function textResult(text: string, inputTokens = 7, outputTokens = 3) {
  return {
    content: [{ type: "text" as const, text }],
    finishReason: { unified: "stop" as const, raw: "stop" },
    usage: {
      inputTokens: { total: inputTokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: outputTokens, text: undefined, reasoning: undefined },
    },
    warnings: [],
  };
}

function rateLimited(headers: Record<string, string>) {
  return new APICallError({ message: "Too Many Requests", url: "https://example.test", requestBodyValues: {}, statusCode: 429, responseHeaders: headers, isRetryable: true });
}

describe("AI SDK adapter, on the SDK's mock model", () => {
  it("passes the request through and reports text, usage and the model id", async () => {
    const mock = new MockLanguageModelV3({ provider: "openai.chat", modelId: "gpt-4o", doGenerate: textResult("Rayleigh scattering") });
    const model = aiSdkModel(mock);
    const response = await model.generate({ prompt: "Why is the sky blue?", system: "Be brief.", temperature: 0.3, seed: 7, maxOutputTokens: 50 });
    expect(response).toEqual({ text: "Rayleigh scattering", usage: { inputTokens: 7, outputTokens: 3 }, model: "openai:gpt-4o" });
    const call = mock.doGenerateCalls[0]!;
    expect(call).toMatchObject({ temperature: 0.3, seed: 7, maxOutputTokens: 50 });
    expect(call.prompt).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Why is the sky blue?" }] },
    ]);
  });

  it("turns a 429 into a RateLimitError with its retry-after, without retrying inside the SDK", async () => {
    const mock = new MockLanguageModelV3({
      doGenerate: async () => {
        throw rateLimited({ "retry-after": "3" });
      },
    });
    const error = await aiSdkModel(mock, { id: "acme:mock" }).generate({ prompt: "hi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ model: "acme:mock", retryAfterMs: 3000 });
    expect((error as Error).cause).toBeInstanceOf(APICallError);
    expect(mock.doGenerateCalls).toHaveLength(1);
  });

  it("a 408 becomes a ModelTimeoutError, a 5xx a ModelServerError; other 4xx pass through unchanged", async () => {
    const failing = (statusCode: number) =>
      new MockLanguageModelV3({
        doGenerate: async () => {
          throw new APICallError({ message: `status ${statusCode}`, url: "https://example.test", requestBodyValues: {}, statusCode });
        },
      });
    const timeout = await aiSdkModel(failing(408), { id: "acme:mock" }).generate({ prompt: "hi" }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(ModelTimeoutError);
    expect((timeout as Error).message).toBe("acme:mock: timed out");
    const server = await aiSdkModel(failing(503), { id: "acme:mock" }).generate({ prompt: "hi" }).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(ModelServerError);
    expect((server as Error).message).toBe("acme:mock: server error (503)");
    expect((server as ModelServerError).status).toBe(503);
    expect(APICallError.isInstance((server as Error).cause)).toBe(true);
    const bad = await aiSdkModel(failing(400)).generate({ prompt: "hi" }).catch((e: unknown) => e);
    expect(APICallError.isInstance(bad)).toBe(true);
    expect((bad as APICallError).statusCode).toBe(400);
  });

  it("behind a ManagedModel, the retry comes after the provider's retry-after", async () => {
    const clock = new LogicalClock();
    const attempts: number[] = [];
    const mock = new MockLanguageModelV3({
      doGenerate: async () => {
        attempts.push(clock.now);
        if (attempts.length === 1) throw rateLimited({ "retry-after-ms": "1500" });
        return textResult("ok");
      },
    });
    const model = new ManagedModel(aiSdkModel(mock, { id: "acme:mock" }), { clock: clockOf(clock), random: () => 0 });
    expect((await clock.run(model.generate({ prompt: "hi" }))).text).toBe("ok");
    expect(attempts).toEqual([0, 1500]);
  });

  it("aborts through the signal", async () => {
    const mock = new MockLanguageModelV3({
      // Never answers: only the abort can end the call.
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) => {
          if (abortSignal!.aborted) reject(abortSignal!.reason);
          abortSignal!.addEventListener("abort", () => reject(abortSignal!.reason), { once: true });
        }),
    });
    const controller = new AbortController();
    const call = aiSdkModel(mock).generate({ prompt: "hi" }, { signal: controller.signal });
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});

describe("retry-after parsing", () => {
  it("reads retry-after-ms, seconds and HTTP dates; ignores garbage", () => {
    expect(retryAfterMs({ "retry-after-ms": "250.5", "retry-after": "9" })).toBe(250.5);
    expect(retryAfterMs({ "Retry-After": "2" })).toBe(2000);
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();
    const fromDate = retryAfterMs({ "retry-after": inFiveSeconds })!;
    expect(fromDate).toBeGreaterThan(3000);
    expect(fromDate).toBeLessThanOrEqual(5000);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
