import { describe, expect, it } from "vitest";
import {
  explain,
  Graph,
  Operator,
  StrictStructuralJitError,
  structuralJit,
  XCS_DIAGNOSTICS,
  type CompiledDiagnostic,
} from "xcs-jit";
import { CallLog, LogicalClock } from "../support/index.js";
import { Ensemble, question } from "./ensemble.js";

const breakAt = (line: number): CompiledDiagnostic => ({
  code: "XCS1001",
  severity: "warning",
  message: "if on a dynamic value: the statement runs as a host node",
  file: "src/pipeline.ts",
  line,
  column: 5,
});

function setUp() {
  const clock = new LogicalClock();
  return { clock, log: new CallLog(clock) };
}

@structuralJit
class Compiled extends Ensemble {
  static [XCS_DIAGNOSTICS] = [breakAt(12), { ...breakAt(30), code: "XCS1004", column: 9, message: "try/catch runs as a host node" }];
}

/** What a class the transformer bailed out on looks like: its diagnostics, no structure. */
@structuralJit
class BailedOut extends Operator<{ query: string }, string> {
  static [XCS_DIAGNOSTICS] = [
    { code: "XCS2001", severity: "warning", message: "writes to this inside forward: the class runs through the runtime fallback", file: "src/agent.ts", line: 7, column: 3 },
  ];
  forward(inputs: { query: string }) {
    return inputs.query.toUpperCase();
  }
}

/** Overrides forward without being compiled: Ensemble's structure does not describe it. */
@structuralJit
class Overriding extends Ensemble {
  override async forward(inputs: { query: string }) {
    const first = await this.members[0]!.invoke(inputs);
    return { answer: `only ${first.answer}` };
  }
}

@structuralJit({ strict: true })
class StrictUncompiled extends Operator<{ query: string }, string> {
  static [XCS_DIAGNOSTICS] = BailedOut[XCS_DIAGNOSTICS];
  forward(inputs: { query: string }) {
    return inputs.query;
  }
}

@structuralJit({ strict: true })
class StrictCompiled extends Ensemble {}

class Plain extends Ensemble {}

describe("explain", () => {
  it("structural: the graph that will run, and the transformer's diagnostics as file:line:column CODE message", () => {
    const { log } = setUp();
    const explained = explain(new Compiled(log, 3));
    expect(explained.mode).toBe("structural");
    expect(explained.graph).toBeInstanceOf(Graph);
    expect(explained.graph!.nodes.filter((n) => n.kind === "call").map((n) => n.id)).toEqual([
      "members.0",
      "members.1",
      "members.2",
      "judge",
    ]);
    expect(explained.diagnostics).toEqual([
      "src/pipeline.ts:12:5 XCS1001 if on a dynamic value: the statement runs as a host node",
      "src/pipeline.ts:30:9 XCS1004 try/catch runs as a host node",
    ]);
  });

  it("structural with no diagnostics: an empty list", () => {
    expect(explain(new StrictCompiled(setUp().log, 2)).diagnostics).toEqual([]);
  });

  it("returns the graph invoke runs (built once, shared)", async () => {
    const { clock, log } = setUp();
    const op = new Compiled(log, 2);
    const before = explain(op).graph;
    await clock.run(op.invoke(question));
    expect(explain(op).graph).toBe(before);
  });

  it("without a structure: the fallback's mode, the bail-out diagnostics, then why", async () => {
    const op = new BailedOut();
    const explained = explain(op);
    expect(explained.mode).not.toBe("structural");
    expect(explained.diagnostics).toEqual([
      "src/agent.ts:7:3 XCS2001 writes to this inside forward: the class runs through the runtime fallback",
      expect.stringMatching(
        /^BailedOut has no emitted structure: it was not compiled by the xcs-jit transformer, or the transformer bailed out \(see the diagnostics above\); \S/,
      ),
    ]);
    await expect(op.invoke(question)).resolves.toBe("SKY");
  });

  it("a subclass overriding forward does not run its parent's structure", async () => {
    const { clock, log } = setUp();
    const op = new Overriding(log, 3);
    const explained = explain(op);
    expect(explained.mode).not.toBe("structural");
    expect(explained.diagnostics.at(-1)).toMatch(
      /^Overriding overrides forward but was not compiled by the xcs-jit transformer, so the structure of Ensemble does not describe it; /,
    );
    await expect(clock.run(op.invoke(question))).resolves.toEqual({ answer: "only member0(sky)" });
    expect(log.started()).toEqual(["member0"]);
  });

  it("undecorated: eager, and says so", () => {
    expect(explain(new Plain(setUp().log, 2))).toEqual({
      mode: "eager",
      diagnostics: ["Plain is not decorated with @structuralJit or @jit: invoke runs forward eagerly"],
    });
  });
});

describe("strict", () => {
  it("rejects instead of falling back, with the reason and the diagnostics", async () => {
    const error = await new StrictUncompiled().invoke(question).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrictStructuralJitError);
    expect((error as Error).message).toBe(
      "StrictUncompiled is @structuralJit({ strict: true }) but cannot run structurally: StrictUncompiled has no emitted structure: it was not compiled by the xcs-jit transformer, or the transformer bailed out (see the diagnostics above)\n" +
        "  src/agent.ts:7:3 XCS2001 writes to this inside forward: the class runs through the runtime fallback",
    );
    expect(explain(new StrictUncompiled()).diagnostics.at(-1)).toMatch(/; strict: invoke rejects$/);
  });

  it("runs a compiled class structurally", async () => {
    const { clock, log } = setUp();
    const op = new StrictCompiled(log, 3);
    await clock.run(op.invoke(question));
    expect(log.peak).toBe(3);
  });
});
