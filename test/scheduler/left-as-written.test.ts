/**
 * A `@structuralJit` class the transformer left as written (its diagnostics table, no structure)
 * runs its `forward` as a whole, with whatever effects it has: the graphs and traced runs that call
 * it keep the call in program order with their effects, as they keep a host node. A class that
 * declares `static effects` is taken at its word.
 */
import { describe, expect, it } from "vitest";
import { runGraph } from "../../runtime/scheduler/index.js";
import { Operator, XCS_DIAGNOSTICS, hasEffects, jit } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, buildWith } from "../support/index.js";

type In = { query: string };
const bailedOut = [{ code: "XCS2001", severity: "warning", message: "bails out", file: "x.ts", line: 1, column: 1 }];

function setup() {
  const log = new CallLog(new LogicalClock());
  const step = new FakeOperator(log, { name: "step", latency: 1, compute: (i: In) => ({ text: i.query }) });
  const audit = new EffectfulFakeOperator(log, { name: "audit", latency: 1, compute: () => ({ done: "audit" }) });
  /**
   * What the transformer leaves of a class it bailed out on: `forward` as written, and the table.
   * Its effect is one nobody declared (a module-level log line), so only the rule can keep it in order.
   */
  class Helper extends Operator<In, unknown> {
    static [XCS_DIAGNOSTICS] = bailedOut;
    async forward(inputs: In) {
      const line = log.begin("helperLog", inputs, true);
      log.finish(line, "ok", undefined);
      return { text: inputs.query };
    }
  }
  return { log, step, audit, Helper };
}

/** `step` then an `audit` of its result, then the helper on a constant: eager's effects are audit, helperLog. */
function graphCalling(helper: Operator<In, unknown>, s: ReturnType<typeof setup>) {
  return buildWith((g, inputs) => {
    const first = g.call(s.step, inputs);
    g.call(s.audit, { query: first.get("text") });
    return g.output(g.call(helper, { query: "x" }));
  });
}

describe("an operator left as written", () => {
  it("is called in program order with the graph's effects, not as soon as its input exists", async () => {
    const s = setup();
    const result = await s.log.clock.run(runGraph(graphCalling(new s.Helper(), s), { query: "q" }, { scheduler: "parallel" }));
    expect(result).toEqual({ text: "x" });
    expect(s.log.effectOrder()).toEqual(["audit", "helperLog"]);
  });

  it("is taken at its word when it declares its effects, either way", async () => {
    const s = setup();
    class Declared extends s.Helper {
      static override effects = false;
    }
    expect(hasEffects(new s.Helper())).toBe(true);
    expect(hasEffects(new Declared())).toBe(false);
    await s.log.clock.run(runGraph(graphCalling(new Declared(), s), { query: "q" }, { scheduler: "parallel" }));
    // Declared pure, it starts at once: its effect comes first (what the user said they accept).
    expect(s.log.effectOrder()).toEqual(["helperLog", "audit"]);
  });

  it("follows the class whose forward runs: a subclass that overrides forward is its own, one that inherits it is not", () => {
    const s = setup();
    class Inherits extends s.Helper {}
    class Overrides extends s.Helper {
      override async forward(inputs: In) {
        return { text: inputs.query };
      }
    }
    expect(hasEffects(new Inherits())).toBe(true);
    expect(hasEffects(new Overrides())).toBe(false);
  });

  it("is never dispatched early by a traced caller", async () => {
    const s = setup();
    const helper = new s.Helper();
    class Caller extends Operator<In, unknown> {
      async forward(inputs: In) {
        const first = await s.step.invoke(inputs);
        await s.audit.invoke({ query: first.text });
        return helper.invoke({ query: "x" });
      }
    }
    jit(Caller);
    const caller = new Caller();
    for (const query of ["a", "b", "c"]) await s.log.clock.run(caller.invoke({ query }));
    // First run traced, then replays: the helper's effect comes after the caller's audit every time.
    expect(s.log.effectOrder()).toEqual(["audit", "helperLog", "audit", "helperLog", "audit", "helperLog"]);
  });
});
