import { describe, expect, it } from "vitest";
import { Operator, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { fakeLeaves } from "../support/fake-operators.js";
import { Diamond, type LeafFactory } from "../support/scenarios.js";

describe("@jit under concurrent runs", () => {
  it("concurrent runs of one instance never mix their traces: each returns eager's answer", async () => {
    const eagerLog = new CallLog(new LogicalClock());
    const eager = new Diamond(fakeLeaves(eagerLog) as LeafFactory);
    const log = new CallLog(new LogicalClock());
    const Jitted = class extends Diamond {};
    jit(Jitted);
    const op = new Jitted(fakeLeaves(log) as LeafFactory);
    const queries = ["a", "b", "c", "d"];
    const expected = await eagerLog.clock.run(Promise.all(queries.map((query) => eager.invoke({ query }))));
    // Two waves of concurrent runs: the first traces (all at once), the second replays.
    for (const wave of [0, 1]) {
      const from = log.records.length;
      const actual = await log.clock.run(Promise.all(queries.map((query) => op.invoke({ query }))));
      expect(actual).toEqual(expected);
      expect(log.records.length - from).toBe(16);
      if (wave === 1) expect(getJitStats(op).lastRun!.speculation.hits).toBe(4);
    }
  });
});

describe("getJitStats", () => {
  it("reports trace, build and execution times, cache and speculation counts, node timings, concurrency", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log);
    const [a, b] = [leaf("a"), leaf("b")];
    class Pair extends Operator<{ query: string }, unknown> {
      async forward(inputs: { query: string }) {
        return [await a.invoke({ query: inputs.query }), await b.invoke({ query: inputs.query })];
      }
    }
    jit(Pair);
    const op = new Pair();
    expect(getJitStats(op)).toMatchObject({ runs: 0, cacheHits: 0, cacheMisses: 0, lastRun: undefined });
    await log.clock.run(op.invoke({ query: "1" }));
    const afterTrace = getJitStats(op);
    expect(afterTrace).toMatchObject({ runs: 1, cacheMisses: 1, cacheHits: 0, executionMs: 0, concurrencyReached: 1 });
    expect(afterTrace.traceMs).toBeGreaterThan(0);
    expect(afterTrace.buildMs).toBeGreaterThan(0);
    expect(afterTrace.lastRun!.kind).toBe("trace");
    await log.clock.run(op.invoke({ query: "2" }));
    const stats = getJitStats(op);
    expect(stats).toMatchObject({ runs: 2, cacheMisses: 1, cacheHits: 1, concurrencyReached: 2 });
    expect(stats.speculation).toEqual({ dispatched: 2, used: 2, wasted: 0, hits: 2, misses: 0, blocked: 0, unused: 0 });
    expect(stats.executionMs).toBeGreaterThan(0);
    const timings = stats.lastRun!.nodeTimings;
    expect(timings.map((t) => [t.label, t.servedEarly])).toEqual([
      ["a", true],
      ["b", true],
    ]);
    for (const t of timings) expect(t.end).toBeGreaterThanOrEqual(t.start);
  });
});

describe("getJitStats: where a replay wasted its early calls", () => {
  it("names each wasted early call by its planned call: operator and position in the run the plan was learned from", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log);
    const [first, why, how] = [leaf("first"), leaf("why"), leaf("how")];
    class Branching extends Operator<{ query: string }, unknown> {
      async forward(inputs: { query: string }) {
        const found = await first.invoke({ query: inputs.query });
        // The branch depends on the data: a plan learned on one side predicts that side's call.
        return inputs.query.startsWith("Why") ? why.invoke({ query: inputs.query }) : how.invoke({ query: found.answer });
      }
    }
    jit(Branching);
    const op = new Branching();
    await log.clock.run(op.invoke({ query: "Why 1" }));
    expect(getJitStats(op).lastRun!.replayed).toBeUndefined();
    await log.clock.run(op.invoke({ query: "Why 2" }));
    expect(getJitStats(op).lastRun!.replayed).toEqual({ learnedFrom: 1, wasted: [] });
    // Run 2 went as planned: the plan it replayed is kept, still run 1's. Run 3 takes the other
    // branch: the early call of `why` (position 1 of run 1's calls) is wasted.
    expect(getJitStats(op).lastRun!.cacheHit).toBe(true);
    await log.clock.run(op.invoke({ query: "How 3" }));
    const run3 = getJitStats(op).lastRun!;
    expect(run3.speculation.wasted).toBe(1);
    expect(run3.replayed).toEqual({ learnedFrom: 1, wasted: [{ position: 1, operator: "why" }] });
    // Run 4 replays the plan run 3 taught, and goes back: `how` was new to it, so it is held and wastes nothing.
    await log.clock.run(op.invoke({ query: "Why 4" }));
    expect(getJitStats(op).lastRun!.replayed).toEqual({ learnedFrom: 3, wasted: [] });
    expect(log.records.filter((r) => r.name === "why").map((r) => r.inputs)).toContainEqual({ query: "How 3" });
  });
});
