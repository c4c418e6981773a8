/**
 * A run's bookkeeping grows with the graph, not with its square. A wide `Promise.all` (one await
 * group, as the transformer emits it) once rescanned the rest of its group every time the prefix
 * of succeeded nodes moved inside it: 2,000 members cost about two million steps per run. Counted
 * as reads of the plan's unit table during one run, never timed.
 */
import { describe, expect, it } from "vitest";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { planFor, type ExecutionPlan } from "../../runtime/scheduler/plan.js";
import { CallLog, LogicalClock } from "../support/index.js";
import { GroupProgram } from "../contract/group-programs.js";

/** Counts every element read of `plan.unitStart` from now on. */
function countUnitReads(plan: ExecutionPlan): { readonly reads: number } {
  const counter = { reads: 0 };
  const table = new Proxy(plan.unitStart, {
    get(target, key) {
      if (typeof key === "string" && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key);
    },
  });
  Object.defineProperty(plan, "unitStart", { value: table });
  return counter;
}

describe("the scheduler's work per run", () => {
  it.each([
    ["members settling in program order", (_i: number) => 1],
    ["members settling in reverse order", (i: number) => 3000 - i],
  ])("is linear in the size of a 2,000-member await group (%s)", async (_, latency) => {
    const width = 2000;
    const log = new CallLog(new LogicalClock());
    const op = new GroupProgram(log, [{ leaves: Array.from({ length: width }, (_, i) => ({ latency: latency(i), fails: false })), group: true, readsPrevious: false }]);
    const graph = buildStructure(op);
    const plan = planFor(graph);
    const counter = countUnitReads(plan);
    const output = (await log.clock.run(runGraph(graph, { query: "q" }, { scheduler: "parallel" }))) as { answer: string };
    expect(output.answer.split(",")).toHaveLength(width);
    expect(log.records).toHaveLength(width);
    expect(counter.reads).toBeLessThan(10 * plan.size);
  });
});
