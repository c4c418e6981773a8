/**
 * The comparison helper's rules for failing runs, checked on hand-written "compiled" runners whose
 * behaviour is known: what it must allow (what the design allows) and what it must still report.
 */
import { describe, expect, it } from "vitest";
import { Operator } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, StampingFakeOperator, compareWithEager, describeCall, runEager, type Scenario } from "./index.js";

type In = { query: string };

/** `slow` (2 ticks), then a `Promise.all` of `quick` (fails after 1) and `late` (fails after 2): eager raises quick's error. */
class Racing extends Operator<In, unknown> {
  constructor(readonly slow: FakeOperator, readonly quick: FakeOperator, readonly late: FakeOperator) {
    super();
  }

  async forward(inputs: In) {
    await this.slow.invoke(inputs);
    return Promise.all([this.quick.invoke(inputs), this.late.invoke(inputs)]);
  }
}

function racing(): Scenario<In> {
  const log = new CallLog(new LogicalClock());
  const slow = new FakeOperator(log, { name: "slow", latency: 2 });
  const quick = new FakeOperator(log, { name: "quick", latency: 1, fail: () => new Error("quick failed") });
  const late = new FakeOperator(log, { name: "late", latency: 2, fail: () => new Error("late failed") });
  return { op: new Racing(slow, quick, late), log };
}

describe("the comparison of failing runs", () => {
  it("allows another racing call's error when that call failed first in the run's time (it started sooner)", async () => {
    const result = await compareWithEager(racing, [{ input: { query: "q" } }], {
      // `late` needs nothing from `slow`: started at once, it fails at 2, as `quick` starts.
      run: async (op) => {
        const s = op as Racing;
        const late = s.late.invoke({ query: "q" });
        late.catch(() => {});
        await s.slow.invoke({ query: "q" });
        return Promise.all([s.quick.invoke({ query: "q" }), late]);
      },
    });
    expect(result.eager[0]!.error).toEqual(new Error("quick failed"));
    expect(result.compiled[0]!.error).toEqual(new Error("late failed"));
    expect(result.differences).toEqual([]);
  });

  it("allows an effect eager's other member makes after the failure to come before it, when that member got further sooner", async () => {
    class Member extends Operator<In, unknown> {
      constructor(readonly pre: FakeOperator, readonly fail: FakeOperator, readonly slow: FakeOperator, readonly note: (text: string) => void) {
        super();
      }

      async forward(inputs: In) {
        await this.pre.invoke(inputs);
        return Promise.all([this.fail.invoke(inputs), this.slow.invoke(inputs).then(() => this.note("member done"))]);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const note = (text: string) => log.finish(log.begin("note", text, true), "ok", undefined);
      const fail = new FakeOperator(log, { name: "fail", latency: 2, fail: () => new Error("fail failed") });
      return { op: new Member(new FakeOperator(log, { name: "pre", latency: 2 }), fail, new FakeOperator(log, { name: "slow", latency: 3 }), note), log };
    };
    const hoisted = (lateNote: boolean) => async (op: Operator<In, unknown>) => {
      const s = op as Member;
      // `slow` needs nothing from `pre`: started at once, it ends at 3, before `fail` fails at 4.
      const slow = s.slow.invoke({ query: "q" });
      await s.pre.invoke({ query: "q" });
      const member = lateNote ? slow.then(() => s.note("another note")) : slow.then(() => s.note("member done"));
      return Promise.all([s.fail.invoke({ query: "q" }), member]);
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted(false) });
    expect(result.eager[0]!.effects).toEqual([]);
    expect(result.compiled[0]!.effects).toEqual(['note "member done"']);
    expect(result.differences).toEqual([]);
    // An effect eager never makes is still one.
    expect((await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted(true) })).differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("allows a console line eager's other member writes after the failure to come before it, when that member got further sooner", async () => {
    class Member extends Operator<In, unknown> {
      constructor(readonly pre: FakeOperator, readonly fail: FakeOperator, readonly slow: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        await this.pre.invoke(inputs);
        return Promise.all([this.fail.invoke(inputs), this.slow.invoke(inputs).then(() => console.log("member done"))]);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const fail = new FakeOperator(log, { name: "fail", latency: 2, fail: () => new Error("fail failed") });
      return { op: new Member(new FakeOperator(log, { name: "pre", latency: 2 }), fail, new FakeOperator(log, { name: "slow", latency: 3 })), log };
    };
    const hoisted = (line: string) => async (op: Operator<In, unknown>) => {
      const s = op as Member;
      // `slow` needs nothing from `pre`: started at once, it ends at 3, before `fail` fails at 4.
      const slow = s.slow.invoke({ query: "q" });
      await s.pre.invoke({ query: "q" });
      return Promise.all([s.fail.invoke({ query: "q" }), slow.then(() => console.log(line))]);
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted("member done"), console: true });
    expect(result.eager[0]!.console).toEqual([]);
    expect(result.compiled[0]!.console).toEqual(["log: member done"]);
    expect(result.differences).toEqual([]);
    // A line eager never writes is still one.
    expect((await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted("another line"), console: true })).differences).toEqual([expect.stringContaining("console differs")]);
  });

  it("allows an effect a member left running by a caught failure makes after eager returned to come before the catch, when that member got further sooner", async () => {
    class Caught extends Operator<In, unknown> {
      constructor(readonly pre: FakeOperator, readonly fail: FakeOperator, readonly slow: FakeOperator, readonly note: (text: string) => void) {
        super();
      }

      async forward(inputs: In) {
        this.note("start");
        await this.pre.invoke(inputs);
        try {
          await Promise.all([this.fail.invoke(inputs), this.slow.invoke(inputs).then(() => this.note("member done"))]);
        } catch {
          this.note("caught");
        }
        return "done";
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const note = (text: string) => log.finish(log.begin("note", text, true), "ok", undefined);
      const fail = new FakeOperator(log, { name: "fail", latency: 2, fail: () => new Error("fail failed") });
      return { op: new Caught(new FakeOperator(log, { name: "pre", latency: 2 }), fail, new FakeOperator(log, { name: "slow", latency: 3 }), note), log };
    };
    const hoisted = (memberNote: string, noteFirst = false) => async (op: Operator<In, unknown>) => {
      const s = op as Caught;
      // `slow` needs nothing from `pre`: started at once, it ends at 3, before `fail` fails at 4.
      const slow = s.slow.invoke({ query: "q" });
      if (noteFirst) s.note(memberNote);
      s.note("start");
      await s.pre.invoke({ query: "q" });
      try {
        await Promise.all([s.fail.invoke({ query: "q" }), noteFirst ? slow : slow.then(() => s.note(memberNote))]);
      } catch {
        s.note("caught");
      }
      return "done";
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted("member done") });
    expect(result.eager[0]!.effects).toEqual(['note "start"', 'note "caught"']);
    expect(result.compiled[0]!.effects).toEqual(['note "start"', 'note "member done"', 'note "caught"']);
    expect(result.differences).toEqual([]);
    // An effect eager never makes is still one, before or after.
    expect((await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted("another note") })).differences).toEqual([expect.stringContaining("effects differ")]);
    // Nor may the member's effect come before what eager did before its failing call started.
    expect((await compareWithEager(make, [{ input: { query: "q" } }], { run: hoisted("member done", true) })).differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("allows a console line eager writes after its failing call started to be missing when the failure came sooner, and no line before it", async () => {
    class Logging extends Operator<In, unknown> {
      constructor(readonly slow: FakeOperator, readonly quick: FakeOperator, readonly step: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        console.log("start");
        await this.slow.invoke(inputs);
        return Promise.all([this.quick.invoke(inputs), this.step.invoke(inputs).then(() => console.log("step done"))]);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const quick = new FakeOperator(log, { name: "quick", latency: 2, fail: () => new Error("quick failed") });
      return { op: new Logging(new FakeOperator(log, { name: "slow", latency: 2 }), quick, new FakeOperator(log, { name: "step", latency: 1 })), log };
    };
    // `quick` needs nothing from `slow`: started at once, it fails at 2, before `step` ends at 3.
    const early = (logStart: boolean) => async (op: Operator<In, unknown>) => {
      const s = op as Logging;
      if (logStart) console.log("start");
      const quick = s.quick.invoke({ query: "q" });
      quick.catch(() => {});
      await s.slow.invoke({ query: "q" });
      return Promise.all([quick, s.step.invoke({ query: "q" }).then(() => console.log("step done"))]);
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], { run: early(true), console: true });
    expect(result.eager[0]!.console).toEqual(["log: start", "log: step done"]);
    expect(result.compiled[0]!.console).toEqual(["log: start"]);
    expect(result.differences).toEqual([]);
    expect((await compareWithEager(make, [{ input: { query: "q" } }], { run: early(false), console: true })).differences).toEqual([expect.stringContaining("console differs")]);
  });

  it("under a bound, lets eager's call start after the run failed (a member left running waits for its slot), and no other", async () => {
    class Pair extends Operator<In, unknown> {
      constructor(readonly log: CallLog, readonly fail: FakeOperator, readonly audit: Operator<In, unknown>) {
        super();
      }

      async forward(inputs: In) {
        return Promise.all([this.fail.invoke(inputs), this.audit.invoke(inputs)]);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const fail = new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") });
      return { op: new Pair(log, fail, new EffectfulFakeOperator(log, { name: "audit", latency: 1 })), log };
    };
    // One slot: `fail` holds it and fails; the member waiting for it starts after the run settled.
    const oneSlot = (query: string) => async (op: Operator<In, unknown>) => {
      const s = op as Pair;
      const failed = s.fail.invoke({ query: "q" });
      void failed.catch(() => s.log.clock.sleep(1)).then(() => s.audit.invoke({ query }));
      return failed;
    };
    const bounded = (query: string) => compareWithEager(make, [{ input: { query: "q" }, options: { maxConcurrency: 1 } }], { run: oneSlot(query) });
    expect((await bounded("q")).differences).toEqual([]);
    expect((await bounded("other")).differences).toEqual([expect.stringContaining("calls started after the run settled that eager does not make then")]);
  });

  it("under a bound, lets an effect of a member left running by a caught Promise.all come after a run that returned", async () => {
    class Caught extends Operator<In, unknown> {
      constructor(readonly log: CallLog, readonly fail: FakeOperator, readonly audit: Operator<In, unknown>) {
        super();
      }

      async forward(inputs: In) {
        try {
          await Promise.all([this.fail.invoke(inputs), this.audit.invoke(inputs)]);
        } catch {
          return "caught";
        }
        return "done";
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const fail = new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") });
      return { op: new Caught(log, fail, new EffectfulFakeOperator(log, { name: "audit", latency: 2 })), log };
    };
    // One slot: `fail` holds it and fails; `forward` returns, and the member waiting for the slot
    // makes its effect after that, as eager's would waiting for a slot.
    const oneSlot = (query: string) => async (op: Operator<In, unknown>) => {
      const s = op as Caught;
      const failed = s.fail.invoke({ query: "q" });
      void failed.catch(() => s.log.clock.sleep(1)).then(() => s.audit.invoke({ query }));
      return failed.then(() => "done", () => "caught");
    };
    const run = (query: string, options?: { maxConcurrency: number }) => compareWithEager(make, [{ input: { query: "q" }, options }], { run: oneSlot(query) });
    expect((await run("q", { maxConcurrency: 1 })).differences).toEqual([]);
    expect((await run("other", { maxConcurrency: 1 })).differences).toEqual([
      expect.stringContaining("effects differ"),
      expect.stringContaining("calls started after the run settled that eager does not make then"),
    ]);
    // Unbounded, eager made it during its run: the run must have made it before it returned.
    expect((await run("q")).differences).toEqual([
      expect.stringContaining("effects differ"),
      expect.stringContaining("calls started after the run settled that eager does not make then"),
    ]);
  });

  it("under a bound, lets a pure call eager made beside a failing call its code caught be missing, and no other", async () => {
    class Caught extends Operator<In, unknown> {
      constructor(readonly fail: FakeOperator, readonly side: FakeOperator, readonly after: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        try {
          await Promise.all([this.fail.invoke(inputs), this.side.invoke(inputs)]);
        } catch {
          // The failure is caught; `side`'s result is never read.
        }
        return this.after.invoke(inputs);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const fake = (name: string) => new FakeOperator(log, { name, latency: 1, compute: () => name });
      return { op: new Caught(new FakeOperator(log, { name: "fail", latency: 2, fail: () => new Error("fail failed") }), fake("side"), fake("after")), log };
    };
    const q = { query: "q" };
    // The failing run retired `side` while it waited for the one slot.
    const withoutSide = async (op: Operator<In, unknown>) => {
      const s = op as Caught;
      await s.fail.invoke(q).catch(() => undefined);
      return s.after.invoke(q);
    };
    const run = (options?: { maxConcurrency: number }) => compareWithEager(make, [{ input: q, options }], { run: withoutSide });
    expect((await run({ maxConcurrency: 1 })).differences).toEqual([]);
    expect((await run()).differences).toEqual([expect.stringContaining("calls eager made and compiled did not: side")]);
    // `after`, made once the failure was caught, is no such call.
    const withoutAfter = async (op: Operator<In, unknown>) => {
      const s = op as Caught;
      await Promise.all([s.fail.invoke(q), s.side.invoke(q)]).catch(() => undefined);
      return "after";
    };
    const bounded = await compareWithEager(make, [{ input: q, options: { maxConcurrency: 1 } }], { run: withoutAfter });
    expect(bounded.differences).toEqual([expect.stringContaining("calls eager made and compiled did not: after")]);
  });

  it("lets a run that returned make early a pure call that eager's member, left running by a caught failure, makes after the run", async () => {
    class LeftRunning extends Operator<In, unknown> {
      constructor(readonly fail: FakeOperator, readonly slow: FakeOperator, readonly then: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        try {
          await Promise.all([this.fail.invoke(inputs), this.slow.invoke(inputs).then(() => this.then.invoke(inputs))]);
        } catch {
          return "caught";
        }
        return "done";
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const fake = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: () => name });
      return { op: new LeftRunning(new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }), fake("slow", 3), fake("then", 1)), log };
    };
    const q = { query: "q" };
    // `then` needs nothing from `slow`'s result here: the graph starts it with the group.
    const early = (query: string) => async (op: Operator<In, unknown>) => {
      const s = op as LeftRunning;
      void s.slow.invoke(q).catch(() => undefined);
      void s.then.invoke({ query }).catch(() => undefined);
      return s.fail.invoke(q).then(() => "done", () => "caught");
    };
    expect((await compareWithEager(make, [{ input: q }], { run: early("q") })).differences).toEqual([]);
    expect((await compareWithEager(make, [{ input: q }], { run: early("other") })).differences).toEqual([
      expect.stringContaining("calls eager did not make: then {\"query\":\"other\"}"),
    ]);
  });

  it("reports a call eager made before its failing call that a failing run makes only after it failed", async () => {
    class Steps extends Operator<In, unknown> {
      constructor(readonly log: CallLog, readonly k: FakeOperator, readonly f: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        await this.k.invoke(inputs);
        return this.f.invoke(inputs);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      return { op: new Steps(log, new FakeOperator(log, { name: "k", latency: 5 }), new FakeOperator(log, { name: "f", latency: 1, fail: () => new Error("f failed") })), log };
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], {
      // Fails with `f` at once, then makes `k` in the background: eager made `k` first.
      run: async (op) => {
        const s = op as Steps;
        const failed = s.f.invoke({ query: "q" });
        void failed.catch(() => s.log.clock.sleep(1)).then(() => s.k.invoke({ query: "q" }));
        return failed;
      },
    });
    expect(result.differences).toEqual([expect.stringContaining("calls started after the run settled that eager does not make then")]);
  });

  it("reports another racing call's error when the call that raised eager's failed first in the run too", async () => {
    const result = await compareWithEager(racing, [{ input: { query: "q" } }], {
      run: async (op) => {
        const s = op as Racing;
        await s.slow.invoke({ query: "q" });
        await Promise.all([s.quick.invoke({ query: "q" }).catch(() => undefined), s.late.invoke({ query: "q" })]);
      },
    });
    expect(result.differences).toEqual([expect.stringContaining("error differs")]);
  });

  it("reports the error of a failure eager's code had caught before, even on a call started sooner", async () => {
    class Pipeline extends Operator<In, unknown> {
      constructor(readonly first: FakeOperator, readonly then: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        await this.first.invoke(inputs).catch(() => undefined);
        return this.then.invoke(inputs);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const first = new FakeOperator(log, { name: "first", latency: 1, fail: () => new Error("first failed") });
      const then = new FakeOperator(log, { name: "then", latency: 1, fail: () => new Error("then failed") });
      return { op: new Pipeline(first, then), log };
    };
    const result = await compareWithEager(make, [{ input: { query: "q" } }], {
      run: async (op) => {
        const s = op as Pipeline;
        const then = s.then.invoke({ query: "q" });
        then.catch(() => {});
        await s.first.invoke({ query: "q" });
        return then;
      },
    });
    expect(result.differences).toEqual([expect.stringContaining("error differs")]);
  });

  it("under a bound, allows an effect naming another of eager's failures, and no failure eager did not have", async () => {
    class Pipeline extends Operator<In, unknown> {
      constructor(readonly a: FakeOperator, readonly b: FakeOperator, readonly note: (text: string) => void) {
        super();
      }

      async forward(inputs: In) {
        try {
          await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs)]);
        } catch (error) {
          this.note(`caught ${(error as Error).message}`);
        }
        return "done";
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const a = new FakeOperator(log, { name: "a", latency: 1, fail: () => new Error("a failed") });
      const b = new FakeOperator(log, { name: "b", latency: 2, fail: () => new Error("b failed") });
      return { op: new Pipeline(a, b, (text) => log.finish(log.begin("note", text, true), "ok", undefined)), log };
    };
    const runCatching = (first: "a" | "b", message?: string) => async (op: Operator<In, unknown>) => {
      const s = op as Pipeline;
      // One slot: the schedule gave it to `first`, whose failure is the one caught.
      let caught: Error | undefined;
      for (const call of first === "a" ? [s.a, s.b] : [s.b, s.a]) await call.invoke({ query: "q" }).catch((error: Error) => (caught ??= error));
      s.note(`caught ${message ?? caught!.message}`);
      return "done";
    };
    const bounded = [{ input: { query: "q" }, options: { maxConcurrency: 1 } }];
    expect((await compareWithEager(make, bounded, { run: runCatching("b") })).differences).toEqual([]);
    expect((await compareWithEager(make, bounded, { run: runCatching("a", "c failed") })).differences).toEqual([expect.stringContaining("effects differ")]);
    // Unbounded, which failure is caught is the first in the run's own time: `b` run first and alone
    // fails first, as it does in eager's run when `a` takes longer (the witness); `b`'s failure
    // caught when `a`'s came first is eager's under no latencies.
    const unbounded = [{ input: { query: "q" } }];
    expect((await compareWithEager(make, unbounded, { run: runCatching("b") })).differences).toEqual([]);
    const catchingLater = async (op: Operator<In, unknown>) => {
      const s = op as Pipeline;
      const [, later] = await Promise.all([s.a.invoke({ query: "q" }).catch((error: Error) => error), s.b.invoke({ query: "q" }).catch((error: Error) => error)]);
      s.note(`caught ${(later as Error).message}`);
      return "done";
    };
    expect((await compareWithEager(make, unbounded, { run: catchingLater })).differences).toEqual([expect.stringContaining("effects differ")]);
  });
});

describe("the comparison of runs that returned: eager under the latencies the compiled run saw", () => {
  /**
   * `first` (3 ticks), then a `Promise.all` of two members, `await draft (5)` then the effect
   * `write`, and `await check (1)` then the effect `audit`, and the effect `tally` (the array's last
   * element): eager's order is tally, audit, write.
   */
  class Members extends Operator<In, unknown> {
    constructor(readonly op: Record<"first" | "draft" | "check" | "write" | "audit" | "tally", FakeOperator>) {
      super();
    }

    async forward(inputs: In) {
      const { first, draft, check, write, audit, tally } = this.op;
      await first.invoke(inputs);
      return Promise.all([
        draft.invoke(inputs).then(() => write.invoke(inputs)),
        check.invoke(inputs).then(() => audit.invoke(inputs)),
        tally.invoke(inputs),
      ]);
    }
  }
  const make = (): Scenario<In> => {
    const log = new CallLog(new LogicalClock());
    const pure = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: () => name });
    const effect = (name: string) => new EffectfulFakeOperator(log, { name, latency: 1, compute: () => name });
    return { op: new Members({ first: pure("first", 3), draft: pure("draft", 5), check: pure("check", 1), write: effect("write"), audit: effect("audit"), tally: effect("tally") }), log };
  };
  const q = { query: "q" };
  /** `draft` started before `first` ended (it needs nothing from it); the effects in `order` once the group starts. */
  const draftEarly = (order: readonly ("write" | "audit" | "tally")[]) => async (op: Operator<In, unknown>) => {
    const s = (op as Members).op;
    const draft = s.draft.invoke(q);
    await s.first.invoke(q);
    await draft;
    const made = order.map((name) => (name === "audit" ? s.check.invoke(q).then(() => s.audit.invoke(q)) : s[name].invoke(q)));
    return Promise.all([made[order.indexOf("write")], made[order.indexOf("audit")], made[order.indexOf("tally")]]);
  };

  it("allows the members' effects after their awaits in the order the run's own timing gives", async () => {
    // `draft` ended before the group started, so `write` comes before `audit` (after `check`'s tick):
    // eager's order when `draft` is the quicker.
    const result = await compareWithEager(make, [{ input: q }], { run: draftEarly(["tally", "write", "audit"]) });
    expect(result.eager[0]!.effects).toEqual(["tally {\"query\":\"q\"}", "audit {\"query\":\"q\"}", "write {\"query\":\"q\"}"]);
    expect(result.compiled[0]!.effects).toEqual(["tally {\"query\":\"q\"}", "write {\"query\":\"q\"}", "audit {\"query\":\"q\"}"]);
    expect(result.differences).toEqual([]);
  });

  it("still reports an effect after a member's await before a sibling's effect made before its first await", async () => {
    const result = await compareWithEager(make, [{ input: q }], { run: draftEarly(["write", "tally", "audit"]) });
    expect(result.differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("still reports a member's effect made before the await it follows", async () => {
    const result = await compareWithEager(make, [{ input: q }], {
      run: async (op) => {
        const s = (op as Members).op;
        await s.first.invoke(q);
        const audited = s.audit.invoke(q);
        return Promise.all([s.draft.invoke(q).then(() => s.write.invoke(q)), s.check.invoke(q).then(() => audited), s.tally.invoke(q)]);
      },
    });
    expect(result.differences).toEqual([expect.stringContaining("effects differ")]);
  });
});

describe("the comparison of runs that failed: eager under the latencies the compiled run saw", () => {
  /**
   * `first` (2 ticks), then `Promise.all` of the effect `stamp` (2 ticks, rewriting the query of
   * what it is given when it ends) and `fail` (3 ticks): eager's `stamp` ends before the failure.
   */
  class Group extends Operator<In, unknown> {
    constructor(readonly op: Record<"first" | "stamp" | "fail", FakeOperator>) {
      super();
    }

    async forward(inputs: In) {
      await this.op.first.invoke(inputs);
      return Promise.all([this.op.stamp.invoke({ query: "none" }), this.op.fail.invoke(inputs)]);
    }
  }
  const make = (): Scenario<In> => {
    const log = new CallLog(new LogicalClock());
    return {
      op: new Group({
        first: new FakeOperator(log, { name: "first", latency: 2, compute: () => "first" }),
        stamp: new StampingFakeOperator(log, { name: "stamp", latency: 2, compute: () => "stamp" }),
        fail: new FakeOperator(log, { name: "fail", latency: 3, fail: () => new Error("fail failed") }),
      }),
      log,
    };
  };
  const q = { query: "q" };

  it("allows a failure that came while an effect still ran, when the failing pure call started early", async () => {
    // `fail` needs nothing from `first`: started with it, it fails at tick 3, while `stamp` (started
    // at 2, after `first`) still runs; eager's under a quicker `fail`.
    const early = async (op: Operator<In, unknown>) => {
      const s = (op as Group).op;
      const failing = s.fail.invoke(q);
      await s.first.invoke(q);
      return Promise.all([s.stamp.invoke({ query: "none" }), failing]);
    };
    const result = await compareWithEager(make, [{ input: q }], { run: early });
    // Each run's `stamp` rewrote its input when it ended (eager's before the failure, the compiled
    // run's after it): an effect is compared by what it was given when it started.
    expect(result.eager[0]!.calls.find((r) => r.name === "stamp")!.inputs).toEqual({ query: "none*" });
    expect(result.compiled[0]!.effects).toEqual(["stamp {\"query\":\"none\"}"]);
    expect(result.differences).toEqual([]);
  });

  it("finds the latency of an effect that changed what it was given by what it was given when it started", async () => {
    // Under a bound, `fail` took the slot first: `stamp` started only when it had failed, and was
    // still running when the run failed; eager's when `stamp` is the slower (the witness, which
    // must know `stamp`'s call by its input before `stamp` rewrote it).
    const slotsInOrder = async (op: Operator<In, unknown>) => {
      const s = (op as Group).op;
      await s.first.invoke(q);
      const failing = s.fail.invoke(q);
      await failing.catch(() => undefined);
      return Promise.all([s.stamp.invoke({ query: "none" }), failing]);
    };
    const result = await compareWithEager(make, [{ input: q, options: { maxConcurrency: 1 } }], { run: slotsInOrder });
    expect(result.compiled[0]!.effects).toEqual(["stamp {\"query\":\"none\"}"]);
    expect(result.differences).toEqual([]);
  });

  it("still reports what no latencies give: an effect given another input, or another failure", async () => {
    const other = async (op: Operator<In, unknown>) => {
      const s = (op as Group).op;
      await s.first.invoke(q);
      const failing = s.fail.invoke(q);
      await s.stamp.invoke({ query: "other" });
      return failing;
    };
    expect((await compareWithEager(make, [{ input: q }], { run: other })).differences).toEqual([expect.stringContaining("effects differ")]);
    const otherError = async (op: Operator<In, unknown>) => {
      const s = (op as Group).op;
      await s.first.invoke(q);
      await Promise.all([s.stamp.invoke({ query: "none" }), s.fail.invoke(q).catch(() => undefined)]);
      throw new Error("another failure");
    };
    expect((await compareWithEager(make, [{ input: q }], { run: otherError })).differences).toEqual([expect.stringContaining("error differs")]);
  });
});

describe("the replay under the latencies the compiled run saw: ties, and state across runs", () => {
  const q = { query: "q" };

/**
   * `first` (3 ticks), then a `Promise.all` of two members: A awaits `pa` (1), starts `eA1`, then
   * awaits only microtasks (no call, no timer) and starts `eA2`; B awaits `pb` (2), one microtask, `eB`.
   * A's `eA1` and `eA2` run in one stretch of microtasks after `pa` ends: only a completion of `pb`
   * in the same stretch (both answered at one tick, as a batched or cached answer is) puts `eB`
   * between them.
   */
  class Interleave extends Operator<In, unknown> {
    constructor(readonly op: Record<"first" | "pa" | "pb" | "eA1" | "eA2" | "eB", FakeOperator>) {
      super();
    }
  
    async forward(inputs: In) {
      const { first, pa, pb, eA1, eA2, eB } = this.op;
      await first.invoke(inputs);
      return Promise.all([
        (async () => {
          await pa.invoke(inputs);
          void eA1.invoke(inputs);
          await Promise.resolve();
          await Promise.resolve();
          await Promise.resolve();
          return eA2.invoke(inputs);
        })(),
        (async () => {
          await pb.invoke(inputs);
          await Promise.resolve();
          return eB.invoke(inputs);
        })(),
      ]);
    }
  }
  
  function interleave(pa = 1, pb = 2): Scenario<In> {
    const log = new CallLog(new LogicalClock());
    const pure = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: () => name });
    const effect = (name: string) => new EffectfulFakeOperator(log, { name, latency: 1, compute: () => name });
    return { op: new Interleave({ first: pure("first", 3), pa: pure("pa", pa), pb: pure("pb", pb), eA1: effect("eA1"), eA2: effect("eA2"), eB: effect("eB") }), log };
  }

  it("calls that end at one tick settle together: an order eager shows then is allowed, one it never shows is not", async () => {
    const order = async (pa: number, pb: number) => (await runEager(interleave(pa, pb), q)).calls.filter((r) => r.effects).map((r) => r.name);
    // Ending apart, A's stretch stays whole; ending together, B's continuation comes between.
    for (const [pa, pb] of [[1, 2], [2, 1], [1, 1.5], [1.5, 1]] as const) expect(await order(pa, pb), `pa ${pa}, pb ${pb}`).not.toEqual(["eA1", "eB", "eA2"]);
    expect(await order(1, 1)).toEqual(["eA1", "eB", "eA2"]);
    // pa and pb started early, both done before `first`: the replay has both end as eager starts them, together.
    const early = (names: readonly ("eA1" | "eB" | "eA2")[]) => async (op: Operator<In, unknown>) => {
      const s = (op as Interleave).op;
      const both = Promise.all([s.pa.invoke(q), s.pb.invoke(q)]);
      await s.first.invoke(q);
      await both;
      const values = await Promise.all(names.map((name) => s[name].invoke(q)));
      return [values[names.indexOf("eA2")], values[names.indexOf("eB")]];
    };
    expect((await compareWithEager(() => interleave(), [{ input: q }], { run: early(["eA1", "eB", "eA2"]) })).differences).toEqual([]);
    expect((await compareWithEager(() => interleave(), [{ input: q }], { run: early(["eB", "eA2", "eA1"]) })).differences).toEqual([expect.stringContaining("effects differ")]);
  });

/**
   * Two members: A awaits `a1` (1 tick) and `a2` (1), then starts `eA`; B awaits `b1` (2) and `b2`
   * (1), then starts `eB`. Eager always makes `eA` first under these latencies; with `b2` answered at
   * once and `a2` a little slower than 1 tick, `eB` comes first.
   */
  class Staggered extends Operator<In, unknown> {
    constructor(readonly op: Record<"a1" | "a2" | "b1" | "b2" | "eA" | "eB", FakeOperator>) {
      super();
    }

    async forward(inputs: In) {
      const { a1, a2, b1, b2, eA, eB } = this.op;
      return Promise.all([
        (async () => (await a1.invoke(inputs), await a2.invoke(inputs), eA.invoke(inputs)))(),
        (async () => (await b1.invoke(inputs), await b2.invoke(inputs), eB.invoke(inputs)))(),
      ]);
    }
  }

  function staggered(): Scenario<In> {
    const log = new CallLog(new LogicalClock());
    const pure = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: () => name });
    const effect = (name: string) => new EffectfulFakeOperator(log, { name, latency: 1, compute: () => name });
    return { op: new Staggered({ a1: pure("a1", 1), a2: pure("a2", 1), b1: pure("b1", 2), b2: pure("b2", 1), eA: effect("eA"), eB: effect("eB") }), log };
  }

  it("a call eager starts at a tick where another ends may end before it when the compiled run saw it end first; an order no latencies give is reported", async () => {
    // `b2` started early ends at tick 1; at tick 2 `b1` (started first) and `a2` end: B goes on first.
    const early = async (op: Operator<In, unknown>) => {
      const s = (op as Staggered).op;
      const b1 = s.b1.invoke(q);
      const a1 = s.a1.invoke(q);
      const b2 = s.b2.invoke(q);
      const a = a1.then(() => s.a2.invoke(q)).then(() => s.eA.invoke(q));
      const b = Promise.all([b1, b2]).then(() => s.eB.invoke(q));
      return Promise.all([a, b]);
    };
    const result = await compareWithEager(staggered, [{ input: q }], { run: early });
    expect(result.eager[0]!.effects.map((e) => e.split(" ")[0])).toEqual(["eA", "eB"]);
    expect(result.compiled[0]!.effects.map((e) => e.split(" ")[0])).toEqual(["eB", "eA"]);
    expect(result.differences).toEqual([]);
    // `b1` started after `a1` ended, so it ends after `a2`: no latencies put `eB` first then.
    const late = async (op: Operator<In, unknown>) => {
      const s = (op as Staggered).op;
      await s.a1.invoke(q);
      const b = s.b1.invoke(q).then(() => s.b2.invoke(q));
      await s.a2.invoke(q);
      await b;
      return Promise.all([s.eB.invoke(q), s.eA.invoke(q)]).then(([eB, eA]) => [eA, eB]);
    };
    expect((await compareWithEager(staggered, [{ input: q }], { run: late })).differences).toEqual([expect.stringContaining("effects differ")]);
  });

/**
   * State carried across runs: each run records the order its two members finished in, and returns
   * the order the runs before it left. Run 1 returns "" on both sides (no difference, or one the
   * witness accepts); run 2 shows run 1's timing.
   */
  class Remembers extends Operator<In, unknown> {
    readonly order: string[] = [];
    constructor(readonly op: Record<"first" | "draft" | "check", FakeOperator>) {
      super();
    }
  
    async forward(inputs: In) {
      const before = this.order.join(",");
      const { first, draft, check } = this.op;
      await first.invoke(inputs);
      await Promise.all([draft.invoke(inputs).then(() => this.order.push("A")), check.invoke(inputs).then(() => this.order.push("B"))]);
      return before;
    }
  }
  
  function remembers(): Scenario<In> {
    const log = new CallLog(new LogicalClock());
    const pure = (name: string, latency: number) => new FakeOperator(log, { name, latency, compute: () => name });
    return { op: new Remembers({ first: pure("first", 3), draft: pure("draft", 2), check: pure("check", 1) }), log };
  }

  it("replays the runs before with their own compiled latencies: what a run leaves for the next is timing too", async () => {
    // `draft` started early ends before `check`, so A finishes first: eager's order when `draft` is
    // the quicker. Run 2 then returns "A,B", as eager's does after such a run 1.
    const compiledRun = async (op: Operator<In, unknown>) => {
      const s = op as Remembers;
      const before = s.order.join(",");
      const draft = s.op.draft.invoke(q).then(() => s.order.push("A"));
      await s.op.first.invoke(q);
      await Promise.all([draft, s.op.check.invoke(q).then(() => s.order.push("B"))]);
      return before;
    };
    const result = await compareWithEager(remembers, [{ input: q }, { input: q }], { run: compiledRun });
    expect(result.compiled.map((r) => r.value)).toEqual(["", "A,B"]);
    expect(result.eager.map((r) => r.value)).toEqual(["", "B,A"]);
    expect(result.differences).toEqual([]);
    // A run 2 no history explains still differs.
    const forgetful = async (op: Operator<In, unknown>) => ((await compiledRun(op)) === "" ? "" : "B,B");
    expect((await compareWithEager(remembers, [{ input: q }, { input: q }], { run: forgetful })).differences).toEqual([expect.stringContaining("result differs")]);
  });
});

describe("under a bound: eager under the same bound", () => {
  const q = { query: "q" };

  /**
   * `const p = this.stamp.invoke(req); const m = await this.next.invoke(req); await p`: eager's
   * moment starts both before `stamp` (2 ticks) rewrites the request's query when it ends. Under a
   * bound of one, eager's `next` waits for the slot `stamp` holds: an effect then is given the
   * rewritten request; a pure call gets a copy of what it was given when it was called.
   */
  class StartedThenNext extends Operator<In, unknown> {
    constructor(readonly stamp: FakeOperator, readonly next: FakeOperator) {
      super();
    }

    async forward(inputs: In) {
      const req = { query: inputs.query };
      const p = this.stamp.invoke(req);
      const m = await this.next.invoke(req);
      await p;
      return m;
    }
  }
  const scenario = (nextHasEffects: boolean) => (): Scenario<In> => {
    const log = new CallLog(new LogicalClock());
    const stamp = new StampingFakeOperator(log, { name: "stamp", latency: 2, compute: () => "stamp" });
    const next = new (nextHasEffects ? EffectfulFakeOperator : FakeOperator)(log, { name: "next", latency: 1, compute: () => "next" });
    return { op: new StartedThenNext(stamp, next), log };
  };
  /** One call at a time, as a schedule under a bound of one runs them: `next` is given the request `stamp` rewrote. */
  const oneAtATime = async (op: Operator<In, unknown>, inputs: In) => {
    const s = op as StartedThenNext;
    const req = { query: inputs.query };
    await s.stamp.invoke(req);
    return s.next.invoke(req);
  };

  it("allows a second effect of one moment to be given what the first changed, as eager's is under that bound; reports it without one", async () => {
    for (const options of [{ maxConcurrency: 1 }, { scheduler: "sequential" as const }]) {
      const result = await compareWithEager(scenario(true), [{ input: q, options }], { run: oneAtATime });
      expect(result.eager[0]!.effects, JSON.stringify(options)).toEqual(['stamp {"query":"q"}', 'next {"query":"q"}']);
      expect(result.compiled[0]!.effects, JSON.stringify(options)).toEqual(['stamp {"query":"q"}', 'next {"query":"q*"}']);
      expect(result.differences, JSON.stringify(options)).toEqual([]);
    }
    expect((await compareWithEager(scenario(true), [{ input: q }], { run: oneAtATime })).differences).toEqual([expect.stringContaining("effects differ")]);
  });

  it("still reports a pure call given what the effect changed: under the bound, eager's waits for its slot with a copy of what it was given", async () => {
    const result = await compareWithEager(scenario(false), [{ input: q, options: { maxConcurrency: 1 } }], { run: oneAtATime });
    expect(result.compiled[0]!.calls.find((r) => r.name === "next")!.inputs).toEqual({ query: "q*" });
    expect(result.differences).toEqual([
      expect.stringContaining('calls eager did not make: next {"query":"q*"}'),
      expect.stringContaining('calls eager made and compiled did not: next {"query":"q"}'),
    ]);
  });
});

describe("what a run leaves in the background", () => {
  /** Logs, then a `Promise.all` of a failing call and a slower member that logs when done; the failure is caught. */
  class Caught extends Operator<In, unknown> {
    constructor(readonly fail: FakeOperator, readonly slow: FakeOperator) {
      super();
    }

    async forward(inputs: In) {
      try {
        await Promise.all([this.fail.invoke(inputs), this.slow.invoke(inputs).then(() => console.log("member done"))]);
      } catch {
        return "caught";
      }
      return "done";
    }
  }
  const make = (): Scenario<In> => {
    const log = new CallLog(new LogicalClock());
    return { op: new Caught(new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }), new FakeOperator(log, { name: "slow", latency: 3 })), log };
  };
  const run = (line: string) => async (op: Operator<In, unknown>) => {
    const s = op as Caught;
    try {
      await Promise.all([s.fail.invoke({ query: "q" }), s.slow.invoke({ query: "q" }).then(() => console.log(line))]);
    } catch {
      return "caught";
    }
    return "done";
  };

  it("compares the console lines written after the run settled: eager's then are allowed, others reported", async () => {
    const same = await compareWithEager(make, [{ input: { query: "q" } }], { run: run("member done"), console: true });
    expect(same.eager[0]!.afterConsole).toEqual(["log: member done"]);
    expect(same.differences).toEqual([]);
    const other = await compareWithEager(make, [{ input: { query: "q" } }], { run: run("something else"), console: true });
    expect(other.differences).toEqual([expect.stringContaining("console lines written after the run settled that eager does not write then")]);
  });

  it("reports an effect eager's member left running by a failed Promise.all makes after the run, when the run never makes it", async () => {
    /** A `Promise.all` of a failing call and a member that saves what a slower call answers. */
    class LeftGoing extends Operator<In, unknown> {
      constructor(readonly fail: FakeOperator, readonly search: FakeOperator, readonly save: FakeOperator) {
        super();
      }

      async forward(inputs: In) {
        return Promise.all([this.fail.invoke(inputs), (async () => this.save.invoke(await this.search.invoke(inputs)))()]);
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      return {
        op: new LeftGoing(new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("fail failed") }), new FakeOperator(log, { name: "search", latency: 2 }), new EffectfulFakeOperator(log, { name: "save", latency: 1 })),
        log,
      };
    };
    const stopsAtFailure = async (op: Operator<In, unknown>) => {
      const s = op as LeftGoing;
      return Promise.all([s.fail.invoke({ query: "q" }), s.search.invoke({ query: "q" })]);
    };
    const same = await compareWithEager(make, [{ input: { query: "q" } }]);
    expect(same.eager[0]!.after.map(describeCall)).toEqual([expect.stringMatching(/^save /)]);
    expect(same.differences).toEqual([]);
    const stopped = await compareWithEager(make, [{ input: { query: "q" } }], { run: stopsAtFailure });
    expect(stopped.differences).toEqual([expect.stringContaining("effects eager made after its run settled that the compiled run never made: save")]);
  });

  it("under a bound, lets effects eager made during its run that wait for slots after it failed come in the schedule's order, and reports one eager never made", async () => {
    /** A caught `Promise.all` of a quick failure and two effects, then a note; then a slower failing call fails the run. */
    class Member extends Operator<In, unknown> {
      constructor(readonly quick: FakeOperator, readonly e1: FakeOperator, readonly e2: FakeOperator, readonly slow: FakeOperator, readonly note: (text: string) => void) {
        super();
      }

      async forward(inputs: In) {
        const member = (async () => {
          try {
            await Promise.all([this.quick.invoke(inputs), this.e1.invoke(inputs), this.e2.invoke(inputs)]);
          } catch {
            this.note("caught");
          }
        })();
        await Promise.all([member, this.slow.invoke(inputs)]);
        return "done";
      }
    }
    const make = (): Scenario<In> => {
      const log = new CallLog(new LogicalClock());
      const note = (text: string) => log.finish(log.begin("note", text, true), "ok", undefined);
      const effect = (name: string) => new EffectfulFakeOperator(log, { name, latency: 1 });
      return {
        op: new Member(new FakeOperator(log, { name: "quick", latency: 1, fail: () => new Error("quick failed") }), effect("e1"), effect("e2"), new FakeOperator(log, { name: "slow", latency: 1, fail: () => new Error("slow failed") }), note),
        log,
      };
    };
    // One slot: `slow` fails the run first; `quick` then fails, the note is written, and the effects
    // get their slots only after it.
    const oneSlot = (extra?: string) => async (op: Operator<In, unknown>) => {
      const s = op as Member;
      const failed = s.slow.invoke({ query: "q" });
      failed.catch(() => {});
      void (async () => {
        await failed.catch(() => {});
        await s.quick.invoke({ query: "q" }).catch(() => s.note("caught"));
        await s.e1.invoke({ query: "q" });
        await s.e2.invoke({ query: "q" });
        if (extra) s.note(extra);
      })();
      return failed;
    };
    const bounded = [{ input: { query: "q" }, options: { maxConcurrency: 1 } }];
    const same = await compareWithEager(make, bounded, { run: oneSlot() });
    expect(same.compiled[0]!.after.filter((r) => r.effects).map(describeCall)).toEqual(['note "caught"', "e1 {\"query\":\"q\"}", "e2 {\"query\":\"q\"}"]);
    expect(same.differences).toEqual([]);
    const other = await compareWithEager(make, bounded, { run: oneSlot("stray") });
    expect(other.differences).toEqual([expect.stringContaining("calls started after the run settled that eager does not make then")]);
  });

  it("under a bound, allows a line eager's left-running member writes after the run to come during it, and no other", async () => {
    // One slot: the schedule runs `slow` to its end (its line written) before `fail` is reached.
    const oneAtATime = (line: string) => async (op: Operator<In, unknown>) => {
      const s = op as Caught;
      await s.slow.invoke({ query: "q" });
      console.log(line);
      return s.fail.invoke({ query: "q" }).then(
        () => "done",
        () => "caught",
      );
    };
    const bounded = [{ input: { query: "q" }, options: { scheduler: "sequential" as const } }];
    const same = await compareWithEager(make, bounded, { run: oneAtATime("member done"), console: true });
    expect(same.eager[0]!.console).toEqual([]);
    expect(same.compiled[0]!.console).toEqual(["log: member done"]);
    expect(same.differences).toEqual([]);
    const other = await compareWithEager(make, bounded, { run: oneAtATime("something else"), console: true });
    expect(other.differences).toEqual([expect.stringContaining("console differs")]);
  });
});
