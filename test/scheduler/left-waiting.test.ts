// A bounded run queues the calls eager would have started at once. When user code catches a
// `Promise.all` failure, the members still waiting for a slot are calls eager already made, with
// their effects: the run (or the host node holding the `try`) must not settle before they start.
import { describe, expect, it } from "vitest";
import { jit, Operator, type InvokeOptions } from "xcs-jit";
import { SharedBudget } from "../../runtime/run-budget.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { buildWith, CallLog, EffectfulFakeOperator, failingOperator, FakeOperator, LogicalClock } from "../support/index.js";

function setup() {
  const log = new CallLog(new LogicalClock());
  const failing = failingOperator(log, "bad", "bad broke", 1);
  const slow = new FakeOperator(log, { name: "slow", latency: 3 });
  const audit = new EffectfulFakeOperator(log, { name: "audit", latency: 1 });
  /** eager's statements: a `Promise.all` whose first member fails, caught; `slow` holds the slot `audit` waits for. */
  const caught = async () => {
    try {
      await Promise.all([failing.invoke({ q: 1 }), slow.invoke({ q: 2 }), audit.invoke({ q: 3 })]);
      return "done";
    } catch {
      return "caught";
    }
  };
  return { log, caught };
}

const bounds: InvokeOptions[] = [{ maxConcurrency: 1 }, { scheduler: "sequential" }];

describe("a call left waiting for a slot by a caught failure", () => {
  for (const options of bounds) {
    it(`starts before a traced run settles (${JSON.stringify(options)})`, async () => {
      const { log, caught } = setup();
      class Caught extends Operator<unknown, string> {
        forward() {
          return caught();
        }
      }
      jit(Caught);
      const op = new Caught();
      for (const run of [1, 2]) {
        const from = log.records.length;
        expect(await log.clock.run(op.invoke({}, options))).toBe("caught");
        // Settled: the audit call eager made before its `catch` has been made too, in this run.
        expect(log.records.slice(from).map((r) => r.name), `run ${run}`).toContain("audit");
      }
    });

    it(`starts before a host node that caught the failure ends (${JSON.stringify(options)})`, async () => {
      const { log, caught } = setup();
      const graph = buildWith((g) => g.output(g.host(() => caught(), {}, "caught")));
      // The budget `invoke` makes for a bounded run (runGraph alone is unbounded).
      const budget = new SharedBudget(1, options.scheduler === "sequential");
      expect(await log.clock.run(runGraph(graph, {}, { ...options, budget }))).toBe("caught");
      expect(log.records.map((r) => r.name)).toContain("audit");
    });
  }
});
