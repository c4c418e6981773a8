// A review's ordinary pipelines of pipelines-review13.ts against eager `forward` (first and later
// runs, `sequential`, `maxConcurrency: 1`).
import { describe, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, type CallLog } from "../../support/index.js";
import { check, model } from "./pipeline-check.js";
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
