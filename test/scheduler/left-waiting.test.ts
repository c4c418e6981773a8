// A bounded run queues the calls eager would have started at once. When user code catches a
// `Promise.all` failure, the members still waiting for a slot are calls eager already made, with
// their effects: the run (or the host node holding the `try`) must not settle before they start.
import { describe, expect, it } from "vitest";
import { jit, Operator, structuralJit, XCS_STRUCTURE, type GraphBuilder, type InvokeOptions, type Ref } from "xcs-jit";
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

describe("a compiled operator a failure left running", () => {
  /**
   * Eager: a host node's `Promise.all` of a call failing at tick 1 and a compiled helper whose own
   * `Promise.all` fails at tick 3, so the helper never reaches its next statement (`later`, a pure
   * call on a constant). Its graph may start `later` ahead of program order while the run is live;
   * once the run has failed and left the helper running, it must not: eager never makes that call.
   */
  function setup() {
    const log = new CallLog(new LogicalClock());
    const bad = failingOperator(log, "bad", "bad broke", 1);
    const step = new FakeOperator(log, { name: "step", latency: 2 });
    const broken = failingOperator(log, "broken", "broken broke", 3);
    const later = new FakeOperator(log, { name: "later", latency: 1 });
    @structuralJit
    class Helper extends Operator<unknown, unknown> {
      async forward() {
        await Promise.all([step.invoke({ q: 1 }), broken.invoke({ q: 2 })]);
        return later.invoke({ q: "constant" });
      }
      static [XCS_STRUCTURE](_self: Helper, g: GraphBuilder, _inputs: Ref) {
        g.all(() => [g.call(step, { q: 1 }), g.call(broken, { q: 2 })]);
        return g.output(g.call(later, { q: "constant" }));
      }
    }
    const helper = new Helper();
    const graph = buildWith((g) => g.output(g.host(() => Promise.all([bad.invoke({ q: 0 }), helper.invoke({})]), {}, "both")));
    return { log, graph };
  }

  for (const [scheduler, limit] of [["parallel", 2], ["parallel", 1], ["sequential", 1]] as const) {
    it(`starts no call ahead of program order once the run failed (${scheduler}, ${limit} slots)`, async () => {
      const { log, graph } = setup();
      const budget = new SharedBudget(limit, scheduler === "sequential");
      const run = runGraph(graph, {}, { scheduler, maxConcurrency: limit, budget });
      await expect(log.clock.run(run)).rejects.toThrow("bad broke");
      await log.clock.drain();
      expect(log.started()).not.toContain("later");
      // What eager's left-running helper does make, it still makes.
      expect(log.started()).toEqual(expect.arrayContaining(["step", "broken"]));
    });
  }
});

describe("a traced run that fails under a bound", () => {
  it("leaves what it started going as eager does: nothing in it sees an abort", async () => {
    const log = new CallLog(new LogicalClock());
    const bad = failingOperator(log, "bad", "bad broke", 1);
    const audit = new EffectfulFakeOperator(log, { name: "audit", latency: 1 });
    /** A member whose own code would show an abort: it logs what it catches. */
    class Careful extends Operator<unknown, unknown> {
      async forward() {
        try {
          return await audit.invoke({ q: 1 });
        } catch (error) {
          const line = log.begin("caught", { message: (error as Error).message }, true);
          log.finish(line, "ok", undefined);
          return undefined;
        }
      }
    }
    jit(Careful);
    const careful = new Careful();
    class Failing extends Operator<unknown, unknown> {
      forward() {
        return Promise.all([bad.invoke({ q: 0 }), careful.invoke({})]);
      }
    }
    jit(Failing);
    const op = new Failing();
    for (const run of [1, 2]) {
      const from = log.records.length;
      await expect(log.clock.run(op.invoke({}, { maxConcurrency: 1 }))).rejects.toThrow("bad broke");
      await log.clock.drain();
      // Eager's `Careful` waits for its audit and logs nothing; the audit is made, after the failure.
      expect(log.records.slice(from).map((r) => r.name), `run ${run}`).toEqual(["bad", "audit"]);
    }
  });
});
