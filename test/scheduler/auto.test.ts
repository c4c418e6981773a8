import { describe, expect, it } from "vitest";
import { buildStructure } from "../../runtime/builder/index.js";
import { CHEAP_NODE_MS, runGraph } from "../../runtime/scheduler/index.js";
import { chooseStrategy } from "../../runtime/scheduler/auto.js";
import { planFor } from "../../runtime/scheduler/plan.js";
import { costProfileOf } from "../../runtime/scheduler/cost-profile.js";
import type { NodeObserver } from "../../runtime/scheduler/observe.js";
import { CallLog, Chain, LogicalClock, fakeLeaves, wide } from "../support/index.js";

function wideGraph(log: CallLog) {
  return buildStructure(wide(fakeLeaves(log), 4));
}

const callCosts = (graph: ReturnType<typeof wideGraph>) => {
  const plan = planFor(graph);
  return [...costProfileOf(plan).costs].filter((_, i) => plan.nodes[i]!.kind === "call");
};

describe("auto", () => {
  it("runs a graph without width (a chain) sequentially", () => {
    const graph = buildStructure(new Chain(fakeLeaves(new CallLog(new LogicalClock())), 5));
    expect(planFor(graph).width).toBe(1);
    expect(chooseStrategy(planFor(graph))).toBe("sequential");
  });

  it("runs a first call with width in parallel: unmeasured nodes count as slow", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    expect(planFor(graph).width).toBe(4);
    expect(chooseStrategy(planFor(graph))).toBe("parallel");
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto" }));
    expect(log.peak).toBe(4);
    expect(callCosts(graph).every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  });

  it("turns sequential once every call was measured cheap, and parallel again when one is slow", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    const plan = planFor(graph);
    const { costs } = costProfileOf(plan);
    plan.nodes.forEach((node, i) => node.kind === "call" && (costs[i] = CHEAP_NODE_MS / 2));
    expect(chooseStrategy(plan)).toBe("sequential");
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto" }));
    expect(log.peak).toBe(1);

    costs[plan.nodes.findIndex((n) => n.kind === "call")] = CHEAP_NODE_MS * 10;
    expect(chooseStrategy(plan)).toBe("parallel");
  });

  it("never times a chain's calls (its costs cannot change the choice)", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = buildStructure(new Chain(fakeLeaves(log), 3));
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto" }));
    expect(log.records).toHaveLength(3);
    expect(callCosts(graph).every(Number.isNaN)).toBe(true);
  });

  it("times the calls of the first parallel run and of every eighth after it", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    const { costs } = costProfileOf(planFor(graph));
    const measured: boolean[] = [];
    for (let run = 1; run <= 10; run++) {
      costs.fill(NaN); // unmeasured: every run stays parallel
      await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto" }));
      expect(log.peak).toBe(4);
      measured.push(callCosts(graph).every((ms) => Number.isFinite(ms)));
    }
    expect(measured).toEqual([true, false, false, false, false, false, false, false, true, false]);
  });

  it("keeps what an observed run measured for the unobserved runs after it (one cost profile per graph)", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    const seen: string[] = [];
    const observeNode: NodeObserver = (node, start) => {
      seen.push(node.id);
      return start();
    };
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto", observeNode }));
    expect(seen).toHaveLength(5);
    expect(callCosts(graph).every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  });

  it("does not measure when the strategy is explicit", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "parallel" }));
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "sequential" }));
    expect(callCosts(graph).every(Number.isNaN)).toBe(true);
  });
});
