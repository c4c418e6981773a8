import { describe, expect, it } from "vitest";
import { executionOptions, explain, Operator, structuralJit, type ForwardContext } from "xcs-jit";
import { CallLog, Ensemble as StandardEnsemble, FakeOperator, fakeLeaves, LogicalClock } from "../support/index.js";
import { Ensemble, question } from "./ensemble.js";

@structuralJit
class Wide extends Ensemble {}

/** Decorated but never compiled: runs `forward` through the fallback. */
@structuralJit
class Uncompiled extends FakeOperator<{ query: string }, string> {}

@structuralJit
class InnerEnsemble extends StandardEnsemble {}

/** No structure of its own, so it is one call node whose `forward` runs another graph. */
class Delegate extends Operator<{ query: string }, Awaited<ReturnType<InnerEnsemble["forward"]>>> {
  constructor(readonly inner: InnerEnsemble) {
    super();
  }
  forward(inputs: { query: string }, ctx: ForwardContext) {
    return this.inner.invoke(inputs, { signal: ctx.signal });
  }
}

function setUp() {
  const clock = new LogicalClock();
  return { clock, log: new CallLog(clock) };
}

/** Aborts `controller` once the clock reaches `tick`. */
function abortAt(clock: LogicalClock, controller: AbortController, tick: number, reason: unknown): void {
  void clock.sleep(tick).then(() => controller.abort(reason));
}

describe("an outer signal aborts the whole run", () => {
  it("rejects with the reason and starts nothing when aborted before the run (per call)", async () => {
    const { clock, log } = setUp();
    const reason = new Error("cancelled");
    await expect(clock.run(new Wide(log, 3).invoke(question, { signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(log.records).toEqual([]);
  });

  it("rejects with the reason and starts nothing when aborted before the run (scoped)", async () => {
    const { clock, log } = setUp();
    const reason = new Error("request closed");
    const run = executionOptions({ signal: AbortSignal.abort(reason) }, () => new Wide(log, 3).invoke(question));
    await expect(clock.run(run)).rejects.toBe(reason);
    expect(log.records).toEqual([]);
  });

  it("aborts running nodes through ctx.signal and never starts the rest", async () => {
    const { clock, log } = setUp();
    const op = new Wide(log, 3);
    const controller = new AbortController();
    const reason = new Error("timeout");
    const run = clock.run(async () => {
      abortAt(clock, controller, 0, reason);
      return op.invoke(question, { signal: controller.signal });
    });
    await expect(run).rejects.toBe(reason);
    expect(log.records.map((r) => [r.name, r.outcome])).toEqual([
      ["member0", "aborted"],
      ["member1", "aborted"],
      ["member2", "aborted"],
    ]);
  });

  it("reaches the nodes of a nested operator that runs its own graph (not inlined)", async () => {
    const { clock, log } = setUp();
    const leaf = fakeLeaves(log);
    const inner = new Delegate(new InnerEnsemble([leaf("inner0"), leaf("inner1")], leaf("innerJudge")));
    const outer = new Wide(log, 2);
    outer.members.push(inner);
    const nested = explain(outer).graph!.nodes.find((n) => n.id === "members.2");
    expect(nested?.kind).toBe("call");
    const controller = new AbortController();
    const reason = new Error("timeout");
    const run = clock.run(async () => {
      abortAt(clock, controller, 0, reason);
      return outer.invoke(question, { signal: controller.signal });
    });
    await expect(run).rejects.toBe(reason);
    expect(log.records.map((r) => [r.name, r.outcome])).toEqual([
      ["member0", "aborted"],
      ["member1", "aborted"],
      ["inner0", "aborted"],
      ["inner1", "aborted"],
    ]);
  });

  it("aborts through a scoped signal too, and only the run in that scope", async () => {
    const clock = new LogicalClock();
    const abortedLog = new CallLog(clock);
    const keptLog = new CallLog(clock);
    const controller = new AbortController();
    const reason = new Error("client went away");
    const results = await clock.run(() => {
      const aborted = executionOptions({ signal: controller.signal }, () => new Wide(abortedLog, 3).invoke(question));
      const kept = executionOptions({ signal: new AbortController().signal }, () => new Wide(keptLog, 3).invoke(question));
      abortAt(clock, controller, 0, reason);
      return Promise.allSettled([aborted, kept]);
    });
    expect(results[0]).toEqual({ status: "rejected", reason });
    expect(results[1].status).toBe("fulfilled");
    expect(abortedLog.records.every((r) => r.outcome === "aborted")).toBe(true);
    expect(keptLog.records.every((r) => r.outcome === "ok")).toBe(true);
    expect(keptLog.started()).toContain("judge");
  });

  it("reaches forward's ctx.signal when the class falls back (no structure)", async () => {
    const { clock, log } = setUp();
    const controller = new AbortController();
    const reason = new Error("stop");
    const run = clock.run(async () => {
      abortAt(clock, controller, 2, reason);
      return new Uncompiled(log, { name: "uncompiled", latency: 5 }).invoke(question, { signal: controller.signal });
    });
    await expect(run).rejects.toBe(reason);
    expect(log.only("uncompiled")).toMatchObject({ outcome: "aborted", start: 0, end: 2 });
  });
});
