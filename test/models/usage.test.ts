import { describe, expect, it } from "vitest";
import { costOf, listPrice, meterUsage, ModelRegistry, RateLimitError, SimulatedModel, UniformEnsemble, PRICES } from "xcs-jit";
import { scriptedModel } from "./support.js";

describe("usage and cost per run", () => {
  it("sums requests, tokens, retries and list-price cost per model", async () => {
    const registry = new ModelRegistry();
    registry.register(
      scriptedModel("openai:gpt-4o", (_, call) => (call === 0 ? new RateLimitError("openai:gpt-4o", 0) : "answer")),
      { random: () => 0, retry: { baseDelayMs: 0 } },
    );
    registry.register(scriptedModel("acme:unpriced", () => "answer"));
    const { result, usage } = await meterUsage(async () => {
      await registry.resolve("openai:gpt-4o").generate({ prompt: "a" });
      await registry.resolve("openai:gpt-4o").generate({ prompt: "b" });
      await registry.resolve("acme:unpriced").generate({ prompt: "c" });
      return "done";
    });
    expect(result).toBe("done");
    const gpt4o = { inputTokens: 20, outputTokens: 10 };
    expect(usage.byModel["openai:gpt-4o"]).toEqual({ requests: 2, failures: 0, retries: 1, ...gpt4o, costUsd: costOf(PRICES["gpt-4o"]!, gpt4o), cacheHits: 0 });
    expect(usage.byModel["acme:unpriced"]).toEqual({ requests: 1, failures: 0, retries: 0, inputTokens: 10, outputTokens: 5, costUsd: undefined, cacheHits: 0 });
    expect(usage.total).toMatchObject({ requests: 3, retries: 1, inputTokens: 30, outputTokens: 15, costUsd: costOf(PRICES["gpt-4o"]!, gpt4o), cacheHits: 0 });
    expect(usage.total.costUsd).toBeCloseTo((20 * 2.5 + 10 * 10) / 1e6, 12);
  });

  it("concurrent runs never see each other's calls; a nested meter's calls count in the outer one", async () => {
    const registry = new ModelRegistry((name) => new SimulatedModel({ id: name, latency: { fixedMs: 1 } }));
    const ensemble = (n: number) => new UniformEnsemble({ numUnits: n, model: "openai:gpt-4o-mini", registry });
    const [a, b] = await Promise.all([meterUsage(() => ensemble(3).invoke({ query: "a" })), meterUsage(() => ensemble(5).invoke({ query: "b" }))]);
    expect(a.usage.total.requests).toBe(3);
    expect(b.usage.total.requests).toBe(5);

    const outer = await meterUsage(async () => {
      const inner = await meterUsage(() => ensemble(2).invoke({ query: "c" }));
      await ensemble(4).invoke({ query: "d" });
      return inner.usage.total.requests;
    });
    expect(outer.result).toBe(2);
    expect(outer.usage.total.requests).toBe(6);
    expect(outer.usage.total.costUsd).toBeGreaterThan(0);
  });

  it("counts a call that failed after its retries as a failure", async () => {
    const registry = new ModelRegistry();
    registry.register(scriptedModel("openai:gpt-4o", () => new RateLimitError("openai:gpt-4o", 0)), { retry: { maxRetries: 1, baseDelayMs: 0 } });
    const { usage } = await meterUsage(() => registry.resolve("openai:gpt-4o").generate({ prompt: "x" }).catch(() => "failed"));
    expect(usage.byModel["openai:gpt-4o"]).toMatchObject({ requests: 0, failures: 1, retries: 1, inputTokens: 0 });
  });
});

describe("price table", () => {
  it("prices dated snapshots and providers by the longest matching model name", () => {
    expect(listPrice("openai:gpt-4o-mini")).toBe(PRICES["gpt-4o-mini"]);
    expect(listPrice("openai:gpt-4o-2024-08-06")).toBe(PRICES["gpt-4o"]);
    expect(listPrice("anthropic:claude-3-5-sonnet-20241022")).toBe(PRICES["claude-3-5-sonnet"]);
    expect(listPrice("simulated:gpt-4o")).toBe(PRICES["gpt-4o"]);
    expect(listPrice("acme:gpt-4oz")).toBeUndefined();
  });

  it("a registration's own price overrides the table", async () => {
    const registry = new ModelRegistry();
    registry.register(scriptedModel("openai:gpt-4o", () => "ok"), { price: { inputPerMillion: 1_000_000, outputPerMillion: 0 } });
    const { usage } = await meterUsage(() => registry.resolve("openai:gpt-4o").generate({ prompt: "x" }));
    expect(usage.total.costUsd).toBe(10);
  });
});
