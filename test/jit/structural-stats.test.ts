/** `getJitStats` for compiled classes: runs, graph builds, cache hits, the graph's calls. */
import { describe, expect, it } from "vitest";
import { getJitStats, structuralJit } from "xcs-jit";
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
