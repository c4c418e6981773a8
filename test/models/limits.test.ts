import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManagedModel, ModelRegistry, SimulatedModel, UniformEnsemble } from "xcs-jit";
import { CallLog, LogicalClock } from "../support/index.js";
import { clockOf, LoggedModel } from "./support.js";

/** A registry whose one model takes `latency` ticks per call and is logged (in-flight counted). */
function limitedWorld(latency: number, policy: { maxConcurrency?: number; requestsPerMinute?: number }) {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const registry = new ModelRegistry();
  const simulated = new SimulatedModel({ id: "openai:gpt-4o", latency: { fixedMs: latency }, clock: clockOf(clock) });
  registry.register(new LoggedModel(simulated, log), { ...policy, clock: clockOf(clock) });
  return { clock, log, registry };
}

describe("per-model concurrency limit", () => {
  it("calls in flight never exceed the limit across concurrent runs of different operators", async () => {
    const { clock, log, registry } = limitedWorld(10, { maxConcurrency: 3 });
    // Four independent runs, each an ensemble of five units, all naming the same model.
    const runs = Array.from({ length: 4 }, (_, i) =>
      new UniformEnsemble({ numUnits: 5, model: "gpt-4o", temperature: 0.7, seed: 10 * i, registry }).invoke({ query: `q${i}` }),
    );
    const results = await clock.run(Promise.all(runs));
    expect(results.map((r) => r.answers.length)).toEqual([5, 5, 5, 5]);
    expect(log.records).toHaveLength(20);
    expect(log.peak).toBe(3);
    // 20 calls, 3 at a time, 10 ticks each: seven rounds.
    expect(clock.now).toBe(70);
  });

  it("holds for any limit and any mix of runs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }), async (limit, sizes) => {
        const { clock, log, registry } = limitedWorld(3, { maxConcurrency: limit });
        const runs = sizes.map((n, i) => new UniformEnsemble({ numUnits: n, model: "openai:gpt-4o", seed: 100 * i, registry }).invoke({ query: `q${i}` }));
        await clock.run(Promise.all(runs));
        const total = sizes.reduce((a, b) => a + b, 0);
        expect(log.records).toHaveLength(total);
        expect(log.peak).toBe(Math.min(limit, total));
        expect(registry.resolve("openai:gpt-4o").inFlight).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it("a caller aborted while queued leaves the queue; the others still run", async () => {
    const { clock, log, registry } = limitedWorld(10, { maxConcurrency: 1 });
    const model = registry.resolve("openai:gpt-4o");
    const controller = new AbortController();
    const first = model.generate({ prompt: "a" });
    const queued = model.generate({ prompt: "b" }, { signal: controller.signal }).catch((e: unknown) => e);
    const third = model.generate({ prompt: "c" });
    const abort = clock.sleep(5).then(() => controller.abort(new Error("cancelled")));
    const [, error] = await clock.run(Promise.all([first, queued, third, abort]));
    expect((error as Error).message).toBe("cancelled");
    expect(log.records.map((r) => (r.inputs as { prompt: string }).prompt)).toEqual(["a", "c"]);
    expect(clock.now).toBe(20);
  });
});

describe("requests-per-minute limit", () => {
  it("never starts more than the limit in any 60-second window", async () => {
    const { clock, log, registry } = limitedWorld(0, { requestsPerMinute: 5 });
    const model = registry.resolve("openai:gpt-4o");
    await clock.run(Promise.all(Array.from({ length: 12 }, (_, i) => model.generate({ prompt: `q${i}` }))));
    const starts = log.records.map((r) => r.start);
    expect(starts).toEqual([0, 0, 0, 0, 0, 60_000, 60_000, 60_000, 60_000, 60_000, 120_000, 120_000]);
  });

  it("a caller aborted while waiting for the window gives up at once and counts no start", async () => {
    const { clock, log, registry } = limitedWorld(0, { requestsPerMinute: 1 });
    const model = registry.resolve("openai:gpt-4o");
    const controller = new AbortController();
    const first = model.generate({ prompt: "a" });
    const waiting = model.generate({ prompt: "b" }, { signal: controller.signal }).catch((e: unknown) => [e, clock.now]);
    const third = model.generate({ prompt: "c" });
    const abort = clock.sleep(10).then(() => controller.abort(new Error("cancelled")));
    const [, [error, rejectedAt]] = (await clock.run(Promise.all([first, waiting, third, abort]))) as unknown as [unknown, [Error, number]];
    expect(error.message).toBe("cancelled");
    expect(rejectedAt).toBe(10);
    expect(log.records.map((r) => [(r.inputs as { prompt: string }).prompt, r.start])).toEqual([["a", 0], ["c", 60_000]]);
  });

  it("holds for any limit, latency and arrival pattern", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 15 }),
        async (perMinute, latency, arrivals) => {
          const { clock, log, registry } = limitedWorld(latency, { requestsPerMinute: perMinute });
          const model = registry.resolve("openai:gpt-4o");
          const calls = arrivals.map((at, i) => clock.sleep(at).then(() => model.generate({ prompt: `q${i}` })));
          await clock.run(Promise.all(calls));
          const starts = log.records.map((r) => r.start).sort((a, b) => a - b);
          for (let i = perMinute; i < starts.length; i++) expect(starts[i]! - starts[i - perMinute]!).toBeGreaterThanOrEqual(60_000);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("limits belong to the registry entry", () => {
  it("every resolution of a name shares one managed model", () => {
    const registry = new ModelRegistry();
    registry.register(new SimulatedModel({ id: "openai:gpt-4o" }), { maxConcurrency: 2 });
    expect(registry.resolve("gpt-4o")).toBe(registry.resolve("openai:gpt-4o"));
    expect(registry.resolve("gpt-4o")).toBeInstanceOf(ManagedModel);
  });

  it("rejects limits below one and malformed retry policies", () => {
    const source = 'model policy of simulated:model: invalid option';
    expect(() => new ManagedModel(new SimulatedModel(), { maxConcurrency: 0 })).toThrow(`${source} "maxConcurrency": expected a positive integer, got 0`);
    expect(() => new ManagedModel(new SimulatedModel(), { requestsPerMinute: 0.5 })).toThrow(`${source} "requestsPerMinute": expected a positive integer, got 0.5`);
    expect(() => new ManagedModel(new SimulatedModel(), { retry: { maxRetries: 1.5 } })).toThrow(`${source} "retry.maxRetries": expected a non-negative integer of at most 100, got 1.5`);
    expect(() => new ManagedModel(new SimulatedModel(), { retry: { baseDelayMs: -1 } })).toThrow(`${source} "retry.baseDelayMs": expected a non-negative number, got -1`);
  });
});
