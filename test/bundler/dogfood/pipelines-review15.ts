// The programs of pipelines-review15.test.ts.
import { Operator, structuralJit } from "xcs-jit";
type Ask = { query: string };
type Reply = { answer: string };
export type Remember = { memory: string[]; add: string };
// The nested reader, the trim in place and the keeper of pipelines-review13, under this file's names.
export { Echo, KeepsFirst as Keeper, TrimInPlace as Trim } from "./pipelines-review13.js";

// ---- change 1: members going on after a failed group ----

// A worker with several awaited steps and an effect at the end, keeping its own memory.
@structuralJit
export class Worker extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly m1: Operator<Ask, Reply>, readonly m2: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke({ query: inputs.query });
    const b = await this.m2.invoke({ query: a.answer });
    await this.remember.invoke({ memory: this.memory, add: `${b.answer}#${this.memory.length}` });
    return { answer: b.answer };
  }
}

// A failing call beside the worker; the result reads the worker's memory.
@structuralJit
export class FailBesideWorker extends Operator<Ask, { answer: string; n: number }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Worker) {
    super();
  }
  async forward(inputs: Ask) {
    const n0 = this.worker.memory.length;
    const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]);
    return { answer: `${a.answer}/${b.answer}/${n0}`, n: this.worker.memory.length };
  }
}

// A member with its own group first, then an effect.
@structuralJit
export class InnerGroupWorker extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly m1: Operator<Ask, Reply>, readonly m2: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [x, y] = await Promise.all([this.m1.invoke(inputs), this.m2.invoke({ query: `${inputs.query}2` })]);
    await this.remember.invoke({ memory: this.memory, add: `${x.answer}+${y.answer}` });
    return { answer: `${x.answer}+${y.answer}` };
  }
}

@structuralJit
export class FailBesideGeneric extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly other: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.other.invoke(inputs)]);
    return { answer: `${a.answer}/${b.answer}` };
  }
}

// The failing group nested inside a member: the inner group's other member and the outer members go on.
@structuralJit
export class InnerFails extends Operator<Ask, Reply> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]);
    return { answer: `${a.answer}|${b.answer}` };
  }
}

@structuralJit
export class OuterOfInnerFails extends Operator<Ask, { answer: string }> {
  constructor(readonly inner: Operator<Ask, Reply>, readonly keeper: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.inner.invoke(inputs), this.keeper.invoke(inputs)]);
    return { answer: `${a.answer}/${b.answer}` };
  }
}

// The failing group followed (in the failing member) by more: after the inner group a step of the parent.
@structuralJit
export class AfterGroupEffect extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>, readonly audit: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]);
    await this.audit.invoke({ query: a.answer + b.answer });
    return { answer: `${a.answer}/${b.answer}` };
  }
}

// Worker whose pure call can start ahead of an effect before it (reads nothing of it).
@structuralJit
export class AheadWorker extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly e1: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    await this.e1.invoke({ query: inputs.query });
    const b = await this.m.invoke({ query: `${inputs.query}!` });
    await this.remember.invoke({ memory: this.memory, add: b.answer });
    return { answer: b.answer };
  }
}

// A worker whose later step logs (host code) what a pure call answered.
@structuralJit
export class LogWorker extends Operator<Ask, Reply> {
  constructor(readonly m1: Operator<Ask, Reply>, readonly m2: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke(inputs);
    console.log(`worker got ${a.answer}`);
    const b = await this.m2.invoke({ query: a.answer });
    console.log(`worker then ${b.answer}`);
    return b;
  }
}

// A worker that fails itself later (a second failure, after the run rejected).
@structuralJit
export class FailsLater extends Operator<Ask, Reply> {
  constructor(readonly m1: Operator<Ask, Reply>, readonly bad: Operator<Ask, Reply>, readonly e: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke(inputs);
    const b = await this.bad.invoke({ query: a.answer });
    await this.e.invoke({ query: b.answer });
    return b;
  }
}

// try/catch around the failing group in forward: the run returns, the worker goes on.
@structuralJit
export class CaughtGroup extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>, readonly audit: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    let answer = "none";
    try {
      const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]);
      answer = a.answer + b.answer;
    } catch {
      answer = "caught";
    }
    await this.audit.invoke({ query: answer });
    return { answer };
  }
}

// Three members: flaky, a worker, and a member with a map over two workers.
@structuralJit
export class ThreeMembers extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly workers: Operator<Ask, Reply>[]) {
    super();
  }
  async forward(inputs: Ask) {
    const rs = await Promise.all([this.flaky.invoke(inputs), ...this.workers.map((w) => w.invoke({ query: `${inputs.query}` }))]);
    return { answer: rs.map((r) => r.answer).join(",") };
  }
}

// A member that is a map of async arrow callbacks (inline members with later steps).
@structuralJit
export class InlineMembers extends Operator<Ask, { answer: string }> {
  memory: string[] = [];
  constructor(readonly sources: Operator<Ask, Reply>[], readonly check: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const rs = await Promise.all(
      this.sources.map(async (s) => {
        const r = await s.invoke(inputs);
        const c = await this.check.invoke({ query: r.answer });
        await this.remember.invoke({ memory: this.memory, add: c.answer });
        return c;
      }),
    );
    return { answer: `${rs.map((r) => r.answer).join(",")}#${this.memory.length}` };
  }
}

// ---- change 2: reads of what a started effect was given ----

@structuralJit
export class ReadLengthAndObj extends Operator<Ask, { n: number; first: string; last: string; ranked: string; after: string; n2: number }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`, `m${inputs.query}`];
    const req = { items };
    const p = this.ranker.invoke(req);
    const n = req.items.length;
    const first = req.items[0]!;
    const last = items[items.length - 1]!;
    const r = await p;
    return { n, first, last, ranked: r.answer, after: req.items[0]!, n2: items.length };
  }
}

@structuralJit
export class ReadAfterOtherAwait extends Operator<Ask, { first: string; m: string; second: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const first = items[0]!;
    const mm = await this.m.invoke({ query: first });
    const second = items[0]!; // ranker (latency 2) may have answered or not: m latency decides
    const r = await p;
    return { first, m: mm.answer, second, ranked: r.answer };
  }
}

@structuralJit
export class ReadGivenToModel extends Operator<Ask, { m: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const mm = await this.m.invoke({ query: items[0]! });
    const r = await p;
    return { m: mm.answer, ranked: r.answer };
  }
}

@structuralJit
export class ReadDestructured extends Operator<Ask, { first: string; second: string; ranked: string; all: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const [first, second] = items;
    const all = items.slice().join("/");
    const r = await p;
    return { first: first!, second: second!, ranked: r.answer, all };
  }
}

@structuralJit
export class ReadFieldOfMemory extends Operator<Ask, { before: string; after: string; ranked: string }> {
  items = ["zz", "aa"];
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    this.items.push(inputs.query);
    const p = this.ranker.invoke({ items: this.items });
    const before = this.items[0]!;
    const r = await p;
    return { before, after: this.items[0]!, ranked: r.answer };
  }
}

@structuralJit
export class ReadInGroup extends Operator<Ask, { first: string; m: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const [mm, r] = await Promise.all([this.m.invoke({ query: items[0]! }), p]);
    return { first: items[0]!, m: mm.answer, ranked: r.answer };
  }
}

// ---- change 3: sequential host code at a group's start ----



@structuralJit
export class Pair extends Operator<Ask, { t: string; m: string }> {
  constructor(readonly first: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [t, m] = await Promise.all([this.first.invoke(inputs), this.m.invoke({ query: "fixed" })]);
    return { t: t.answer, m: m.answer };
  }
}

@structuralJit
export class PairFirstSecond extends Operator<Ask, { t: string; m: string }> {
  constructor(readonly m: Operator<Ask, Reply>, readonly second: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [m, t] = await Promise.all([this.m.invoke({ query: "fixed" }), this.second.invoke(inputs)]);
    return { t: t.answer, m: m.answer };
  }
}

@structuralJit
export class EchoBeside extends Operator<Ask, { a: string; b: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly other: Operator<Ask, unknown>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [a, b] = await Promise.all([this.echo.invoke(req), this.other.invoke(req)]);
    return { a: a.answer, b: JSON.stringify(b), sent: req.query };
  }
}

// Host code first, then an await, in a member operator (not a group).
@structuralJit
export class TrimThenAsk extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    inputs.query = inputs.query.trim();
    const r = await this.m.invoke({ query: "fixed" });
    return { answer: `${r.answer}:${inputs.query}` };
  }
}

// A member awaiting the trim (a nested host-only operator) then a call.
@structuralJit
export class AwaitTrimThenAsk extends Operator<Ask, Reply> {
  constructor(readonly trim: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    await this.trim.invoke(inputs);
    const r = await this.m.invoke({ query: "fixed" });
    return { answer: `${r.answer}:${inputs.query}` };
  }
}

// A call first (awaited), then the trim: eager's trim comes after the call's await.
@structuralJit
export class AskThenTrim extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>, readonly trim: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const r = await this.m.invoke({ query: "fixed" });
    await this.trim.invoke(inputs);
    return { answer: `${r.answer}:${inputs.query}` };
  }
}

// Logs at start of a member, beside an echo that logs after its await.
@structuralJit
export class LogEcho extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const r = await this.m.invoke({ query: inputs.query });
    console.log(`echo after ${r.answer}`);
    return r;
  }
}

@structuralJit
export class LogFirst extends Operator<Ask, Reply> {
  async forward(inputs: Ask) {
    console.log(`first ${inputs.query}`);
    return { answer: inputs.query };
  }
}

@structuralJit
export class LogAround extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly a: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs)]);
    return { a: a.answer, b: b.answer };
  }
}

// ---- batch 2 ----

// B1 minimized: the list read through the request object given to the started effect.
@structuralJit
export class ReadViaRequest extends Operator<Ask, { first: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { items: [`z${inputs.query}`, `a${inputs.query}`] };
    const p = this.ranker.invoke(req);
    const first = req.items[0]!;
    const r = await p;
    return { first, ranked: r.answer };
  }
}

// The request held in a variable, the list read by its own name.
@structuralJit
export class ReadListOfNamedRequest extends Operator<Ask, { first: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const req = { items };
    const p = this.ranker.invoke(req);
    const first = items[0]!;
    const r = await p;
    return { first, ranked: r.answer };
  }
}

// A bag holding the list, given its field.
@structuralJit
export class ReadViaBag extends Operator<Ask, { first: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const bag = { items: [`z${inputs.query}`, `a${inputs.query}`], tag: inputs.query };
    const p = this.ranker.invoke({ items: bag.items });
    const first = bag.items[0]!;
    const r = await p;
    return { first, ranked: r.answer };
  }
}

// The whole list copied while the ranker runs (spread).
@structuralJit
export class SpreadWhileRunning extends Operator<Ask, { copy: string; ranked: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const copy = [...items].join(",");
    const r = await p;
    return { copy, ranked: r.answer };
  }
}

// Two rankers on one list, reads between.
@structuralJit
export class TwoRankers extends Operator<Ask, { f1: string; f2: string; f3: string }> {
  constructor(readonly r1: Operator<{ items: string[] }, Reply>, readonly r2: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p1 = this.r1.invoke({ items });
    const f1 = items[0]!;
    await p1;
    items.reverse();
    const p2 = this.r2.invoke({ items });
    const f2 = items[0]!;
    await p2;
    return { f1, f2, f3: items[0]! };
  }
}

// ---- change 1 batch 2 ----


// A member whose later step is a group with a nested keeper.
@structuralJit
export class StepThenGroup extends Operator<Ask, Reply> {
  constructor(readonly m1: Operator<Ask, Reply>, readonly m2: Operator<Ask, Reply>, readonly keeper: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke(inputs);
    const [x, y] = await Promise.all([this.m2.invoke({ query: a.answer }), this.keeper.invoke({ query: a.answer })]);
    return { answer: `${x.answer}/${y.answer}` };
  }
}

// A member with a conditional effect after its await.
@structuralJit
export class CondWorker extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly m1: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke(inputs);
    if (a.answer.length > 4) await this.remember.invoke({ memory: this.memory, add: a.answer });
    return a;
  }
}

// A member looping over sources, remembering each.
@structuralJit
export class LoopWorker extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly sources: Operator<Ask, Reply>[], readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    for (const s of this.sources) {
      const r = await s.invoke(inputs);
      await this.remember.invoke({ memory: this.memory, add: r.answer });
    }
    return { answer: `${this.memory.length}` };
  }
}

// A .catch on the failing group: the run goes on while the member goes on.
@structuralJit
export class CatchOnAll extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>, readonly audit: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const rs = await Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]).catch(() => [{ answer: "x" }, { answer: "y" }]);
    const a = await this.audit.invoke({ query: rs.map((r) => r.answer).join(",") });
    return { answer: a.answer };
  }
}

// The failing member second, after the worker, with the worker's first step a pure call and host edit later.
@structuralJit
export class EditWorker extends Operator<Ask, Reply> {
  constructor(readonly m1: Operator<Ask, Reply>, readonly e: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke({ query: inputs.query });
    inputs.query = `${inputs.query}+${a.answer}`;
    await this.e.invoke({ query: inputs.query });
    return a;
  }
}

@structuralJit
export class WorkerThenFail extends Operator<Ask, { answer: string; sent: string }> {
  constructor(readonly worker: Operator<Ask, Reply>, readonly flaky: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const [a, b] = await Promise.all([this.worker.invoke(req), this.flaky.invoke(inputs)]);
    return { answer: `${a.answer}/${b.answer}`, sent: req.query };
  }
}

// A parent that fails after the group succeeded, a member still... (no: members all done). Instead:
// two sequential groups; the second fails; members of the first are done.
@structuralJit
export class TwoGroups extends Operator<Ask, { answer: string }> {
  constructor(readonly w1: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>, readonly flaky: Operator<Ask, Reply>, readonly w2: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.w1.invoke(inputs), this.m.invoke(inputs)]);
    const [c, d] = await Promise.all([this.flaky.invoke(inputs), this.w2.invoke({ query: a.answer + b.answer })]);
    return { answer: `${c.answer}/${d.answer}` };
  }
}

// ---- change 4: traced class calling nested structural ops ----
@structuralJit
export class TracedParent extends Operator<Ask, { answer: string; n: number }> {
  count = 0;
  constructor(readonly w: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    this.count++;
    const a = await this.m.invoke({ query: `${inputs.query}${this.count % 2}` });
    const b = await this.w.invoke({ query: a.answer });
    return { answer: b.answer, n: this.count };
  }
}

@structuralJit
export class TracedFan extends Operator<Ask, { answer: string; n: number }> {
  count = 0;
  constructor(readonly ws: Operator<Ask, Reply>[], readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    this.count++;
    const rs = await Promise.all(this.ws.map((w) => w.invoke({ query: inputs.query })));
    const a = await this.m.invoke({ query: rs.map((r) => r.answer).join(",") });
    return { answer: a.answer, n: this.count };
  }
}

// ---- batch 3 ----

// A top-level group: a reader, a call, and a host-only member by itself (third).
@structuralJit
export class EchoCallTrim extends Operator<Ask, { a: string; m: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>, readonly trim: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [a, b] = await Promise.all([this.echo.invoke(req), this.m.invoke({ query: "x" }), this.trim.invoke(req)]);
    return { a: a.answer, m: b.answer, sent: req.query };
  }
}

// Echo as the second member, trim-in-pair first.
@structuralJit
export class TrimPairThenEcho extends Operator<Ask, { a: string; sent: string }> {
  constructor(readonly pair: Operator<Ask, unknown>, readonly echo: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [, a] = await Promise.all([this.pair.invoke(req), this.echo.invoke(req)]);
    return { a: a.answer, sent: req.query };
  }
}

// A member whose first statement is a started call, then host edit (no await between).
@structuralJit
export class StartThenEdit extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const p = this.m.invoke({ query: "fixed" });
    inputs.query = inputs.query.trim();
    const r = await p;
    return { answer: `${r.answer}:${inputs.query}` };
  }
}

// A member whose last step is a nested worker (its effect two levels down, after awaits).
@structuralJit
export class StepThenWorker extends Operator<Ask, Reply> {
  constructor(readonly m1: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const a = await this.m1.invoke(inputs);
    return await this.worker.invoke({ query: a.answer });
  }
}

// A failing group started without await, then an effect, then awaited: the group's statement is
// host code (XCS1014), so the effect is made while the group runs, and when a member fails.
@structuralJit
export class StartedGroupFails extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly worker: Operator<Ask, Reply>, readonly audit: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const pending = Promise.all([this.flaky.invoke(inputs), this.worker.invoke(inputs)]);
    await this.audit.invoke({ query: inputs.query });
    const [a, b] = await pending;
    return { answer: `${a.answer}/${b.answer}` };
  }
}
