/**
 * What speculation may and may not do: errors and aborts as eager, effects never early, early
 * calls nobody used never surface, and the options that shape it.
 */
import { describe, expect, it } from "vitest";
import { Operator, explain, getJitStats, jit, structuralJit, type ForwardContext } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { EffectfulFakeOperator, FakeOperator, fakeLeaves } from "../support/fake-operators.js";
import { expectEagerOnEveryRun, type Decorate } from "./eager-twins.js";

type Query = { query: string };

function newLog() {
  return new CallLog(new LogicalClock());
}

describe("speculation: errors and aborts", () => {
  it("raises eager's error: the first failing call forward reaches, not an earlier-dispatched later one", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const first = new FakeOperator(log, { name: "first", latency: 3, fail: (i: Query) => (i.query.startsWith("bad") ? new Error(`first refused ${i.query}`) : undefined) });
      const second = new FakeOperator(log, { name: "second", latency: 1, fail: (i: Query) => new Error(`second refused ${i.query}`) });
      class TwoFailures extends Operator<Query, unknown> {
        async forward(inputs: Query) {
          const a = await first.invoke({ query: inputs.query });
          const b = await second.invoke({ query: inputs.query });
          return { a, b };
        }
      }
      return { op: new (decorate(TwoFailures))(), log };
    };
    // Later runs dispatch `second` early; it fails first in time, but eager raises `first`'s error
    // when first fails, and `second`'s otherwise.
    // An early `second` is wasted when `first` fails: counted as mispredicted, never surfaced.
    const { reports } = await expectEagerOnEveryRun(make, [{ query: "ok1" }, { query: "bad2" }, { query: "ok3" }, { query: "bad4" }], {
      allowMispredicted: true,
    });
    expect((reports[1]!.outcome as { error: Error }).error.message).toBe("first refused bad2");
    expect((reports[2]!.outcome as { error: Error }).error.message).toBe("second refused ok3");
  });

  it("an early call whose result is never used never surfaces its error", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const gate = new FakeOperator(log, { name: "gate", compute: (i: Query) => ({ go: i.query.startsWith("go") }) });
      const risky = new FakeOperator(log, { name: "risky", fail: (i: Query) => (i.query.includes("boom") ? new Error("risky failed") : undefined) });
      class Branching extends Operator<Query, unknown> {
        async forward(inputs: Query) {
          const g = await gate.invoke({ query: inputs.query });
          if (!g.go) return { skipped: true };
          return risky.invoke({ query: inputs.query });
        }
      }
      return { op: new (decorate(Branching))(), log };
    };
    // Run 3 dispatches risky early on "stop-boom", which fails, but forward never calls it.
    const { jitted, reports } = await expectEagerOnEveryRun(make, [{ query: "go-1" }, { query: "go-2" }, { query: "stop-boom" }, { query: "go-3" }], {
      allowMispredicted: true,
    });
    expect(reports[2]!.outcome).toEqual({ ok: true, value: { skipped: true } });
    expect(jitted.log.records.find((r) => r.name === "risky" && r.outcome === "failed")?.error).toEqual(new Error("risky failed"));
    expect(getJitStats(jitted.op).speculation.misses).toBe(1);
  });

  it("aborting the run aborts the calls dispatched early and rejects with the signal's reason", async () => {
    const log = newLog();
    const slow = new FakeOperator(log, { name: "slow", latency: 5, compute: () => ({ done: true }) });
    const later = new FakeOperator(log, { name: "later", latency: 5, compute: () => ({ done: true }) });
    class Slow extends Operator<Query, unknown> {
      async forward(inputs: Query, ctx: ForwardContext) {
        await slow.invoke({ query: inputs.query }, { signal: ctx.signal });
        return later.invoke({ query: inputs.query }, { signal: ctx.signal });
      }
    }
    jit(Slow);
    const op = new Slow();
    await log.clock.run(op.invoke({ query: "one" }));
    const controller = new AbortController();
    const reason = new Error("stop now");
    const run = op.invoke({ query: "two" }, { signal: controller.signal });
    const outcome = log.clock.run(
      (async () => {
        await log.clock.sleep(2);
        controller.abort(reason);
        return run;
      })(),
    );
    await expect(outcome).rejects.toBe(reason);
    const second = log.records.slice(2);
    expect(second.map((r) => [r.name, r.outcome])).toEqual([
      ["slow", "aborted"],
      ["later", "aborted"],
    ]);
  });
});

describe("tracing never fails a call", () => {
  it("a value that throws when read (a revoked proxy) passes through untouched, run after run", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const leaf = new FakeOperator(log, { name: "leaf", compute: (i: { n: number }) => ({ doubled: i.n * 2 }) });
      class Passes extends Operator<{ n: number }, unknown> {
        async forward(inputs: { n: number }) {
          const { proxy, revoke } = Proxy.revocable({}, {});
          revoke();
          const first = await leaf.invoke({ n: inputs.n, opaque: proxy } as never);
          return { first, opaque: typeof proxy };
        }
      }
      return { op: new (decorate(Passes))(), log };
    };
    const { reports } = await expectEagerOnEveryRun(make, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(reports[2]!.outcome).toEqual({ ok: true, value: { first: { doubled: 6 }, opaque: "object" } });
  });
});

describe("speculation: effects", () => {
  it("never runs an operator declaring effects early, and keeps effects in eager's order", async () => {
    const make = (decorate: Decorate) => {
      const log = newLog();
      const leaf = fakeLeaves(log);
      const write = new EffectfulFakeOperator(log, { name: "write" });
      const pure = leaf("pure");
      class Writer extends Operator<Query, unknown> {
        async forward(inputs: Query) {
          const p = await pure.invoke({ query: inputs.query });
          await write.invoke({ query: p.answer });
          return write.invoke({ query: inputs.query });
        }
      }
      return { op: new (decorate(Writer))(), log };
    };
    const { jitted } = await expectEagerOnEveryRun(make, [{ query: "a" }, { query: "b" }, { query: "c" }]);
    const writes = jitted.log.records.filter((r) => r.name === "write");
    const pures = jitted.log.records.filter((r) => r.name === "pure");
    // Each write starts only after the pure call before it has ended (eager's timing for effects).
    for (let run = 0; run < 3; run++) expect(writes[2 * run]!.start).toBeGreaterThanOrEqual(pures[run]!.end!);
    expect(getJitStats(jitted.op).speculation.hits).toBe(2);
  });

  it("an operator that reaches an effect only on some inputs is stopped before the effect when run early", async () => {
    const log = newLog();
    const write = new EffectfulFakeOperator(log, { name: "write" });
    class Sometimes extends Operator<Query, { wrote: boolean }> {
      async forward(inputs: Query) {
        if (inputs.query.startsWith("write")) await write.invoke({ query: inputs.query });
        return { wrote: inputs.query.startsWith("write") };
      }
    }
    const sometimes = new Sometimes();
    class Outer extends Operator<Query, unknown> {
      async forward(inputs: Query) {
        return sometimes.invoke({ query: inputs.query });
      }
    }
    jit(Outer);
    const op = new Outer();
    expect(await log.clock.run(op.invoke({ query: "read-1" }))).toEqual({ wrote: false });
    // Dispatched early (its trace showed no effect), it reaches `write`: stopped there, then run
    // for real when forward reaches it — one write, at forward's time.
    expect(await log.clock.run(op.invoke({ query: "write-2" }))).toEqual({ wrote: true });
    expect(log.records.filter((r) => r.name === "write").map((r) => r.inputs)).toEqual([{ query: "write-2" }]);
    expect(getJitStats(op).lastRun!.speculation.blocked).toBe(1);
    // The plan now knows: never early again.
    await log.clock.run(op.invoke({ query: "write-3" }));
    expect(getJitStats(op).lastRun!.speculation.dispatched).toBe(0);
    expect(log.records.filter((r) => r.name === "write")).toHaveLength(2);
  });
});

describe("jit options", () => {
  function makeDiamondish(log: CallLog) {
    const leaf = fakeLeaves(log);
    const [a, b] = [leaf("a"), leaf("b")];
    return class Pair extends Operator<Query, unknown> {
      async forward(inputs: Query) {
        const x = await a.invoke({ query: inputs.query });
        const y = await b.invoke({ query: inputs.query });
        return [x, y];
      }
    };
  }

  it("speculate: false traces once, then runs eagerly", async () => {
    const log = newLog();
    const Plain = makeDiamondish(log);
    const Jitted = class extends Plain {};
    jit({ speculate: false })(Jitted);
    const op = new Jitted();
    for (const query of ["1", "2"]) {
      const start = log.clock.now;
      await log.clock.run(op.invoke({ query }));
      expect(log.clock.now - start).toBe(2);
    }
    expect(getJitStats(op).speculation.dispatched).toBe(0);
    expect(explain(op).graph?.nodes.filter((n) => n.kind === "call")).toHaveLength(2);
  });

  it("sampleInput traces at construction: the first call already replays", async () => {
    const log = newLog();
    const Plain = makeDiamondish(log);
    const Warm = jit({ sampleInput: { query: "sample" } })(Plain) as typeof Plain;
    const op = new Warm();
    await log.clock.run(op.invoke({ query: "real" }));
    expect(log.records.map((r) => r.inputs)).toEqual([{ query: "sample" }, { query: "sample" }, { query: "real" }, { query: "real" }]);
    // The sample traced a then b one after the other; the first real call starts both at once.
    const [, , realA, realB] = log.records;
    expect(realA!.start).toBe(realB!.start);
    const stats = getJitStats(op);
    expect(stats.runs).toBe(2);
    expect(stats.lastRun!.kind).toBe("replay");
    expect(stats.lastRun!.speculation.hits).toBe(2);
  });

  it("@structuralJit without an emitted structure falls back to the same tracing JIT", async () => {
    const log = newLog();
    const Plain = makeDiamondish(log);
    const Fallback = class extends Plain {};
    structuralJit(Fallback);
    const op = new Fallback();
    await log.clock.run(op.invoke({ query: "1" }));
    const start = log.clock.now;
    await log.clock.run(op.invoke({ query: "2" }));
    expect(log.clock.now - start).toBe(1);
    const explanation = explain(op);
    expect(explanation.mode).toBe("traced");
    expect(explanation.graph?.toJSON().nodes.map((n) => n.kind)).toEqual(["input", "call", "call", "output"]);
    expect(getJitStats(op).speculation.hits).toBe(2);
  });
});
