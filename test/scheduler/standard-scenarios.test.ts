import { describe, expect, it } from "vitest";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { CallLog, LogicalClock, expectSameAsEager, fakeLeaves, standardScenarios, type StandardScenario } from "../support/index.js";

function scenario(shape: StandardScenario) {
  return () => {
    const log = new CallLog(new LogicalClock());
    return { op: shape.make(fakeLeaves(log)), log };
  };
}

describe.each(standardScenarios)("$name", (shape) => {
  it("builds one flat graph with a node per call", () => {
    const graph = buildStructure(scenario(shape)().op);
    expect(graph.nodes.filter((n) => n.kind === "call")).toHaveLength(shape.calls);
  });

  it("parallel: same result as eager, width reached, critical-path makespan", async () => {
    const { compiled } = await expectSameAsEager(scenario(shape), { query: "q" }, (op, inputs) =>
      runGraph(buildStructure(op), inputs, { scheduler: "parallel" }),
    );
    expect(compiled.log.records).toHaveLength(shape.calls);
    expect(compiled.peak).toBe(shape.width);
    expect(compiled.makespan).toBe(shape.criticalPath);
  });

  it("sequential: same result as eager, one call at a time", async () => {
    const { compiled } = await expectSameAsEager(scenario(shape), { query: "q" }, (op, inputs) =>
      runGraph(buildStructure(op), inputs, { scheduler: "sequential" }),
    );
    expect(compiled.peak).toBe(1);
    expect(compiled.makespan).toBe(shape.calls);
  });

  it("auto on a first run: parallel where the graph has width", async () => {
    const { compiled } = await expectSameAsEager(scenario(shape), { query: "q" }, (op, inputs) =>
      runGraph(buildStructure(op), inputs, { scheduler: "auto" }),
    );
    expect(compiled.peak).toBe(shape.width);
  });

  it("maxConcurrency bounds the calls in flight", async () => {
    const { compiled } = await expectSameAsEager(scenario(shape), { query: "q" }, (op, inputs) =>
      runGraph(buildStructure(op), inputs, { scheduler: "parallel", maxConcurrency: 3 }),
    );
    expect(compiled.peak).toBe(Math.min(3, shape.width));
  });
});
