// Dogfooding: the project's own vitest.config.ts runs files in this folder through xcs-jit/vite,
// so a @structuralJit class declared right here is compiled, not traced.
import { explain, Operator, structuralJit, XCS_STRUCTURE } from "xcs-jit";
import { describe, expect, it } from "vitest";
import { CallLog, expectSameAsEager, FakeOperator, LogicalClock, runCompiled } from "../../support/index.js";

type Query = { query: string };

@structuralJit
class AskTwiceThenJoin extends Operator<Query, { joined: string }> {
  constructor(
    readonly left: Operator<Query, { answer: string }>,
    readonly right: Operator<Query, { answer: string }>,
    readonly join: Operator<{ parts: string[] }, { answer: string }>,
  ) {
    super();
  }

  async forward(inputs: Query) {
    const [a, b] = await Promise.all([this.left.invoke({ query: inputs.query }), this.right.invoke({ query: `${inputs.query}?` })]);
    const joined = await this.join.invoke({ parts: [a.answer, b.answer] });
    return { joined: joined.answer };
  }
}

function scenario() {
  const log = new CallLog(new LogicalClock());
  const leaf = (name: string) => new FakeOperator<Query, { answer: string }>(log, { name, latency: 1, compute: (i) => ({ answer: `${name}:${i.query}` }) });
  const join = new FakeOperator<{ parts: string[] }, { answer: string }>(log, { name: "join", latency: 1, compute: (i) => ({ answer: i.parts.join("+") }) });
  return { op: new AskTwiceThenJoin(leaf("left"), leaf("right"), join), log };
}

describe("a @structuralJit class declared inside a test file", () => {
  it("was compiled by the plugin: it has a structure and explain says structural", async () => {
    expect(typeof (AskTwiceThenJoin as unknown as Record<symbol, unknown>)[XCS_STRUCTURE]).toBe("function");
    const run = scenario();
    await runCompiled(run, { query: "q" });
    const explained = explain(run.op);
    expect(explained.mode).toBe("structural");
    expect(explained.graph?.nodes.filter((n) => n.kind === "call").map((n) => n.label).sort()).toEqual(["join", "left", "right"]);
  });

  it("runs its two questions at once and returns what eager forward returns", async () => {
    const { compiled } = await expectSameAsEager(scenario, { query: "q" });
    expect(compiled.value).toEqual({ joined: "left:q+right:q?" });
    expect(compiled.peak).toBe(2);
    expect(compiled.makespan, "left and right overlap, then join: two ticks").toBe(2);
  });
});
