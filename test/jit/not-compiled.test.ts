/**
 * A `@structuralJit` class that runs traced because it was never compiled: it says so once per
 * class, and the tracing JIT's `speculate: false` reaches it (decorator, scope, call).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidOptionError, Operator, XCS_DIAGNOSTICS, executionOptions, getJitStats, jit, structuralJit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { fakeLeaves } from "../support/fake-operators.js";

type Query = { query: string };

/** Two independent calls awaited one after the other: replayed, they overlap. */
function pairClass(log: CallLog) {
  const leaf = fakeLeaves(log);
  const [a, b] = [leaf("a"), leaf("b")];
  return class Pair extends Operator<Query, unknown> {
    async forward(inputs: Query) {
      return [await a.invoke({ query: inputs.query }), await b.invoke({ query: inputs.query })];
    }
  };
}

describe("XCS_NOT_COMPILED", () => {
  let warnings: Error[] = [];
  const listen = (warning: Error) => void warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on("warning", listen);
  });
  afterEach(() => void process.off("warning", listen));
  /** `process.emitWarning` delivers on the next tick. */
  const delivered = () => new Promise((resolve) => setImmediate(resolve));
  const notCompiled = () => warnings.filter((w) => (w as { code?: string }).code === "XCS_NOT_COMPILED");

  it("warns once per class on its first invoke, naming the class, the plugin and how to silence it", async () => {
    const log = new CallLog(new LogicalClock());
    const Uncompiled = class Uncompiled extends pairClass(log) {};
    structuralJit(Uncompiled);
    expect(notCompiled()).toHaveLength(0);
    for (const op of [new Uncompiled(), new Uncompiled()]) {
      for (const query of ["1", "2"]) await log.clock.run(op.invoke({ query }));
    }
    await delivered();
    expect(notCompiled()).toHaveLength(1);
    const { message } = notCompiled()[0]!;
    expect(message).toContain("Uncompiled is @structuralJit but was not compiled");
    expect(message).toContain('{ "transform": "xcs-jit/transformer" }');
    expect(message).toContain("xcs-jit/vite");
    expect(message).toContain("--disable-warning=XCS_NOT_COMPILED");
    // Another uncompiled class is another warning.
    const Other = class Other extends pairClass(log) {};
    structuralJit(Other);
    await log.clock.run(new Other().invoke({ query: "1" }));
    await delivered();
    expect(notCompiled().map((w) => w.message.split(" ")[0])).toEqual(["Uncompiled", "Other"]);
  });

  it("says nothing for @jit, nor for a class the transformer compiled and bailed out on", async () => {
    const log = new CallLog(new LogicalClock());
    const Traced = class extends pairClass(log) {};
    jit(Traced);
    const BailedOut = class extends pairClass(log) {
      static [XCS_DIAGNOSTICS] = [{ code: "XCS2001", severity: "warning", message: "bails out", file: "x.ts", line: 1, column: 1 }];
    };
    structuralJit(BailedOut);
    await log.clock.run(new Traced().invoke({ query: "1" }));
    await log.clock.run(new BailedOut().invoke({ query: "1" }));
    await delivered();
    expect(notCompiled()).toHaveLength(0);
  });
});

describe("speculate: false where the fallback runs", () => {
  /** Runs three distinct queries; returns the early calls dispatched and the logical ticks of the last run. */
  async function runThree(op: Operator<Query, unknown>, log: CallLog, invoke = (q: string) => op.invoke({ query: q })) {
    for (const query of ["1", "2"]) await log.clock.run(invoke(query));
    const start = log.clock.now;
    await log.clock.run(invoke("3"));
    return { dispatched: getJitStats(op).speculation.dispatched, ticks: log.clock.now - start };
  }

  it("@structuralJit({ speculate: false }) traces once, then runs forward as written", async () => {
    const log = new CallLog(new LogicalClock());
    const Quiet = class extends pairClass(log) {};
    structuralJit({ speculate: false })(Quiet);
    expect(await runThree(new Quiet(), log)).toEqual({ dispatched: 0, ticks: 2 });
    // The default speculates: the same pair overlaps.
    const Eager = class extends pairClass(log) {};
    structuralJit(Eager);
    expect(await runThree(new Eager(), log)).toEqual({ dispatched: 4, ticks: 1 });
  });

  it("executionOptions({ speculate: false }) and invoke's own option override the class", async () => {
    const log = new CallLog(new LogicalClock());
    const Fallback = class extends pairClass(log) {};
    structuralJit(Fallback);
    const scoped = new Fallback();
    expect(await runThree(scoped, log, (query) => executionOptions({ speculate: false }, () => scoped.invoke({ query })))).toEqual({ dispatched: 0, ticks: 2 });
    const perCall = new Fallback();
    expect(await runThree(perCall, log, (query) => perCall.invoke({ query }, { speculate: false }))).toEqual({ dispatched: 0, ticks: 2 });
    // A call asking for speculation gets it though its class turned it off.
    const Jitted = class extends pairClass(log) {};
    jit({ speculate: false })(Jitted);
    const reenabled = new Jitted();
    expect(await runThree(reenabled, log, (query) => reenabled.invoke({ query }, { speculate: true }))).toEqual({ dispatched: 4, ticks: 1 });
  });

  it("a speculate that is not a boolean is refused, naming the option", () => {
    expect(() => executionOptions({ speculate: "no" as never }, () => 0)).toThrow(InvalidOptionError);
    expect(() => executionOptions({ speculate: "no" as never }, () => 0)).toThrow('executionOptions: invalid option "speculate": expected a boolean, got "no"');
    expect(() => structuralJit({ speculate: 1 as never })).toThrow('@structuralJit: invalid option "speculate": expected a boolean, got 1');
  });
});
