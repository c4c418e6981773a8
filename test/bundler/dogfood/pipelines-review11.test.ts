// The programs of pipelines-review11.ts against eager `forward`.
import { describe, expect, it } from "vitest";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, compareWithEager } from "../../support/index.js";
import { eagerInvoke } from "./group-members.js";
import { check } from "./pipeline-check.js";
import * as R from "./pipelines-review11.js";

const reorder = (log: CallLog) => new EffectfulFakeOperator<R.WithTasks, R.Reply>(log, { name: "reorder", compute: (i) => { for (const t of i.tasks) t.tag += "!"; return { answer: "r" }; } });
const pusher = (log: CallLog) => new EffectfulFakeOperator<R.Items, R.Reply>(log, { name: "pusher", latency: 2, compute: (i) => (i.items.push(`p${i.items.length}`), { answer: i.items.join(",") }) });
const join = (log: CallLog) => new FakeOperator<R.Items, R.Reply>(log, { name: "join", compute: (i) => ({ answer: i.items.join("+") }) });
const model = (log: CallLog) => new FakeOperator<{ query: string }, R.Reply>(log, { name: "model", latency: 3, compute: (i) => ({ answer: `m(${i.query})` }) });

describe("a review of held literals and the moment's order", () => {
  it("a method that keeps a held literal's parts (`slice`, `find`) makes it one object of the run", async () => {
    await check((log) => ({ op: new R.SliceAlias(reorder(log)) }));
    await check((log) => ({ op: new R.FindAlias(reorder(log)) }));
  });

  it("under `sequential`, a member's step after its effect is not moved before it", async () => {
    await check((log) => {
      const member = new R.Member(pusher(log), join(log));
      return { op: new R.Group(member, model(log)), nested: [member] };
    });
  });

  it("under `sequential`, a failing member's later step is not started when it fails", async () => {
    const make = (eager: boolean) => () => {
      const log = new CallLog(new LogicalClock());
      const member = new R.FailMember(
        new FakeOperator(log, { name: "fail", latency: 1, fail: () => new Error("boom") }),
        new EffectfulFakeOperator(log, { name: "stamp", latency: 1, compute: () => ({ answer: "s" }) }),
      );
      if (eager) eagerInvoke(member);
      return { op: new R.FailGroup(member, model(log)), log };
    };
    const result = await compareWithEager(make(true), [{ input: { query: "q" }, options: { scheduler: "sequential" as const } }, { input: { query: "r" } }], { makeCompiled: make(false) });
    expect(result.differences).toEqual([]);
    expect(result.compiled[0]!.calls.map((r) => r.name)).not.toContain("stamp");
  });

  it("a push by path after an effect that may have put another array there runs at run time", async () => {
    const replacer = (log: CallLog) => new EffectfulFakeOperator<R.WithState, R.Reply>(log, { name: "replacer", compute: (i) => { i.state.ctx.docs = [...i.state.ctx.docs, "r"]; return { answer: "x" }; } });
    const see = (log: CallLog) => new FakeOperator<R.WithState, R.Reply>(log, { name: "see", compute: (i) => ({ answer: i.state.ctx.docs.join("+") }) });
    await check((log) => ({ op: new R.PathPushAfterReplace(replacer(log), see(log)) }));
  });
});
