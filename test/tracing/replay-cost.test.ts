/**
 * What a replay does besides the calls themselves, counted (never timed): a replay user code
 * started runs its first statements at once, as eager does; early calls of nested
 * jitted operators are all dispatched before any `forward` starts its bookkeeping; a replayed
 * call creates a bounded number of promises (each one pays Node's async-context hooks); and the
 * input of a call answered early, described only when a plan is relearned, is described exactly
 * as it would have been at the call.
 */
import { createHook } from "node:async_hooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Operator, getJitStats, jit } from "xcs-jit";
import { deepEqual } from "../../runtime/tracing/deep-equal.js";
import { describeInput, equalsPrediction, predictInput, type InputTemplate } from "../../runtime/tracing/input-template.js";
import { ProvenanceIndex, RUN_INPUT } from "../../runtime/tracing/provenance.js";
import type { TraceRecord } from "../../runtime/tracing/trace-record.js";
import { TracerContext, type CallServer } from "../../runtime/tracing/tracer-context.js";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { EffectfulFakeOperator, FakeOperator, fakeLeaves } from "../support/fake-operators.js";
import { Ensemble } from "../support/scenarios.js";

type Query = { query: string };

describe("replay order", () => {
  it("a replay that user code started runs forward's first statements at once, before the caller's next ones, as eager does", async () => {
    const log = new CallLog(new LogicalClock());
    const audit = new EffectfulFakeOperator(log, { name: "audit", latency: 1 });
    const other = new EffectfulFakeOperator(log, { name: "other", latency: 1 });
    const answer = new FakeOperator(log, { name: "answer", latency: 2 });
    class Audited extends Operator<Query, unknown> {
      async forward(inputs: Query) {
        const audited = audit.invoke({ query: `audit ${inputs.query}` });
        const result = await answer.invoke(inputs);
        await audited;
        return result;
      }
    }
    jit(Audited);
    const op = new Audited();
    // The first call traces, the later ones replay (with early calls); every one keeps eager's order.
    for (const query of ["a", "b", "c"]) {
      const from = log.records.length;
      await log.clock.run(() => Promise.all([op.invoke({ query }), other.invoke({ query })]));
      expect(log.records.slice(from).filter((r) => r.effects).map((r) => r.name), query).toEqual(["audit", "other"]);
    }
    expect(getJitStats(op).lastRun?.kind).toBe("replay");
  });

  it("dispatches every early call, nested jitted operators' included, before any forward starts", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log);
    let runStart = 0;
    const leavesStartedAtForward: number[] = [];
    class Probe extends Ensemble {
      override async forward(inputs: Query) {
        leavesStartedAtForward.push(log.records.length - runStart);
        return super.forward(inputs);
      }
    }
    jit(Probe);
    const branch = (b: number) => new Probe([0, 1, 2].map((i) => leaf(`b${b}.unit${i}`)), leaf(`b${b}.judge`));
    const op = new Probe([0, 1, 2].map(branch), leaf("judge"));
    const eager = new Ensemble(
      [0, 1, 2].map((b) => new Ensemble([0, 1, 2].map((i) => leaf(`b${b}.unit${i}`)), leaf(`b${b}.judge`))),
      leaf("judge"),
    );
    for (const query of ["first", "second"]) {
      const expected = await log.clock.run(eager.invoke({ query }));
      leavesStartedAtForward.length = 0;
      runStart = log.records.length;
      expect(await log.clock.run(op.invoke({ query }))).toEqual(expected);
    }
    // The replay: the outer forward and the three inner ones each start with all nine members
    // already running (the judges wait for their members).
    expect(leavesStartedAtForward).toEqual([9, 9, 9, 9]);
    expect(getJitStats(op).lastRun!.speculation.hits).toBe(4);
  });
});

/** Answers at once: the promises counted are the runtime's, not a clock's. */
class Instant extends Operator<{ query: string; candidates?: string[] }, { answer: string }> {
  constructor(readonly name: string) {
    super();
  }
  async forward({ query, candidates }: { query: string; candidates?: string[] }) {
    return { answer: `${this.name}(${query}${candidates ? `; ${candidates.join(", ")}` : ""})` };
  }
}

async function promisesMadeBy(run: () => Promise<unknown>): Promise<number> {
  let made = 0;
  const hook = createHook({ init: (_id, type) => void (type === "PROMISE" && made++) }).enable();
  try {
    await run();
  } finally {
    hook.disable();
  }
  return made;
}

describe("replay cost per call", () => {
  it("a replayed call makes a bounded number of promises", async () => {
    const width = 20;
    const make = () => new Ensemble(Array.from({ length: width }, (_, i) => new Instant(`unit${i}`)), new Instant("judge"));
    const eager = make();
    const eagerPromises = await promisesMadeBy(() => eager.forward({ query: "q" }));
    class Jitted extends Ensemble {}
    jit(Jitted);
    const op = new Jitted(eager.members, eager.judge);
    await op.invoke({ query: "first" });
    const replayPromises = await promisesMadeBy(() => op.invoke({ query: "second" }));
    expect(getJitStats(op).lastRun!.speculation.hits).toBe(width + 1);
    // Beyond eager's own (invoke, its await, forward, Promise.all's), a replayed call adds the
    // early run's invoke and its await, one reaction closing its scope, one in the tracer: 4.
    // (It was 9 when the scope, the tracer and the runner were `async` and each side had two reactions.)
    expect(replayPromises - eagerPromises).toBeLessThanOrEqual(4 * (width + 1) + 10);
  });
});

/** Serves the first call early, as speculation would, with the copy its early run was given. */
class ServeFirst implements CallServer {
  private copy: unknown;
  constructor(private readonly answer: unknown) {}
  serve(record: TraceRecord, runNow: () => Promise<unknown>): Promise<unknown> {
    if (record.position !== 0) return runNow();
    record.servedEarly = true;
    this.copy = structuredClone(record.inputs);
    return Promise.resolve(this.answer);
  }
  earlyInputOf(): { value: unknown } {
    return { value: this.copy };
  }
}

describe("inputs described late", () => {
  it("equal the description made at the call, even after the input changed and later outputs echo it", async () => {
    const echo = new (class Echo extends Operator<unknown, unknown> {
      async forward(inputs: unknown) {
        return { echoed: inputs };
      }
    })();
    const first = new Instant("first");
    const forward = async (run: Query) => {
      const shared = { query: run.query, list: ["a"] };
      const answer = await first.invoke(shared as Query);
      shared.list.push("changed after the call");
      // Its output holds the run's query again: not a place the first call could have read it.
      await echo.invoke({ again: run.query, answer });
      return answer;
    };
    const input = { query: "q" };
    const atTheCall = new TracerContext(input);
    await atTheCall.run(() => forward(input));
    const late = new TracerContext(input, new ServeFirst({ answer: "first(q)" }));
    await late.run(() => forward(input));
    expect(late.direct[0]!.servedEarly).toBe(true);
    const template = late.direct[0]!.inputTemplate!;
    expect(template).toEqual(atTheCall.direct[0]!.inputTemplate);
    expect(sourcesIn(template)).toEqual([RUN_INPUT]);
    expect(late.direct[1]!.inputTemplate).toEqual(atTheCall.direct[1]!.inputTemplate);
  });
});

function sourcesIn(template: InputTemplate): number[] {
  if (template.kind === "leaf") return [...new Set(template.origins.map((o) => o.source))];
  const items = template.kind === "array" ? template.items.filter((i) => i !== undefined) : template.entries.map(([, i]) => i);
  return [...new Set(items.flatMap(sourcesIn))].sort();
}

function confirmed(template: InputTemplate): InputTemplate {
  if (template.kind === "leaf") return { ...template, confirmed: template.origins.length > 0 };
  if (template.kind === "array") return { ...template, items: template.items.map((item) => item && confirmed(item)) };
  return { ...template, entries: template.entries.map(([key, item]) => [key, confirmed(item)] as const) };
}

describe("equalsPrediction", () => {
  /**
   * A prediction of `value` read field by field from a run input equal to it. Its origins are
   * taken as confirmed (numbers found by value wait for a second trace otherwise): what is tested
   * here is the comparison, not when a leaf is trusted.
   */
  function predictionOf(value: unknown) {
    const index = new ProvenanceIndex();
    index.register(RUN_INPUT, value);
    const template = confirmed(describeInput(structuredClone(value), index));
    const predicted = predictInput(template, (source) => (source === RUN_INPUT ? { known: true, value } : { known: false }), true);
    return { template, predicted: predicted! };
  }

  it("agrees with deepEqual against the copy, for equal, changed and differently built inputs (fast-check)", () => {
    const changes: Array<(v: any) => unknown> = [
      (v) => v,
      (v) => structuredClone(v),
      (v) => (Array.isArray(v) ? [...v, 1] : v && typeof v === "object" ? { ...v, extra: 1 } : v),
      (v) => (Array.isArray(v) ? Object.assign([...v], { 0: "other" }) : v && typeof v === "object" ? Object.assign(Object.create(null), v) : -0),
      (v) => (Array.isArray(v) ? v.slice(1) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse()) : String(v)),
    ];
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(changes.length - 1), (value, change) => {
        const { template, predicted } = predictionOf(value);
        const actual = changes[change]!(structuredClone(value));
        expect(equalsPrediction(template, predicted.copy, actual)).toBe(deepEqual(predicted.copy, actual));
        expect(equalsPrediction(template, predicted.copy, predicted.value)).toBe(true);
      }),
    );
  });

  it("tells holes, getters and other prototypes apart as deepEqual does", () => {
    const { template, predicted } = predictionOf({ list: [1, 2, 3], at: { x: 1 } });
    const variants: unknown[] = [
      { list: [1, , 3], at: { x: 1 } },
      { list: [1, 2, 3], at: { get x() { return 1; } } },
      { list: [1, 2, 3], at: Object.assign(Object.create({}), { x: 1 }) },
      { list: Object.assign([1, 2, 3], { named: true }), at: { x: 1 } },
      Object.assign(Object.create(null), { list: [1, 2, 3], at: { x: 1 } }),
    ];
    for (const actual of variants) expect(equalsPrediction(template, predicted.copy, actual)).toBe(deepEqual(predicted.copy, actual));
  });
});
