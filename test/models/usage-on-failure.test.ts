import { describe, expect, it } from "vitest";
import { meterUsage, ModelRegistry, UniformEnsemble, usageOf, type Model } from "xcs-jit";
import { LogicalClock } from "../support/index.js";
import { clockOf } from "./support.js";

/** Units with seed 3 fail after 10 ticks with a 400-like error (not retried); the others answer after 1. */
function world() {
  const clock = new LogicalClock();
  const rejected = Object.assign(new Error("400: content policy"), { statusCode: 400 });
  const model: Model = {
    id: "openai:gpt-4o",
    async generate(request, options) {
      await clock.sleep(request.seed === 3 ? 10 : 1, options?.signal);
      if (request.seed === 3) throw rejected;
      return { text: "ok", usage: { inputTokens: 100, outputTokens: 20 }, model: "openai:gpt-4o" };
    },
  };
  const registry = new ModelRegistry();
  registry.register(model, { clock: clockOf(clock), price: { inputPerMillion: 1, outputPerMillion: 10 } });
  return { clock, registry, rejected };
}

describe("meterUsage when the run fails", () => {
  it("rejects with the run's error, and usageOf(error) reports the calls already paid for", async () => {
    const { clock, registry, rejected } = world();
    const ensemble = new UniformEnsemble({ numUnits: 4, model: "openai:gpt-4o", registry });
    // What eager forward gives: the same error.
    const eager = await clock.run(ensemble.forward({ query: "q" }, { signal: new AbortController().signal }).catch((e: unknown) => e));
    expect(eager).toBe(rejected);

    const error = await clock.run(meterUsage(() => ensemble.invoke({ query: "q" })).catch((e: unknown) => e));
    // The run's error, as eager's (the runtime says which node failed, the cause is eager's).
    expect(error).toBe(rejected);
    const usage = usageOf(error);
    expect(usage?.byModel["openai:gpt-4o"]).toEqual({
      requests: 3,
      failures: 1,
      retries: 0,
      inputTokens: 300,
      outputTokens: 60,
      costUsd: (300 * 1 + 60 * 10) / 1e6,
      cacheHits: 0,
    });
    expect(usage?.total.requests).toBe(3);
  });

  it("nested meters: the inner report reaches its caller, the outer one counts both", async () => {
    const { clock, registry } = world();
    const ensemble = (numUnits: number, seed = 0) => new UniformEnsemble({ numUnits, seed, model: "openai:gpt-4o", registry });
    const seen: (number | undefined)[] = [];
    const error = await clock.run(
      meterUsage(async () => {
        await ensemble(2, 10).invoke({ query: "fine" });
        try {
          await meterUsage(() => ensemble(4).invoke({ query: "q" }));
        } catch (inner) {
          seen.push(usageOf(inner)?.total.requests);
          throw inner;
        }
      }).catch((e: unknown) => e),
    );
    expect(seen).toEqual([3]);
    expect(usageOf(error)?.total).toMatchObject({ requests: 5, failures: 1 });
  });

  it("an error no meter saw has no usage", () => {
    expect(usageOf(new Error("elsewhere"))).toBeUndefined();
    expect(usageOf("a string")).toBeUndefined();
  });
});
