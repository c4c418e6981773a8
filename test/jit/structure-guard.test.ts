/**
 * The safety net under compiled structures: a structure that throws while building its graph
 * never makes the program fail because it was compiled. The instance runs traced with eager's
 * results, `explain` says why, a `strict` class rejects, and the failure is warned once.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { explain, Operator, StrictStructuralJitError, structuralJit, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { CallLog, expectSameAsEager, FakeOperator, LogicalClock, type Scenario } from "../support/index.js";

type In = { query: string };

/** `forward` is plain; its structure breaks the way a miscompile would (`.get` on a build-time array). */
class Broken extends Operator<In, { text: string }> {
  constructor(readonly a: FakeOperator<In, { text: string }>, readonly b: FakeOperator<In, { text: string }>) {
    super();
  }

  async forward(inputs: In) {
    const [x, y] = await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs)]);
    return { text: `${x.text}+${y.text}` };
  }

  static [XCS_STRUCTURE](self: Broken, g: GraphBuilder, inputs: Ref) {
    const result = [g.call(self.a, inputs), g.call(self.b, inputs)] as unknown as Ref;
    return g.output({ text: result.get(0) });
  }
}

@structuralJit
class Guarded extends Broken {}

@structuralJit({ strict: true })
class StrictGuarded extends Broken {}

function scenario(Class: typeof Guarded): Scenario<In> {
  const log = new CallLog(new LogicalClock());
  const leaf = (name: string) => new FakeOperator<In, { text: string }>(log, { name, compute: (i) => ({ text: `${name}:${i.query}` }) });
  return { op: new Class(leaf("a"), leaf("b")), log };
}

afterEach(() => vi.restoreAllMocks());

describe("a structure that fails to build", () => {
  it("runs traced with eager's result and calls, and explain says why", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    for (const query of ["x", "y"]) {
      const { eager, compiled } = await expectSameAsEager(() => scenario(Guarded), { query });
      expect(compiled.log.started().sort()).toEqual(eager.log.started().sort());
    }
    const explanation = explain(scenario(Guarded).op);
    expect(explanation.mode).toBe("traced");
    expect(explanation.diagnostics.join("\n")).toMatch(/compiled structure failed to build the graph \(.*get is not a function\)/);
    expect(warn.mock.calls.filter(([, options]) => (options as { code?: string })?.code === "XCS_STRUCTURE_FAILED")).toHaveLength(1);
  });

  it("rejects under strict instead of running traced", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const { op, log } = scenario(StrictGuarded);
    await expect(op.invoke({ query: "x" })).rejects.toBeInstanceOf(StrictStructuralJitError);
    expect(log.records).toHaveLength(0);
  });
});
