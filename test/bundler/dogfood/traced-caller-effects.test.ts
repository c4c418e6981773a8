// Found by the differential generator (seed 12005): a class that runs traced (it changes `this`)
// calls a compiled one whose log is a host node — code run as written, whose effect the tracer never
// sees as a call. Its input is a constant every trace agreed on, so on later runs the tracing JIT
// dispatched that call early, and it logged on a run where an earlier call failed and eager never
// reached it. Classes here are compiled by the
// project's own plugin (see inline-class.test.ts).
import { explain, Operator, structuralJit } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, compareWithEager, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

type Ask = { query: string };
type Reply = { answer: string };

@structuralJit
class Logged extends Operator<Ask, Reply> {
  async forward(inputs: Ask): Promise<Reply> {
    console.log(`logged ${inputs.query}`);
    return { answer: inputs.query };
  }
}

@structuralJit
class Caller extends Operator<Ask, Reply> {
  runs = 0;

  constructor(
    readonly first: Operator<Ask, Reply>,
    readonly check: Operator<Ask, Reply>,
    readonly logged: Logged,
  ) {
    super();
  }

  async forward(inputs: Ask): Promise<Reply> {
    this.runs += 1;
    const m = await this.first.invoke({ query: inputs.query });
    await this.check.invoke(inputs);
    return this.logged.invoke({ query: m.answer });
  }
}

function scenario(eager: boolean) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const first = new FakeOperator<Ask, Reply>(log, { name: "first", compute: () => ({ answer: "fixed" }) });
    const check = new FakeOperator<Ask, Reply>(log, { name: "check", latency: 3, fail: (i) => (i.query === "bad" ? new Error("check failed") : undefined) });
    const logged = new Logged();
    // Eager all the way down: the nested class's `forward` as written, not its graph.
    if (eager) logged.invoke = async (inputs: Ask) => await logged.forward(inputs);
    return { op: new Caller(first, check, logged), log };
  };
}

describe("a traced caller of a compiled operator with effects", () => {
  it("never dispatches it early: its log comes only on the runs eager reaches it", async () => {
    expect(explain(scenario(false)().op).mode).toBe("traced");
    expect(explain(new Logged()).mode).toBe("structural");
    const runs = ["q", "r", "bad", "s"].map((query) => ({ input: { query } }));
    const result = await compareWithEager(scenario(true), runs, { makeCompiled: scenario(false), console: true });
    expect(result.compiled.map((r) => r.console)).toEqual([["log: logged fixed"], ["log: logged fixed"], [], ["log: logged fixed"]]);
    expect(result.differences).toEqual([]);
  });
});
