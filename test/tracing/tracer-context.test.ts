import { describe, expect, it } from "vitest";
import { Operator, TracerContext } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator, fakeLeaves } from "../support/fake-operators.js";

describe("TracerContext", () => {
  it("records every call with its parent, operator, inputs, outputs and times", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log);
    const a = leaf("a");
    const b = leaf("b");
    class Inner extends Operator<{ query: string }, { answer: string }> {
      async forward(inputs: { query: string }) {
        return b.invoke({ query: inputs.query + "!" });
      }
    }
    const inner = new Inner();
    const input = { query: "q" };
    const tracer = new TracerContext(input);
    const result = await log.clock.run(
      tracer.run(async () => {
        const first = await a.invoke({ query: input.query });
        return inner.invoke({ query: first.answer });
      }),
    );
    expect(result).toEqual({ answer: "b(a(q)!)" });
    expect(tracer.records.map((r) => [r.callId, r.operatorName, r.parentCallId, r.position])).toEqual([
      [0, "a", undefined, 0],
      [1, "Inner", undefined, 1],
      [2, "b", 1, undefined],
    ]);
    const [first, second, nested] = tracer.records;
    expect(first!.operator.deref()).toBe(a);
    expect(first!.operator).toBeInstanceOf(WeakRef);
    expect(first!.instanceId).not.toBe(second!.instanceId);
    expect(second!.outputs).toBe(result);
    expect(nested!.inputs).toEqual({ query: "a(q)!" });
    expect(tracer.direct).toEqual([first, second]);
    for (const r of tracer.records) expect(r.end).toBeGreaterThanOrEqual(r.start);
  });

  it("records an exception and re-throws the very same error", async () => {
    const log = new CallLog(new LogicalClock());
    const boom = new TypeError("boom");
    const failing = new FakeOperator(log, { name: "failing", fail: () => boom });
    const tracer = new TracerContext({});
    const caught = await log.clock.run(tracer.run(() => failing.invoke({}))).catch((e: unknown) => e);
    expect(caught).toBe(boom);
    expect(tracer.records[0]!.failed).toBe(true);
    expect(tracer.records[0]!.exception).toBe(boom);
  });

  it("keeps concurrent runs apart", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log);
    const ops = [leaf("x"), leaf("y")];
    const tracers = [new TracerContext({}), new TracerContext({})];
    await log.clock.run(
      Promise.all(
        tracers.map((tracer, i) =>
          tracer.run(async () => {
            for (let step = 0; step < 3; step++) await ops[i]!.invoke({ query: `${i}.${step}` });
          }),
        ),
      ),
    );
    expect(tracers[0]!.records.map((r) => r.operatorName)).toEqual(["x", "x", "x"]);
    expect(tracers[1]!.records.map((r) => r.operatorName)).toEqual(["y", "y", "y"]);
    expect(log.peak).toBe(2);
  });

  it("adds nothing to invoke once every trace has ended", async () => {
    const log = new CallLog(new LogicalClock());
    const x = fakeLeaves(log)("x");
    const tracer = new TracerContext({});
    await log.clock.run(tracer.run(() => x.invoke({ query: "inside" })));
    await log.clock.run(x.invoke({ query: "outside" }));
    expect(tracer.records).toHaveLength(1);
    const { invokeHook } = await import("../../runtime/dispatch.js");
    expect(invokeHook).toBeUndefined();
  });
});
