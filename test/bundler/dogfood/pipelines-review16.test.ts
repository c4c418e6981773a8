// Programs a review of ordinary pipelines wrote (session 16) that differed from eager `forward`,
// each mended (docs/decisions.md, "Open: a review of ordinary pipelines").
import { describe, expect, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, type CallLog, type RunSpec } from "../../support/index.js";
import { check, model } from "./pipeline-check.js";
import * as Z from "./pipelines-review16.js";

type Ask = { query: string };
type Reply = { answer: string };

const runsOf = (rows: readonly (readonly [string, RunSpec<Ask>["options"]])[]): RunSpec<Ask>[] => rows.map(([query, options]) => ({ input: { query }, options }));
/** The query the guard refuses, then one it lets through, under each scheduler and bound. */
const guarded = runsOf([["q", { scheduler: "sequential" }], ["rr", { scheduler: "sequential" }], ["q", undefined], ["q", { maxConcurrency: 1 }], ["rr", { maxConcurrency: 1 }]]);
const save = (log: CallLog) => new EffectfulFakeOperator<Ask, Reply>(log, { name: "save", compute: (i) => ({ answer: `save(${i.query})` }) });
const remember = (log: CallLog, name = "remember") =>
  new EffectfulFakeOperator<Z.Remember, Reply>(log, { name, compute: (i) => (i.memory.push(i.add), { answer: `ok${i.memory.length}` }) });

describe("a nested operator's code at its start, one call at a time (sequential)", () => {
  it("a guard before the call that reads what a sibling's effect was given: the call waits for the guard, and is never made when it throws", async () => {
    await check((log) => {
      const v = new Z.Validate(model(log, "vm"));
      return { op: new Z.Pair(save(log), v), nested: [v] };
    }, "structural", undefined, guarded);
  });

  it("a guard that throws beside a call that fails: the guard's error, raised when the group starts, before the call answers", async () => {
    await check((log) => {
      const v = new Z.Validate(model(log, "vm"));
      const bad = new FakeOperator<Ask, Reply>(log, { name: "bad", latency: 0, fail: (i) => (i.query === "q" ? new Error(`bad down on ${i.query}`) : undefined) });
      return { op: new Z.Pair(bad, v), nested: [v] };
    }, "structural", undefined, guarded);
  });

  it("a read of the memory a sibling's effect keeps, at the nested operator's start, comes before that effect, as eager's does", async () => {
    await check((log) => {
      const memory: string[] = [];
      const w = new Z.MemWorker(memory, model(log, "m"), remember(log, "r2"));
      return { op: new Z.RememberBesideWorker(memory, remember(log), w), nested: [w] };
    }, "structural", undefined, runsOf([["q", { scheduler: "sequential" }], ["rr", { scheduler: "sequential" }], ["s", undefined], ["t", { maxConcurrency: 1 }]]));
  });
});


describe("what the comparison allows a traced class", () => {
  it("an early call its replay wasted where the loop returned sooner, which the JIT counts (as the generator's programs are allowed)", async () => {
    const result = await check((log) => ({ op: new Z.FirstGood([model(log, "a"), model(log, "b"), model(log, "c")], save(log)) }), "traced", undefined, runsOf([["q", undefined], ["rr", undefined], ["s", { maxConcurrency: 2 }], ["rr", undefined]]));
    expect(result.compiled.flatMap((run) => run.calls.map((c) => c.name))).toContain("b");
  });
});

describe("state a nested operator keeps in an array its parent holds too", () => {
  const runs = runsOf([["q", undefined], ["rr", undefined], ["s", { maxConcurrency: 1 }], ["t", { scheduler: "sequential" }], ["u", { maxConcurrency: 2 }]]);
  it("taken from an options object, or given to the worker inside an object of its own: read on each run", async () => {
    await check((log) => {
      const memory: string[] = [];
      const w = new Z.Keeper(memory, remember(log));
      return { op: new Z.OptsMemory({ memory, w }), nested: [w] };
    }, "structural", undefined, runs);
    await check((log) => {
      const op = new Z.WrapsForKeeper([], remember(log));
      return { op, nested: [op.w] };
    }, "structural", undefined, runs);
  });

  it("a sibling made with the same array reads what the keeper before it kept", async () => {
    await check((log) => {
      const memory: string[] = [];
      const k = new Z.Keeper(memory, remember(log));
      const r = new Z.MemReader(memory, model(log, "rm"));
      return { op: new Z.KeeperThenReader(k, r), nested: [k, r] };
    }, "structural", undefined, runs);
  });

  it("a guard on it beside the keeper: the graph's form depends on it, so both run as written, on each run", async () => {
    await check((log) => {
      const memory: string[] = [];
      const k = new Z.Keeper(memory, remember(log));
      const g = new Z.StateGuard(memory, model(log, "gm"));
      return { op: new Z.Duo(k, g), nested: [k, g] };
    }, "traced", undefined, runs);
  });

  it("read in a prompt of a call by itself beside the worker, one at a time: the prompt is made when the group starts", async () => {
    await check((log) => {
      const memory: string[] = [];
      const w = new Z.MemWorker(memory, model(log, "m"), remember(log));
      return { op: new Z.ReadBesideWorker(memory, w, model(log, "m2")), nested: [w] };
    }, "structural", undefined, runs);
  });

  it("two workers keeping into one array, one at a time: each reads it when the group starts, and each first call comes before either keeps", async () => {
    await check((log) => {
      const memory: string[] = [];
      const w1 = new Z.MemWorker(memory, model(log, "m1"), remember(log, "r1"));
      const w2 = new Z.MemWorker(memory, model(log, "m2"), remember(log, "r2"));
      return { op: new Z.Duo(w1, w2), nested: [w1, w2] };
    }, "structural", undefined, runs);
  });

  it("given by whoever made both: the parent's read of it is taken on each run, after the worker kept its answer", async () => {
    await check((log) => {
      const memory: string[] = [];
      const w = new Z.MemWorker(memory, model(log, "m"), remember(log));
      return { op: new Z.ReadsSharedField(memory, w), nested: [w] };
    }, "structural", undefined, runs);
  });

  it("the parent's own, given to the worker it makes: read before and after the worker's call, on each run", async () => {
    await check((log) => {
      const op = new Z.OwnsSharedMemory(model(log, "m"), remember(log));
      return { op, nested: [op.w] };
    }, "structural", undefined, runs);
  });
});

describe("a failure at the start of a group nested in a member", () => {
  it("a guard that throws first in the inner group: the run fails with its error, under every scheduler", async () => {
    await check((log) => {
      const guard = new Z.Validate(model(log, "gm"));
      const inner = new Z.Duo(guard, model(log, "m2"));
      return { op: new Z.Duo(model(log, "m1"), inner), nested: [guard, inner] };
    }, "structural", undefined, guarded);
  });
});
