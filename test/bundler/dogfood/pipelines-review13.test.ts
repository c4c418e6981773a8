// A review's ordinary pipelines of pipelines-review13.ts against eager `forward` (first and later
// runs, `sequential`, `maxConcurrency: 1`).
import { describe, expect, it } from "vitest";
import { explain, type Operator } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, StampingFakeOperator } from "../../support/index.js";
import { check, model, ranker } from "./pipeline-check.js";
import * as A from "./pipelines-review13.js";

type Ask = { query: string };
type Reply = { answer: string };

/** Pure; fails on the query `down` (by default `q`: runs 1 and 3). */
const flaky = (log: CallLog, latency = 2, down = "q") =>
  new FakeOperator<Ask, Reply>(log, {
    name: "flaky",
    latency,
    compute: (i) => ({ answer: `flaky(${i.query})` }),
    fail: (i) => (i.query === down ? new Error(`flaky down on ${i.query}`) : undefined),
  });

describe("a review of ordinary pipelines: a started call's promise used as a promise", () => {
  it("a try around its await", async () => {
    await check((log) => ({ op: new A.TryAround(flaky(log)) }));
  });
  it(".catch on it", async () => {
    await check((log) => ({ op: new A.CatchMethod(flaky(log)) }));
  });
  it(".then on it, after an awaited call", async () => {
    await check((log) => ({ op: new A.ThenMethod(model(log, "a", 2), model(log, "b")) }));
  });
  it("Promise.allSettled of started calls", async () => {
    await check((log) => ({ op: new A.Settled(flaky(log), model(log, "b")) }));
  });
  it("a Promise.all bound to a name, awaited in a try after another call", async () => {
    // It fails on run 2 only (unbounded), after the planner answered: eager's `try` holds the
    // promise by then. (Under a bound, eager's planner waits behind the retrieval: the failure would
    // come first, a rejection nothing handles yet.)
    await check((log) => ({ op: new A.CatchStartedAll([model(log, "r1", 3), flaky(log, 5, "rr")], model(log, "plan", 2)) }));
  });
  it("started calls a for...of awaits one by one (in the graph)", async () => {
    await check((log) => ({ op: new A.AwaitEachStore([model(log, "a", 2), model(log, "b")], new EffectfulFakeOperator<Ask, Reply>(log, { name: "store", compute: (i) => ({ answer: i.query }) })) }));
  });
  it("started calls a for...of awaits each in its own try", async () => {
    // `a` answers first: the loop's `try` holds the failing promise before it rejects (eager leaves none unhandled).
    await check((log) => ({ op: new A.AwaitEachTry([model(log, "a", 1), flaky(log)]) }));
  });
  it("awaited only: still a node of the graph", async () => {
    await check((log) => ({ op: new A.AwaitedOnly(model(log, "a", 2), model(log, "b")) }));
  });
});

describe("a review of ordinary pipelines: module state forward changes", () => {
  it("a module-level list pushed onto, its length read in a prompt and the result", async () => {
    await check((log) => (A.resetModuleState(), { op: new A.ModuleLength(model(log, "m")) }));
  });
  it("a module-level counter bumped, read in the result", async () => {
    await check((log) => (A.resetModuleState(), { op: new A.ModuleUsage(model(log, "m")) }));
  });
});

describe("a review of ordinary pipelines: host code of one moment that changes what a call beside it is given", () => {
  it("a nested operator trimming its input in place, beside a call given the same request", async () => {
    await check((log) => {
      const norm = new A.TrimInPlace();
      return { op: new A.NormBesideLeaf(norm, model(log, "e")), nested: [norm] };
    });
  });
});

describe("a review of ordinary pipelines: one object given to a nested operator that reads it after an await", () => {
  const stamp = (log: CallLog) => new StampingFakeOperator<Ask, Reply>(log, { name: "stamp", latency: 1, compute: (i) => ({ answer: `s(${i.query})` }) });

  it("the request edited while the nested call runs: forward runs as written", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e"));
      return { op: new A.EditWhileRunning(echo), nested: [echo] };
    }, "traced");
    const log = new CallLog(new LogicalClock());
    const op = new A.EditWhileRunning(new A.Echo(model(log, "e")));
    expect(explain(op).diagnostics.join("\n")).toMatch(/changed before the call was awaited.*runs its forward as written/);
  });
  it("the request reused for the next call while the first runs", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      return { op: new A.ReuseRequest(echo, model(log, "m")), nested: [echo] };
    }, "traced");
  });
  it("the request edited after the nested call was awaited: compiled", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      return { op: new A.EditAfterAwait(echo, model(log, "m")), nested: [echo] };
    });
  });
  it("a list given to a nested reader and to a ranker sorting it, in one Promise.all", async () => {
    await check((log) => {
      const reader = new A.ListReader(model(log, "m", 3));
      return { op: new A.ReaderBesideRanker(reader, ranker(log)), nested: [reader] };
    });
  });
  it("a nested reader, then a nested trim in place", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      const norm = new A.TrimInPlace();
      return { op: new A.ReaderThenChange(echo, norm), nested: [echo, norm] };
    });
  });
  it("a nested reader whose call answers at once, then a nested trim in place", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 0));
      const norm = new A.TrimInPlace();
      return { op: new A.ReaderThenChange(echo, norm), nested: [echo, norm] };
    });
  });
  it("a nested reader, then a leaf stamping the request (declaring effects)", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      return { op: new A.ReaderThenChange(echo, stamp(log)), nested: [echo] };
    });
  });
});

describe("a review of ordinary pipelines: state on the operator that a sub-operator declaring effects changes", () => {
  const remember = (log: CallLog) =>
    new EffectfulFakeOperator<A.Remember, Reply>(log, { name: "remember", compute: (i) => (i.memory.push(i.add), { answer: "ok" }) });

  it("a loop over it: forward runs as written", async () => {
    await check((log) => ({ op: new A.LoopOverMemory(model(log, "m"), remember(log)) }), "traced");
    const op = new A.LoopOverMemory(model(new CallLog(new LogicalClock()), "m"), remember(new CallLog(new LogicalClock())));
    expect(explain(op).diagnostics.join("\n")).toMatch(/form depends on memory of LoopOverMemory.*runs its forward as written/);
  });
  it("kept by a nested operator beside a call that fails: left running, under every bound", async () => {
    await check((log) => {
      const keeper = new A.KeepsFirst(remember(log));
      return { op: new A.BesideFailing(flaky(log, 3), keeper), nested: [keeper] };
    });
  });
  it("a loop over it, given only to operators without effects: unrolled", async () => {
    await check((log) => ({ op: new A.LoopOverMemory(model(log, "m"), model(log, "remember") as never) }));
  });
});

describe("a review of the state reads (session 14)", () => {
  const remember = (log: CallLog, name = "remember") =>
    new EffectfulFakeOperator<A.Remember, Reply>(log, { name, compute: (i) => (i.memory.push(i.add), { answer: "ok" }) });
  const tally = (log: CallLog) => new EffectfulFakeOperator<A.Tally, Reply>(log, { name: "tally", compute: (i) => (i.stats.calls++, { answer: "ok" }) });
  const judge = (log: CallLog, name: string) =>
    new FakeOperator<{ rubric: string[]; answer: string }, Reply>(log, { name, compute: (i) => ({ answer: `${name}(${i.rubric.join("+")}:${i.answer})` }) });
  /** The mode and the host nodes of an instance's graph: a static panel has none. */
  const hosts = (op: Operator<any, any>) => {
    const e = explain(op);
    return { mode: e.mode, hosts: e.graph?.nodes.filter((n) => n.kind === "host").map((n) => n.label) ?? [] };
  };
  const fresh = () => new CallLog(new LogicalClock());

  it("a length read before the effect that pushes, and after it", async () => {
    await check((log) => ({ op: new A.BeforeAfterLength(remember(log)) }));
  });
  it("a counter read before the effect that bumps it, and after it", async () => {
    await check((log) => ({ op: new A.BeforeAfterCounter(tally(log)) }));
  });
  it("a store's items read before its call, and after it", async () => {
    await check(() => ({ op: new A.StoreBeforeAfter(new A.Store()) }));
  });
  it("the memory given through a local name", async () => {
    await check((log) => ({ op: new A.AliasGiven(model(log, "m"), remember(log)) }));
  });
  it("a rubric given to judges a loop picks from this.judges: static", async () => {
    await check((log) => ({ op: new A.JudgesLoop([judge(log, "j1"), judge(log, "j2")]) }));
    expect(hosts(new A.JudgesLoop([judge(fresh(), "j1"), judge(fresh(), "j2")]))).toEqual({ mode: "structural", hosts: [] });
  });
  it("a rubric given to judges a fan-out maps over, and looped over: static", async () => {
    await check((log) => ({ op: new A.JudgesFanOut([judge(log, "j1"), judge(log, "j2")], model(log, "m")) }));
    expect(hosts(new A.JudgesFanOut([judge(fresh(), "j1"), judge(fresh(), "j2")], model(fresh(), "m")))).toEqual({ mode: "structural", hosts: [] });
  });
  it("a rubric given to a judge picked by key: static", async () => {
    await check((log) => ({ op: new A.JudgesByName({ main: judge(log, "j1") }) }));
    expect(hosts(new A.JudgesByName({ main: judge(fresh(), "j1") }))).toEqual({ mode: "structural", hosts: [] });
  });
  it("one alias name for two fields in two blocks", async () => {
    await check((log) => ({ op: new A.AliasTwoBranches(remember(log)) }));
  });
  it("a let alias assigned another field", async () => {
    await check((log) => ({ op: new A.LetAlias(remember(log)) }));
  });
  it("a name inside a loop's body shadowing the loop's variable", async () => {
    await check((log) => ({ op: new A.ShadowInLoop([new FakeOperator<A.Remember, Reply>(log, { name: "j1", compute: (i) => ({ answer: `j1(${i.memory.join("+")}:${i.add})` }) })], remember(log, "writer")) }));
  });
  it("a local literal's name reused for a field never given away: static", async () => {
    await check((log) => ({ op: new A.AliasNameReused(ranker(log)) }));
    expect(hosts(new A.AliasNameReused(ranker(fresh())))).toEqual({ mode: "structural", hosts: [] });
  });
  it("a read, a log line and another effect, then the effect given the field", async () => {
    await check((log) => ({ op: new A.AuditBetween(new EffectfulFakeOperator<Ask, Reply>(log, { name: "audit", compute: (i) => ({ answer: i.query }) }), remember(log)) }));
  });
  it("a read of one store across another store's call", async () => {
    await check(() => ({ op: new A.TwoStores(new A.Store(), new A.Store()) }));
  });
  it("a string method given a replacer that counts: run on each call", async () => {
    await check(() => ((A.replaced.n = 0), { op: new A.CountingReplace() }));
  });
  it("given to a nested compiled operator that passes it on to an effect", async () => {
    await check((log) => {
      const keeper = new A.PassesOn(remember(log));
      return { op: new A.NestedKeeperBeforeAfter(keeper), nested: [keeper] };
    });
  });
  it("a nested compiled operator's own state, read by its caller after its call", async () => {
    await check((log) => {
      const keeper = new A.KeepsFirst(remember(log));
      return { op: new A.ParentReadsKeeper(keeper), nested: [keeper] };
    });
  });
  it("a let alias given a field by a destructuring assignment", async () => {
    await check((log) => ({ op: new A.PatternAssignedAlias(remember(log)) }));
  });
  it("an element read while a ranker given the list runs, and again after it answered", async () => {
    await check((log) => ({ op: new A.ReadWhileRanking(ranker(log)) }));
  });
  it("a spread request edited while a nested reader given it runs", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      return { op: new A.EditSpreadWhileRunning(echo), nested: [echo] };
    });
  });
  it("a request a helper edits while a nested reader given it runs", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      return { op: new A.HelperEditWhileRunning(echo), nested: [echo] };
    });
  });
  it("a list host code pushes a run-time-chosen operator's answers onto: one list per run", async () => {
    const judge = (log: CallLog) => new FakeOperator<A.Remember, Reply>(log, { name: "j1", compute: (i) => ({ answer: `j1(${i.memory.join("+")}:${i.add})` }) });
    const writer = (log: CallLog) => new EffectfulFakeOperator<A.Remember, Reply>(log, { name: "writer", compute: (i) => (i.memory.push(i.add), { answer: "ok" }) });
    await check((log) => ({ op: new A.LoopVarReassigned([judge(log)], writer(log)) }));
  });
  it("a nested reader beside a trim in a group nested at the start of another member", async () => {
    await check((log) => {
      const echo = new A.Echo(model(log, "e", 2));
      const trim = new A.TrimInPlace();
      const tm = new A.TrimAndAsk(trim, model(log, "m", 1));
      return { op: new A.EchoBesideNestedGroup(echo, tm), nested: [echo, trim, tm] };
    });
  });
});
