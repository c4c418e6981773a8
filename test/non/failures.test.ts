import { describe, expect, it } from "vitest";
import { RateLimitError, buildGraph, meterUsage } from "xcs-jit";
import { runCompiled, runEager } from "../support/index.js";
import { simulatedWorld } from "../models/support.js";

const spec = ["5:E:gpt-4o:0.7", "1:J:claude-3-5-sonnet:0"];

describe("model failures inside a graph", () => {
  it("with retries, injected rate limits change the timing and the usage, never the answers", async () => {
    const run = async (rateLimit: number) => {
      const world = simulatedWorld({ latency: 10, simulated: { failures: { rateLimit, retryAfterMs: 100 } }, policy: { random: () => 0 } });
      const graph = buildGraph(spec, { registry: world.registry });
      const { result, usage } = await world.clock.run(meterUsage(() => graph.invoke({ query: "Why is the sky blue?" })));
      return { result, usage, ticks: world.clock.now };
    };
    const calm = await run(0);
    const stormy = await run(0.4);
    expect(stormy.result).toEqual(calm.result);
    expect(stormy.usage.total.requests).toBe(6);
    expect(stormy.usage.total.retries).toBeGreaterThan(0);
    expect(calm.usage.total.retries).toBe(0);
    expect(stormy.ticks).toBeGreaterThanOrEqual(calm.ticks + 100); // at least one wait of retry-after
  });

  it("without retries, a rate limit fails the run with the same error compiled and eager", async () => {
    const make = () => {
      const world = simulatedWorld({ simulated: { failures: { rateLimit: 1, retryAfterMs: 100 } }, policy: { retry: false } });
      return { op: buildGraph(spec, { registry: world.registry }), log: world.log };
    };
    // The ensemble inside is itself structural, so even the eager run reports the unit's error
    // wrapped with its node path: compare the causes.
    const eager = await runEager(make(), { query: "q" });
    const compiled = await runCompiled(make(), { query: "q" });
    for (const outcome of [eager, compiled]) {
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toBeInstanceOf(RateLimitError);
      expect((outcome.error as Error).message).toBe("simulated:gpt-4o: rate limited (429), retry after 100 ms");
      expect(outcome.log.records.some((r) => r.name === "simulated:claude-3-5-sonnet")).toBe(false);
    }
  });
});
