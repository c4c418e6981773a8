// A review's ordinary pipelines of pipelines-review13.ts against eager `forward` (first and later
// runs, `sequential`, `maxConcurrency: 1`).
import { describe, it } from "vitest";
import { FakeOperator, type CallLog } from "../../support/index.js";
import { check, model } from "./pipeline-check.js";
import * as A from "./pipelines-review13.js";

type Ask = { query: string };
type Reply = { answer: string };

/** Pure, 2 ticks; fails on the query `q` (runs 1 and 3). */
const flaky = (log: CallLog) =>
  new FakeOperator<Ask, Reply>(log, {
    name: "flaky",
    latency: 2,
    compute: (i) => ({ answer: `flaky(${i.query})` }),
    fail: (i) => (i.query === "q" ? new Error(`flaky down on ${i.query}`) : undefined),
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
  it("awaited only: still a node of the graph", async () => {
    await check((log) => ({ op: new A.AwaitedOnly(model(log, "a", 2), model(log, "b")) }));
  });
});
