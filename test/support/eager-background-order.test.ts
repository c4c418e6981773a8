/**
 * The comparison (`differences`) of what a run leaves in the background after it settled: the
 * effects and console lines of a member left running keep its order (a review found them compared
 * as a multiset, so an order no latencies give was accepted).
 */
import { describe, expect, it } from "vitest";
import { Operator } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, compareWithEager, type Scenario } from "./index.js";

type In = { query: string };

/** A `Promise.all` of a failing call and a slower member that then logs twice and audits twice, in order; the failure is caught. */
class CaughtTwice extends Operator<In, unknown> {
  constructor(readonly fail: FakeOperator, readonly slow: FakeOperator, readonly audit: EffectfulFakeOperator) {
    super();
  }

  async forward(inputs: In) {
    const member = async () => {
      await this.slow.invoke(inputs);
      console.log("one");
      console.log("two");
      await this.audit.invoke({ query: "1" });
      await this.audit.invoke({ query: "2" });
    };
    try {
      await Promise.all([this.fail.invoke(inputs), member()]);
    } catch {
      return "caught";
    }
    return "done";
  }
}

const make = (): Scenario<In> => {
  const log = new CallLog(new LogicalClock());
  return {
    op: new CaughtTwice(new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }), new FakeOperator(log, { name: "slow", latency: 3 }), new EffectfulFakeOperator(log, { name: "audit" })),
    log,
  };
};

/** Does what eager does, but the member left running writes its lines and makes its effects in the opposite order. */
const reversed = async (op: Operator<In, unknown>) => {
  const s = op as CaughtTwice;
  const member = async () => {
    await s.slow.invoke({ query: "q" });
    console.log("two");
    console.log("one");
    await s.audit.invoke({ query: "2" });
    await s.audit.invoke({ query: "1" });
  };
  try {
    await Promise.all([s.fail.invoke({ query: "q" }), member()]);
  } catch {
    return "caught";
  }
  return "done";
};

describe("the order of what a run leaves in the background", () => {
  it("reports console lines a member left running writes out of its order", async () => {
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: reversed, console: true });
    expect(result.eager[0]!.afterConsole).toEqual(["log: one", "log: two"]);
    expect(result.compiled[0]!.afterConsole).toEqual(["log: two", "log: one"]);
    expect(result.differences).toEqual(expect.arrayContaining([expect.stringContaining("console")]));
  });

  it("reports effects a member left running makes out of its order", async () => {
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: reversed });
    expect(result.eager[0]!.after.map((r) => r.inputs)).toEqual([{ query: "1" }, { query: "2" }]);
    expect(result.differences).toEqual(expect.arrayContaining([expect.stringContaining("audit")]));
  });
});
