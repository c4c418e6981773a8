import { describe, expect, it } from "vitest";
import { executionOptions, explain, failedNodeOf, structuralJit } from "xcs-jit";
import { CallLog, expectSameAsEager, FakeOperator, fakeLeaves, LogicalClock } from "../support/index.js";
import { buildsOf, Ensemble, question } from "./ensemble.js";

@structuralJit
class Wide extends Ensemble {}

@structuralJit({ strategy: "sequential" })
class SequentialByDefault extends Ensemble {}

@structuralJit({ maxConcurrency: 3 })
class BoundedByDefault extends Ensemble {}

/** Members are added at run time; the state signature tells the runtime the graph is stale. */
@structuralJit
class Growing extends Ensemble {
  stateSignature() {
    return this.members.length;
  }
}

function setUp() {
  const clock = new LogicalClock();
  return { clock, log: new CallLog(clock) };
}

describe("@structuralJit with a structure", () => {
  it("runs the graph: eager forward's result, with every member in flight at once", async () => {
    const made: Wide[] = [];
    const make = () => {
      const { log } = setUp();
      const op = new Wide(log, 6);
      made.push(op);
      return { op, log };
    };
    const { eager, compiled } = await expectSameAsEager(make, question);
    expect(compiled.peak).toBe(6);
    expect(compiled.makespan).toBe(2);
    expect(compiled.log.started()).toEqual(eager.log.started());
    expect(made.map(buildsOf)).toEqual([0, 1]);
  });

  it("builds the graph once per instance", async () => {
    const { clock, log } = setUp();
    const first = new Wide(log, 3);
    const second = new Wide(log, 3);
    for (const query of ["a", "b", "c"]) await clock.run(first.invoke({ query }));
    await clock.run(second.invoke(question));
    expect(buildsOf(first)).toBe(1);
    expect(buildsOf(second)).toBe(1);
  });

  it("rebuilds when the state signature changes, and runs the new graph", async () => {
    const { clock, log } = setUp();
    const op = new Growing(log, 2);
    await clock.run(op.invoke(question));
    await clock.run(op.invoke(question));
    expect(buildsOf(op)).toBe(1);

    op.members.push(fakeLeaves(log)("late"));
    const result = await clock.run(op.invoke(question));
    expect(buildsOf(op)).toBe(2);
    expect(result.answer).toBe("judge(sky; member0(sky), member1(sky), late(sky))");

    await clock.run(op.invoke(question));
    expect(buildsOf(op)).toBe(2);
  });

  it("rebuilds when the state signature of an inlined operator changes", async () => {
    const { clock, log } = setUp();
    const branch = new Growing(log, 1);
    const outer = new Wide(log, 1);
    outer.members.push(branch);
    await clock.run(outer.invoke(question));
    expect(buildsOf(outer)).toBe(1);

    branch.members.push(fakeLeaves(log)("late"));
    const result = await clock.run(outer.invoke(question));
    expect(buildsOf(outer)).toBe(2);
    expect(result.answer).toBe("judge(sky; member0(sky), judge(sky; member0(sky), late(sky)))");
  });

  it("fails with eager's error, wrapped with the node that raised it", async () => {
    const boom = new Error("member1 is down");
    const withFailingMember = (log: CallLog) => {
      const op = new Wide(log, 3);
      op.members[1] = new FakeOperator(log, { name: "member1", fail: () => boom });
      return op;
    };
    const eager = setUp();
    const eagerError = await eager.clock.run(withFailingMember(eager.log).forward(question)).catch((e: unknown) => e);
    expect(eagerError).toBe(boom);

    const { clock, log } = setUp();
    const error = await clock.run(withFailingMember(log).invoke(question)).catch((e: unknown) => e);
    expect(error).toBe(eagerError);
    expect(failedNodeOf(error)).toEqual({ node: "members.1", operator: "member1" });
    expect(log.started()).not.toContain("judge");
  });
});

describe("options precedence: per call > executionOptions > decorator > auto", () => {
  async function peakOf(log: CallLog, clock: LogicalClock, run: () => Promise<unknown>) {
    await clock.run(run);
    return log.peak;
  }

  it("uses the decorator's strategy and bound when nothing overrides them", async () => {
    const a = setUp();
    const sequential = new SequentialByDefault(a.log, 5);
    expect(await peakOf(a.log, a.clock, () => sequential.invoke(question))).toBe(1);
    const b = setUp();
    const bounded = new BoundedByDefault(b.log, 5);
    expect(await peakOf(b.log, b.clock, () => bounded.invoke(question))).toBe(3);
  });

  it("lets executionOptions override the decorator", async () => {
    const { clock, log } = setUp();
    const op = new SequentialByDefault(log, 5);
    const peak = await peakOf(log, clock, () => executionOptions({ scheduler: "parallel" }, () => op.invoke(question)));
    expect(peak).toBe(5);
  });

  it("lets per-call options override executionOptions", async () => {
    const { clock, log } = setUp();
    const op = new BoundedByDefault(log, 5);
    const peak = await peakOf(log, clock, () =>
      executionOptions({ scheduler: "sequential" }, () => op.invoke(question, { scheduler: "parallel", maxConcurrency: 2 })),
    );
    expect(peak).toBe(2);
  });

  it("lets an Infinity bound in scope lift the decorator's bound", async () => {
    const { clock, log } = setUp();
    const op = new BoundedByDefault(log, 5);
    const peak = await peakOf(log, clock, () =>
      executionOptions({ maxConcurrency: Infinity, scheduler: "parallel" }, () => op.invoke(question)),
    );
    expect(peak).toBe(5);
  });

  it("keeps two concurrent requests' options apart", async () => {
    const clock = new LogicalClock();
    const slowLog = new CallLog(clock);
    const fastLog = new CallLog(clock);
    const slow = new Wide(slowLog, 4);
    const fast = new Wide(fastLog, 4);
    const finished: Record<string, number> = {};
    const request = (name: string, op: Wide, options: Parameters<typeof executionOptions>[0]) =>
      executionOptions(options, async () => {
        const result = await op.invoke(question);
        finished[name] = clock.now;
        return result;
      });
    const [a, b] = await clock.run(() =>
      Promise.all([request("slow", slow, { scheduler: "sequential" }), request("fast", fast, { scheduler: "parallel" })]),
    );
    expect(a).toEqual(b);
    expect(slowLog.peak).toBe(1);
    expect(fastLog.peak).toBe(4);
    expect(finished).toEqual({ slow: 5, fast: 2 });
  });

  it("rejects invalid per-call options before running anything", async () => {
    const { clock, log } = setUp();
    const op = new Wide(log, 2);
    await expect(clock.run(op.invoke(question, { maxConcurrency: 2.5 }))).rejects.toThrow(
      'invoke: invalid option "maxConcurrency": expected a positive integer or Infinity, got 2.5',
    );
    expect(log.records).toEqual([]);
    expect(explain(op).mode).toBe("structural");
  });
});
