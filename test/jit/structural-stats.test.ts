/** `getJitStats` for compiled classes: runs, graph builds, cache hits, the graph's calls. */
import { describe, expect, it } from "vitest";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { COMPILED_TIMING_SAMPLE, getJitStats, ModelRegistry, structuralJit, UniformEnsemble } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider } from "../models/openai-server.js";
import { simulatedWorld } from "../models/support.js";
import { loadOpenTelemetry } from "../../runtime/telemetry/otel.js";
import { CallLog, LogicalClock, fakeLeaves } from "../support/index.js";
import { buildsOf, Ensemble, question } from "./ensemble.js";

@structuralJit
class Growing extends Ensemble {
  stateSignature() {
    return this.members.length;
  }
}

describe("getJitStats of a compiled class", () => {
  it("counts runs, graph builds (misses) and cached graphs (hits), one record per run", async () => {
    const clock = new LogicalClock();
    const log = new CallLog(clock);
    const op = new Growing(log, 3);
    expect(getJitStats(op).runs).toBe(0);
    for (const query of ["a", "b"]) await clock.run(op.invoke({ query }));
    expect(getJitStats(op)).toMatchObject({ runs: 2, cacheMisses: 1, cacheHits: 1, traceMs: 0 });
    expect(getJitStats(op).buildMs).toBeGreaterThan(0);
    expect(getJitStats(op).lastRun).toMatchObject({ kind: "structural", cacheHit: true, buildMs: 0, calls: 4, failed: false });
    // A new state signature is a new graph: a miss, with one more call node.
    op.members.push(fakeLeaves(log)("late"));
    await clock.run(op.invoke(question));
    expect(buildsOf(op)).toBe(2);
    expect(getJitStats(op)).toMatchObject({ runs: 3, cacheMisses: 2, cacheHits: 1 });
    expect(getJitStats(op).lastRun).toMatchObject({ kind: "structural", cacheHit: false, calls: 5 });
    expect(getJitStats(op).executionMs).toBeGreaterThan(0);
  });
});

@structuralJit({ maxConcurrency: 2 })
class Bounded extends Ensemble {}

@structuralJit
class Unbounded extends Ensemble {}

describe("getJitStats of a compiled class: node timings and concurrency reached", () => {
  it(`times the first run and every ${COMPILED_TIMING_SAMPLE}th after: per node path its count, total and mean; the most nodes in flight`, async () => {
    const clock = new LogicalClock();
    const log = new CallLog(clock);
    const op = new Unbounded(log, 3);
    await clock.run(op.invoke(question));
    const first = getJitStats(op);
    expect(first).toMatchObject({ runs: 1, timedRuns: 1, concurrencyReached: log.peak });
    expect(log.peak).toBe(3); // the three members at once
    expect(Object.keys(first.nodes).sort()).toEqual(["judge", "members.0", "members.1", "members.2"]);
    expect(first.lastRun).toMatchObject({ timed: true, concurrencyReached: 3 });
    expect(first.lastRun!.nodeTimings.map((t) => t.path).sort()).toEqual(["judge", "members.0", "members.1", "members.2"]);
    for (let i = 1; i <= COMPILED_TIMING_SAMPLE; i++) await clock.run(op.invoke(question));
    const stats = getJitStats(op);
    expect(stats.runs).toBe(COMPILED_TIMING_SAMPLE + 1);
    expect(stats.timedRuns).toBe(2); // the first and the sample's next
    for (const path of ["judge", "members.0", "members.1", "members.2"]) {
      const node = stats.nodes[path]!;
      expect(node.count).toBe(2);
      expect(node.totalMs).toBeGreaterThanOrEqual(0);
      expect(node.meanMs).toBeCloseTo(node.totalMs / 2, 10);
    }
    // Untimed runs report no timings rather than zeros that look measured.
    await clock.run(op.invoke(question));
    expect(getJitStats(op).lastRun).toMatchObject({ timed: false, nodeTimings: [], concurrencyReached: 0 });
  });

  it("concurrency reached is the bound a bounded run kept to", async () => {
    const clock = new LogicalClock();
    const log = new CallLog(clock);
    const op = new Bounded(log, 5);
    await clock.run(op.invoke(question));
    expect(log.peak).toBe(2);
    expect(getJitStats(op).concurrencyReached).toBe(2);
  });

  it("streamed and traced runs are sampled like any other; a timed one's events are unchanged", async () => {
    const clock = new LogicalClock();
    const log = new CallLog(clock);
    const op = new Unbounded(log, 2);
    const streamed = () =>
      clock.run(async () => {
        const paths: string[] = [];
        for await (const event of op.stream(question)) if (event.type === "node-finished") paths.push(event.path);
        return paths.sort();
      });
    expect(await streamed()).toEqual(["judge", "members.0", "members.1"]); // the first run: timed
    await loadOpenTelemetry(); // loaded by the first traced run; loaded here, off the logical clock
    for (let i = 1; i < COMPILED_TIMING_SAMPLE; i++) await clock.run(op.invoke(question, { trace: i % 2 === 0 }));
    expect(getJitStats(op)).toMatchObject({ runs: COMPILED_TIMING_SAMPLE, timedRuns: 1 });
    expect(await streamed()).toEqual(["judge", "members.0", "members.1"]); // the sample's next: timed
    expect(getJitStats(op)).toMatchObject({ runs: COMPILED_TIMING_SAMPLE + 1, timedRuns: 2, concurrencyReached: 2 });
    expect(getJitStats(op).nodes["members.1"]!.count).toBe(2);
  });

  for (const through of ["the simulated model", "the AI SDK adapter over HTTP"] as const) {
    it(`an ensemble of model calls through ${through}: node paths as run events name them`, async () => {
      const world = simulatedWorld({ latency: 3 });
      const provider = through === "the AI SDK adapter over HTTP" ? await startProvider(8, () => ({ answer: "42" })) : undefined;
      try {
        const registry = provider ? new ModelRegistry() : world.registry;
        if (provider) registry.register(aiSdkModel(createOpenAICompatible({ name: "local", baseURL: provider.baseURL, apiKey: "k" }).chatModel("m")));
        const ensemble = new UniformEnsemble({ numUnits: 4, model: provider ? "local:m" : "simulated:m", temperature: 0.5, registry });
        const read = async () => {
          const seen = [];
          for await (const event of ensemble.stream({ query: "q" })) seen.push(event);
          return seen;
        };
        const events = provider ? await read() : await world.clock.run(read);
        const stats = getJitStats(ensemble);
        const finished = events.flatMap((e) => (e.type === "node-finished" ? [e.path] : []));
        expect(Object.keys(stats.nodes).sort()).toEqual([...finished].sort());
        expect(finished).toEqual(expect.arrayContaining(["units.0", "units.1", "units.2", "units.3"]));
        expect(stats.concurrencyReached).toBe(4); // the four units at once
        if (!provider) expect(world.log.peak).toBe(4);
      } finally {
        await provider?.close();
      }
    });
  }
});
