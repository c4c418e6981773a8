// A failure a nested operator's group raises and host code catches, under every scheduler and bound:
// the group's other members still run (eager started them), their effects and calls compared.
import { expect, it } from "vitest";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, compareWithEager } from "../../support/index.js";
import { eagerInvoke } from "./group-members.js";
import { Inner, Outer } from "./caught-nested-failure.js";

const make = (eager: boolean) => () => {
  const log = new CallLog(new LogicalClock());
  const inner = new Inner(
    new FakeOperator(log, { name: "fail", latency: 3, fail: () => new Error("boom") }),
    new FakeOperator(log, { name: "b", latency: 1, compute: () => ({ answer: "b" }) }),
    new EffectfulFakeOperator(log, { name: "stamp", latency: 2, compute: () => ({ answer: "s" }) }),
  );
  if (eager) eagerInvoke(inner);
  const op = new Outer(inner, new FakeOperator(log, { name: "a", latency: 2, compute: () => ({ answer: "a" }) }), (t) => log.finish(log.begin("note", t, true), "ok", undefined));
  return { op, log };
};

it("the members of a caught failing group still run: one at a time, under a bound, and unbounded", async () => {
  const runs = [{ input: { query: "q" }, options: { scheduler: "sequential" as const } }, { input: { query: "r" }, options: { maxConcurrency: 1 } }, { input: { query: "s" } }];
  const result = await compareWithEager(make(true), runs, { makeCompiled: make(false) });
  expect(result.differences).toEqual([]);
  // One at a time, the effect comes after the failure it was started beside (it waited its turn).
  expect(result.compiled[0]!.calls.map((r) => r.name)).toEqual(["fail", "note", "a", "b", "stamp"]);
});
