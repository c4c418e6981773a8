import { describe, expect, it } from "vitest";
import { MostCommon, Sequential, UniformEnsemble, Operator, explain } from "xcs-jit";
import { CallLog, FakeOperator, LogicalClock, expectSameAsEager, failingOperator } from "../support/index.js";

class AnswersToCandidates extends Operator<{ answers: string[] }, { candidates: string[] }> {
  forward(inputs: { answers: string[] }) {
    return { candidates: inputs.answers };
  }
}

describe("Sequential", () => {
  it("feeds each operator's output to the next, compiled as eager", async () => {
    const make = () => {
      const log = new CallLog(new LogicalClock());
      const step = (name: string) => new FakeOperator<{ n: number }, { n: number }>(log, { name, latency: 2, compute: ({ n }) => ({ n: n * 2 + 1 }) });
      return { op: new Sequential(step("a"), step("b"), step("c")), log };
    };
    const { eager, compiled } = await expectSameAsEager(make, { n: 1 });
    expect(compiled.value).toEqual({ n: 15 });
    expect(compiled.makespan).toBe(6);
    expect(compiled.log.started()).toEqual(["a", "b", "c"]);
    expect(eager.log.started()).toEqual(["a", "b", "c"]);
    expect(explain(make().op).graph?.nodes.filter((n) => n.kind === "call").map((n) => n.id)).toEqual(["operators.0", "operators.1", "operators.2"]);
  });

  it("stops at the first failing operator, with its error", async () => {
    const make = () => {
      const log = new CallLog(new LogicalClock());
      const ok = (name: string) => new FakeOperator(log, { name, compute: (x: unknown) => x });
      return { op: new Sequential(ok("a"), failingOperator(log, "b", "b broke"), ok("c")), log };
    };
    const { compiled } = await expectSameAsEager(make, { n: 1 });
    expect(compiled.log.started()).toEqual(["a", "b"]);
  });

  it("Sequential.of checks each link's types", async () => {
    const chain = Sequential.of(new UniformEnsemble({ numUnits: 1, model: { id: "x:y", generate: async () => ({ text: "a", usage: { inputTokens: 1, outputTokens: 1 }, model: "x:y" }) } }), new AnswersToCandidates(), new MostCommon());
    const result: { answer: string; count: number } = await chain.invoke({ query: "q" });
    expect(result).toEqual({ answer: "a", count: 1 });
    // @ts-expect-error: MostCommon reads { candidates }, not the ensemble's { answers }
    Sequential.of(new UniformEnsemble({ numUnits: 1, model: "x:y" }), new MostCommon());
  });

  it("needs at least one operator, and only operators", () => {
    expect(() => new Sequential()).toThrow("Sequential: give at least one operator");
    expect(() => new Sequential(new MostCommon(), {} as Operator)).toThrow("Sequential: argument 1 is not an Operator");
  });
});
