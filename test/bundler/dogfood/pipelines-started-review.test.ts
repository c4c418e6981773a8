// A review's programs of pipelines-started-review.ts against eager `forward` (first and later runs,
// `sequential`, `maxConcurrency: 1`): calls started without `await`.
import { describe, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, StampingFakeOperator, type CallLog } from "../../support/index.js";
import { check, join, model, ranker } from "./pipeline-check.js";
import * as A from "./pipelines-started-review.js";

type Ask = { query: string };
type Reply = { answer: string };

const stamp = (log: CallLog) => new StampingFakeOperator<Ask, Reply>(log, { name: "stamp", latency: 5, compute: (i) => ({ answer: i.query }) });
const logger = (log: CallLog, latency = 1) => new EffectfulFakeOperator<Ask, Reply>(log, { name: "logger", latency, compute: (i) => ({ answer: i.query }) });
/** Pure; fails when the query is `z` (always, for A5) or contains `rr`. */
const flaky = (log: CallLog, latency = 1) =>
  new FakeOperator<Ask, Reply>(log, {
    name: "flaky",
    latency,
    compute: (i) => ({ answer: `flaky(${i.query})` }),
    fail: (i) => (i.query === "z" || i.query.includes("rr") ? new Error(`flaky down on ${i.query}`) : undefined),
  });

describe("a review of calls started without await, against eager", () => {
  it("A1: a read after the moment ended, while the started effect still runs", async () => {
    await check((log) => ({ op: new A.ReadAfterMomentWhileRunning(ranker(log), model(log)) }));
  });
  it("A2: a second effect given the same request after the moment, while the first still runs", async () => {
    await check((log) => ({ op: new A.EffectAfterMomentSameObject(stamp(log), model(log), logger(log)) }));
  });
  it("A3: started calls in a build-time loop", async () => {
    await check((log) => ({ op: new A.StartedInLoop([ranker(log, "r1"), ranker(log, "r2")], model(log)) }));
  });
  it("A4: started call in a static if (true)", async () => {
    await check((log) => ({ op: new A.StartedInIf(ranker(log), model(log), true) }));
  });
  it("A4b: started call in a static if (false)", async () => {
    await check((log) => ({ op: new A.StartedInIf(ranker(log), model(log), false) }));
  });
  it("A5: started effect, an awaited call that fails and is caught", async () => {
    await check((log) => ({ op: new A.StartedThenCaught(ranker(log), flaky(log), model(log)) }));
  });
  it("A6: started effect, an awaited sibling that fails uncaught", async () => {
    await check((log) => ({ op: new A.StartedSiblingFails(ranker(log), flaky(log)) }));
  });
  it("A7: await p twice", async () => {
    await check((log) => ({ op: new A.AwaitTwice(ranker(log), model(log)) }));
  });
  it("A8: await of started calls in a template and an object literal", async () => {
    await check((log) => ({ op: new A.AwaitInTemplate(ranker(log), model(log)) }));
  });
  it("A9: Promise.all over a started promise and a new call", async () => {
    await check((log) => ({ op: new A.AllMixed(ranker(log), model(log)) }));
  });
  it("A10: let p reassigned to a started effect", async () => {
    await check((log) => ({ op: new A.ReassignedLet(ranker(log), model(log)) }));
  });
  it("A11: started effect held in an object literal field", async () => {
    await check((log) => ({ op: new A.StartedInObjectField(ranker(log), model(log)) }));
  });
  it("A12: optionally chained started effect", async () => {
    await check((log) => ({ op: new A.OptionalStarted(ranker(log), model(log)) }));
  });
  it("A13: started effects made by a .map callback", async () => {
    await check((log) => ({ op: new A.MapStarted(ranker(log), model(log)) }));
  });
  it("A14: started effect then console.log of what it was given", async () => {
    await check((log) => ({ op: new A.StartedThenConsole(ranker(log), model(log)) }));
  });
  it("A15: two started effects given different objects", async () => {
    await check((log) => ({ op: new A.TwoStartedEffects(ranker(log), ranker(log, "ranker2"), model(log)) }));
  });
  it("A16: started nested structural operator that starts its own effect", async () => {
    await check((log) => {
      const inner = new A.InnerStarts(ranker(log), model(log, "inner"));
      return { op: new A.OuterStartsInner(inner, model(log)), nested: [inner] };
    });
  });
  it("A17: started pure call, then an awaited effect sorting what it was given", async () => {
    await check((log) => ({ op: new A.StartedPureThenEffect(join(log), ranker(log)) }));
  });
  it("A18: dropped effect, then an awaited sibling that fails", async () => {
    await check((log) => ({ op: new A.DroppedThenFails(logger(log, 3), flaky(log)) }));
  });
  it("A19: await p inside a loop over members", async () => {
    await check((log) => ({ op: new A.AwaitInLoop(ranker(log), [model(log, "m1"), model(log, "m2", 3)]) }));
  });
  it("A20: a started effect aliased, the alias awaited", async () => {
    await check((log) => ({ op: new A.AliasAwaited(ranker(log), model(log)) }));
  });
});

describe("a review of calls started without await: what runs on after a moment ends", () => {
  it("B2: started effect, then an inlined pure operator whose second step reads the list", async () => {
    await check((log) => {
      const peek = new A.PeekTwice(model(log, "peek"));
      return { op: new A.StartedThenInlinedReader(ranker(log), peek), nested: [peek] };
    });
  });
  it("B3: members drop started effects; a read after the Promise.all", async () => {
    await check((log) => ({ op: new A.DroppedInMembers(ranker(log), model(log)) }));
  });
  it("B4: a nested operator returns while its dropped effect runs; the caller reads", async () => {
    await check((log) => {
      const inner = new A.InnerDrops(ranker(log), model(log, "inner"));
      return { op: new A.OuterAfterInnerDrops(inner, model(log)), nested: [inner] };
    });
  });
  it("B5: forward returns a read of what a dropped effect was given", async () => {
    await check((log) => ({ op: new A.ReturnWhileStarted(ranker(log)) }));
  });
  it("B5b: the same after an awaited call", async () => {
    await check((log) => ({ op: new A.ReturnAfterMoment(ranker(log), model(log)) }));
  });
  it("B9: host code starts an effect, then awaits a pure structural operator and a pure leaf given the list", async () => {
    await check((log) => {
      const joinOp = new A.JoinOp(join(log, "joinOp"));
      return { op: new A.HostStartsThenStructural(ranker(log), joinOp, join(log)), nested: [joinOp] };
    });
  });
});

/** Declares effects; pushes onto the bag it is given when its call ends (2 ticks). */
const tagger = (log: CallLog) =>
  new EffectfulFakeOperator<A.WithBag, Reply>(log, { name: "tagger", latency: 2, compute: (i) => (i.bag.items.push("tag"), { answer: i.bag.items.join(",") }) });
/** Pure; counts the bag's items. */
const counter = (log: CallLog) => new FakeOperator<A.WithBag, Reply>(log, { name: "counter", compute: (i) => ({ answer: `count ${i.bag.items.length}` }) });

describe("a review of calls started without await: more forms", () => {
  it("C2: a read after the moment ended, in compiled members, while the started effect runs", async () => {
    await check((log) => ({ op: new A.ReadAfterMomentInMembers(ranker(log), model(log)) }));
  });
  it("C3: a Promise.all straight in the moment over the started promise and a reader", async () => {
    await check((log) => ({ op: new A.AllInMoment(ranker(log), model(log)) }));
  });
  it("C10: a started pure call that fails, awaited first; a started effect beside it", async () => {
    await check((log) => ({ op: new A.StartedFailsFirst(flaky(log, 2), logger(log, 1)) }));
  });
  it("C16: a started effect chosen by a static conditional", async () => {
    await check((log) => ({ op: new A.ConditionalStarted(ranker(log), ranker(log, "ranker2"), model(log), true) }));
  });
  it("S1: started effect, then host code changing what it was given, in the moment", async () => {
    await check((log) => ({ op: new A.StartedThenHostPush(ranker(log), model(log)) }));
  });
  it("C17: host code starts an effect that pushes into a class instance a pure call waiting for a slot was given", async () => {
    await check((log) => ({ op: new A.HostBagReader(tagger(log), counter(log), true) }));
  });
  it("C17b: host code starts an effect that pushes into a plain object a pure call waiting for a slot was given", async () => {
    await check((log) => ({ op: new A.HostBagReader(tagger(log), counter(log), false) }));
  });
});
