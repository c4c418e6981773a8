// Pipelines of pipelines-started.ts against eager `forward` (first and later runs, `sequential`,
// `maxConcurrency: 1`): calls started without `await`, and reads of what they were given.
import { describe, it } from "vitest";
import { EffectfulFakeOperator, FakeOperator, type CallLog } from "../../support/index.js";
import { check, model, ranker } from "./pipeline-check.js";
import * as S from "./pipelines-started.js";

type Ask = { query: string };

/** Declares effects; rewrites the query it is given after 5 ticks, and fails on `rr`. */
const stamp = (log: CallLog) =>
  new EffectfulFakeOperator<Ask, { answer: string }>(log, {
    name: "stamp",
    latency: 5,
    compute: (i) => ((i.query += "*"), { answer: i.query }),
    fail: (i) => (i.query === "rr" ? new Error("stamp down") : undefined),
  });
const logger = (log: CallLog) => new EffectfulFakeOperator<Ask, { answer: string }>(log, { name: "logger", compute: (i) => ({ answer: i.query }) });

describe("calls started without await, against eager", () => {
  it("H13c: a call made before any await reads the list the started ranker sorts later", async () => {
    await check((log) => ({ op: new S.UnawaitedThenRead(ranker(log), model(log)) }));
  });

  it("H13d: calls started in an array literal bound to a name, awaited with Promise.all", async () => {
    await check((log) => ({ op: new S.StartedArray(ranker(log), model(log)) }));
  });

  it("H13e: a call whose promise is dropped, then a call reading what it was given", async () => {
    await check((log) => ({ op: new S.DroppedThenRead(ranker(log), model(log)) }));
  });

  it("U2: two pure calls started, awaited in turn", async () => {
    await check((log) => ({ op: new S.TwoStarted(model(log, "a", 3), model(log, "b", 1)) }));
  });

  it("U4: a started effect awaited at once; the read after sees its change", async () => {
    await check((log) => ({ op: new S.StartedAwaitedThenRead(ranker(log), model(log)) }));
  });

  it("U5: started in each member of a Promise.all over a map (a moment nested in the member)", async () => {
    await check((log) => ({ op: new S.StartedInMembers(ranker(log), model(log)) }));
  });

  it("U5b: the same with a Promise.all in each member: the reader starts before the effect under a bound", async () => {
    await check((log) => ({ op: new S.AllInMembers(ranker(log), model(log)) }));
  });

  it("U6: a started nested structural operator whose second step sorts what it was given", async () => {
    await check((log) => {
      const sorts = new S.Sorts(ranker(log), model(log, "inner"));
      return { op: new S.StartedNested(sorts, model(log)), nested: [sorts] };
    });
  });

  it("U7: a started effect never awaited", async () => {
    await check((log) => ({ op: new S.StartedNeverAwaited(ranker(log), model(log)) }));
  });

  it("U9: a started call that fails, awaited with Promise.all, its value unused", async () => {
    const flaky = (log: CallLog) => new FakeOperator<Ask, { answer: string }>(log, { name: "flaky", latency: 2, compute: (i) => ({ answer: i.query }), fail: (i) => (i.query === "rr" ? new Error("flaky down") : undefined) });
    await check((log) => ({ op: new S.StartedFailsUnused(model(log), flaky(log)) }));
  });

  it("U8: a started effect that fails after the calls awaited while it runs", async () => {
    await check((log) => ({ op: new S.StartedEffectFails(stamp(log), model(log, "model", 1), logger(log)) }));
  });
});
