import { describe, expect, it } from "vitest";
import { buildStructure } from "../../runtime/builder/index.js";
import { CHEAP_NODE_MS, runGraph } from "../../runtime/scheduler/index.js";
import { chooseStrategy } from "../../runtime/scheduler/auto.js";
import { planFor } from "../../runtime/scheduler/plan.js";
import { CallLog, Chain, LogicalClock, fakeLeaves, wide } from "../support/index.js";

function wideGraph(log: CallLog) {
  return buildStructure(wide(fakeLeaves(log), 4));
}

const callCosts = (graph: ReturnType<typeof wideGraph>) => {
  const plan = planFor(graph);
  return [...plan.costs].filter((_, i) => plan.nodes[i]!.kind === "call");
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
    plan.nodes.forEach((node, i) => node.kind === "call" && (plan.costs[i] = CHEAP_NODE_MS / 2));
    expect(chooseStrategy(plan)).toBe("sequential");
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "auto" }));
    expect(log.peak).toBe(1);

    plan.costs[plan.nodes.findIndex((n) => n.kind === "call")] = CHEAP_NODE_MS * 10;
    expect(chooseStrategy(plan)).toBe("parallel");
  });

  it("does not measure when the strategy is explicit", async () => {
    const log = new CallLog(new LogicalClock());
    const graph = wideGraph(log);
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "parallel" }));
    await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "sequential" }));
    expect(callCosts(graph).every(Number.isNaN)).toBe(true);
  });
});
