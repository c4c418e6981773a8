// A review's ordinary pipelines that a compiled class ran differently from eager `forward`, each
// mended. Run against eager by pipelines-review13.test.ts.
import { Operator, structuralJit } from "xcs-jit";
type Ask = { query: string };
type Reply = { answer: string };

// H64, N2, H82: a call started without `await` whose promise the code uses as one (a `try` around
// its `await`, `.catch`, `.then`, `Promise.allSettled`). In the graph the started call's value was
// the reply: host code got the reply, not a promise, and the call's failure failed the run.

@structuralJit
export class TryAround extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const p = this.a.invoke({ query: inputs.query });
    let answer = "default";
    try {
      answer = (await p).answer;
    } catch {
      answer = "caught";
    }
    return { answer };
  }
}

@structuralJit
export class CatchMethod extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const p = this.a.invoke({ query: inputs.query });
    const r = await p.catch(() => ({ answer: "fallback" }));
    return { answer: r.answer };
  }
}

@structuralJit
export class ThenMethod extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const p = this.a.invoke({ query: inputs.query });
    const m = await this.b.invoke({ query: inputs.query });
    const r = await p.then((x) => x.answer.toUpperCase());
    return { answer: `${r}/${m.answer}` };
  }
}

@structuralJit
export class Settled extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const pending = [this.a.invoke({ query: inputs.query }), this.b.invoke({ query: inputs.query })];
    const results = await Promise.allSettled(pending);
    return { answer: results.map((r) => (r.status === "fulfilled" ? r.value.answer : "x")).join(",") };
  }
}

// The same started call awaited only: it stays a node of the graph (no host node).
@structuralJit
export class AwaitedOnly extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const p = this.a.invoke({ query: inputs.query });
    const m = await this.b.invoke({ query: inputs.query });
    return { answer: `${(await p).answer}/${m.answer}` };
  }
}

// H64-all: a `Promise.all` bound to a name, not awaited where written, its `await` in a `try` after
// the planner (retrieval with a fallback).
@structuralJit
export class CatchStartedAll extends Operator<Ask, { docs: string[]; plan: string }> {
  constructor(readonly retrievers: Operator<Ask, Reply>[], readonly planner: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const pending = Promise.all(this.retrievers.map((r) => r.invoke({ query: inputs.query })));
    const plan = await this.planner.invoke({ query: inputs.query });
    let docs: string[];
    try {
      docs = (await pending).map((d) => d.answer);
    } catch {
      docs = [];
    }
    return { docs, plan: plan.answer };
  }
}

// H85: started calls a `for…of` awaits one by one: the loop goes over what holds them, and stays
// in the graph.
@structuralJit
export class AwaitEachStore extends Operator<Ask, { answers: string[] }> {
  constructor(readonly members: Operator<Ask, Reply>[], readonly store: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const ps = this.members.map((m) => m.invoke({ query: inputs.query }));
    const answers: string[] = [];
    for (const p of ps) {
      const r = await p;
      await this.store.invoke({ query: r.answer });
      answers.push(r.answer);
    }
    return { answers };
  }
}

// H86: the same, each awaited in its own `try` (host code): the promises are used as promises.
@structuralJit
export class AwaitEachTry extends Operator<Ask, { ok: string[] }> {
  constructor(readonly members: Operator<Ask, Reply>[]) {
    super();
  }

  async forward(inputs: Ask) {
    const ps = this.members.map((m) => m.invoke({ query: inputs.query }));
    const ok: string[] = [];
    for (const p of ps) {
      try {
        ok.push((await p).answer);
      } catch {
        ok.push("skip");
      }
    }
    return { ok };
  }
}

// H143-min, H147: module-level state that forward changes (a list pushed onto, a counter), read
// after: the structure read it once, when the graph was built (`RUNS.length` stayed 0). Reads of
// module state code in the file changes are host code (XCS1015).
const RUNS: string[] = [];
const usage = { calls: 0 };

/** Empties the module state (each scenario starts from nothing, as a fresh process would). */
export function resetModuleState(): void {
  RUNS.length = 0;
  usage.calls = 0;
}

@structuralJit
export class ModuleLength extends Operator<Ask, { answer: string; n: number }> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    RUNS.push(inputs.query);
    const r = await this.m.invoke({ query: `${inputs.query}#${RUNS.length}` });
    return { answer: r.answer, n: RUNS.length };
  }
}

@structuralJit
export class ModuleUsage extends Operator<Ask, { answer: string; calls: number }> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    usage.calls += 1;
    const r = await this.m.invoke({ query: inputs.query });
    return { answer: r.answer, calls: usage.calls };
  }
}

// H107-min2: a nested operator that trims its input in place (host code, no call of its own)
// beside a call given the same request, in one `Promise.all`. Eager's member runs the trim
// synchronously when the array literal starts it, before the call is made: the call is given the
// trimmed request. One at a time, the call was moved before the trim, as a reader is moved before
// a call that declares effects (whose changes come once it answers).
@structuralJit
export class TrimInPlace extends Operator<Ask, Reply> {
  async forward(inputs: Ask) {
    inputs.query = inputs.query.trim();
    return { answer: inputs.query };
  }
}

@structuralJit
export class NormBesideLeaf extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly norm: Operator<Ask, Reply>, readonly e: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [a, b] = await Promise.all([this.norm.invoke(req), this.e.invoke(req)]);
    return { a: a.answer, b: b.answer };
  }
}

// N1, N3, H116: one request object given to a nested operator that reads it again after an await
// of its own. Eager's nested operator holds the object itself: what the caller (N1) or an effect
// beside it (N3, H116) does to it meanwhile shows in what it reads after its await.
@structuralJit
export class Echo extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.m.invoke({ query: inputs.query });
    return { answer: `${r.answer}/${inputs.query}` };
  }
}

// N1-min: the request changed while the nested call it was given still runs. The structure read it
// when the call was built; the instance runs its `forward` as written instead (no call made early
// on a copy of the request, as the tracing JIT would).
@structuralJit
export class EditWhileRunning extends Operator<Ask, { a: string }> {
  constructor(readonly echo: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const pa = this.echo.invoke(req);
    req.query = "edited";
    const a = await pa;
    return { a: a.answer };
  }
}

// N1: the same request reused for the next call while the first still runs.
@structuralJit
export class ReuseRequest extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const pa = this.echo.invoke(req);
    req.query = `${inputs.query}-followup`;
    const b = await this.m.invoke(req);
    const a = await pa;
    return { a: a.answer, b: b.answer };
  }
}

// Edited only after the nested call was awaited: it read what it was given, and stays compiled.
@structuralJit
export class EditAfterAwait extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const a = await this.echo.invoke(req);
    req.query = `${inputs.query}-followup`;
    const b = await this.m.invoke(req);
    return { a: a.answer, b: b.answer };
  }
}

// N3: a nested reader of a list (after its await) beside a ranker sorting the same list in place.
// Each read of the unchanged list packed a copy of its own, so the reader never saw the sort.
@structuralJit
export class ListReader extends Operator<{ items: string[] }, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: { items: string[] }) {
    const r = await this.m.invoke({ query: inputs.items[0]! });
    return { answer: `${r.answer}|${inputs.items.join(",")}` };
  }
}

@structuralJit
export class ReaderBesideRanker extends Operator<Ask, { read: string; ranked: string }> {
  constructor(readonly reader: Operator<{ items: string[] }, Reply>, readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const [read, ranked] = await Promise.all([this.reader.invoke({ items }), this.ranker.invoke({ items })]);
    return { read: read.answer, ranked: ranked.answer };
  }
}

// H116: the reader first, then something changing the request in place (a nested trim, host code;
// or a leaf declaring effects), in one `Promise.all`. Under `sequential` the reader's step after its
// await ran before the trim, which eager's group runs when it starts every member.
@structuralJit
export class ReaderThenChange extends Operator<Ask, { a: string; b: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly norm: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [a, b] = await Promise.all([this.echo.invoke(req), this.norm.invoke(req)]);
    return { a: a.answer, b: b.answer, sent: req.query };
  }
}

// H148, H150: state on operators a run changes. Reads of it are nodes of the run where a run may
// change it (test/fixtures/state); a loop over it cannot be unrolled then, and the instance runs its
// `forward` as written.
export type Remember = { memory: string[]; add: string };

@structuralJit
export class LoopOverMemory extends Operator<Ask, { answers: string[] }> {
  memory: string[] = [];
  constructor(readonly m: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const answers: string[] = [];
    for (const past of this.memory) answers.push((await this.m.invoke({ query: `${past}+${inputs.query}` })).answer);
    await this.remember.invoke({ memory: this.memory, add: inputs.query });
    return { answers };
  }
}

// A nested operator keeping its state first thing, beside a call that fails: eager's `Promise.all`
// rejects and leaves it running, so its store happens all the same. One at a time, the read of its
// state (a node that runs at once) was left out of what the failure leaves running, and the store
// after it never started (the generator, seed 31415 case 65).
@structuralJit
export class KeepsFirst extends Operator<Ask, Reply> {
  memory: string[] = [];
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    await this.remember.invoke({ memory: this.memory, add: inputs.query });
    return { answer: `${this.memory.length}` };
  }
}

@structuralJit
export class BesideFailing extends Operator<Ask, { answer: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly keeper: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.flaky.invoke(inputs), this.keeper.invoke(inputs)]);
    return { answer: `${a.answer}/${b.answer}` };
  }
}

// A review of the state reads (session 14): reads before an effect, aliases, judges picked from
// collections. P1 and P22 read a part before the effect that changes it: the read took the value
// after it; P6 made static judge panels host code; P2 gave the memory through a local name.
export type Tally = { stats: { calls: number }; add: string };

// P1: length read before the effect, and after.
@structuralJit
export class BeforeAfterLength extends Operator<Ask, { before: number; after: number }> {
  memory: string[] = [];
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const before = this.memory.length;
    await this.remember.invoke({ memory: this.memory, add: inputs.query });
    return { before, after: this.memory.length };
  }
}

// P1b: an object counter read before and after.
@structuralJit
export class BeforeAfterCounter extends Operator<Ask, { before: number; after: number }> {
  stats = { calls: 0 };
  constructor(readonly tally: Operator<Tally, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const before = this.stats.calls;
    await this.tally.invoke({ stats: this.stats, add: inputs.query });
    return { before, after: this.stats.calls };
  }
}

// P2: the memory given through a local alias (shorthand property).
@structuralJit
export class AliasGiven extends Operator<Ask, { answer: string; size: number }> {
  memory: string[] = [];
  constructor(readonly m: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const memory = this.memory;
    const r = await this.m.invoke({ query: `${this.memory.join("|")}>${inputs.query}` });
    await this.remember.invoke({ memory, add: r.answer });
    return { answer: r.answer, size: this.memory.length };
  }
}

// P6: a rubric given to judges in a loop over this.judges (all pure).
@structuralJit
export class JudgesLoop extends Operator<Ask, { scores: string[] }> {
  rubric = ["clear", "brief"];
  constructor(readonly judges: Operator<{ rubric: string[]; answer: string }, Reply>[]) {
    super();
  }
  async forward(inputs: Ask) {
    const scores: string[] = [];
    for (const j of this.judges) scores.push((await j.invoke({ rubric: this.rubric, answer: inputs.query })).answer);
    return { scores };
  }
}

// P6b: the same as a fan-out, with a loop over the rubric too.
@structuralJit
export class JudgesFanOut extends Operator<Ask, { scores: string[]; per: string[] }> {
  rubric = ["clear", "brief"];
  constructor(readonly judges: Operator<{ rubric: string[]; answer: string }, Reply>[], readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const scores = await Promise.all(this.judges.map((j) => j.invoke({ rubric: this.rubric, answer: inputs.query })));
    const per: string[] = [];
    for (const c of this.rubric) per.push((await this.m.invoke({ query: `${c}:${inputs.query}` })).answer);
    return { scores: scores.map((s) => s.answer), per };
  }
}

// P6c: judges in a record, given by key.
@structuralJit
export class JudgesByName extends Operator<Ask, { a: string }> {
  rubric = ["clear", "brief"];
  constructor(readonly byName: Record<string, Operator<{ rubric: string[]; answer: string }, Reply>>) {
    super();
  }
  async forward(inputs: Ask) {
    const r = await this.byName["main"]!.invoke({ rubric: this.rubric, answer: inputs.query });
    return { a: r.answer };
  }
}

// A store declaring effects that keeps what it is given on itself.
export class Store extends Operator<{ add: string }, { stored: number }> {
  static override effects = true;
  items: string[] = [];
  async forward(inputs: { add: string }) {
    this.items.push(inputs.add);
    return { stored: this.items.length };
  }
}

// P22: a store's items read before its call (store effectful, called).
@structuralJit
export class StoreBeforeAfter extends Operator<Ask, { before: number; after: number; last: string }> {
  constructor(readonly store: Store) {
    super();
  }
  async forward(inputs: Ask) {
    const before = this.store.items.length;
    await this.store.invoke({ add: inputs.query });
    return { before, after: this.store.items.length, last: this.store.items[this.store.items.length - 1]! };
  }
}

// A second review of the state reads and of string methods as built-ins (session 14). Aliases
// were matched by name, whatever the scope (B1, B16b), and only by their initializer (B2); a
// shadowing name inside a loop was taken for the loop's variable (B9); a read before another
// effect was not read before the effect given the field (B17, B18, B11); and a built-in string
// method given a callback ran it once, while the graph was built (N1, N2).
@structuralJit
export class AliasTwoBranches extends Operator<Ask, { mem: number; scratch: number }> {
  memory: string[] = [];
  scratch: string[] = [];
  useMemory = true;
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    if (this.useMemory) {
      const list = this.memory;
      await this.remember.invoke({ memory: list, add: inputs.query });
    } else {
      const list = this.scratch;
      await this.remember.invoke({ memory: list, add: inputs.query });
    }
    return { mem: this.memory.length, scratch: this.scratch.length };
  }
}

@structuralJit
export class LetAlias extends Operator<Ask, { mem: number }> {
  memory: string[] = [];
  scratch: string[] = [];
  persistent = true;
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    let target = this.scratch;
    if (this.persistent) target = this.memory;
    await this.remember.invoke({ memory: target, add: inputs.query });
    return { mem: this.memory.length };
  }
}

@structuralJit
export class ShadowInLoop extends Operator<Ask, { scores: string[]; mem: number }> {
  memory: string[] = [];
  constructor(readonly judges: Operator<Remember, Reply>[], readonly writer: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const scores: string[] = [];
    for (const j of this.judges) {
      scores.push((await j.invoke({ memory: this.memory, add: inputs.query })).answer);
      {
        const j = this.writer;
        await j.invoke({ memory: this.memory, add: "w" });
      }
    }
    return { scores: [...scores], mem: this.memory.length };
  }
}

@structuralJit
export class AliasNameReused extends Operator<Ask, { ranked: string; top: string }> {
  items = ["b", "a"];
  sortFirst = true;
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    let top = "";
    if (this.sortFirst) {
      const items = [inputs.query, "z"];
      const r = await this.ranker.invoke({ items });
      top = r.answer;
    }
    const items = this.items;
    return { ranked: top, top: items.join("") };
  }
}

@structuralJit
export class AuditBetween extends Operator<Ask, { before: number; after: number }> {
  memory: string[] = [];
  constructor(readonly audit: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const before = this.memory.length;
    console.log(`remembering ${inputs.query}`);
    await this.audit.invoke({ query: inputs.query });
    await this.remember.invoke({ memory: this.memory, add: inputs.query });
    return { before, after: this.memory.length };
  }
}

@structuralJit
export class TwoStores extends Operator<Ask, { a1: number; a2: number; b: number }> {
  constructor(readonly s1: Store, readonly s2: Store) {
    super();
  }

  async forward(inputs: Ask) {
    const a1 = this.s1.items.length;
    await this.s2.invoke({ add: inputs.query });
    const a2 = this.s1.items.length;
    await this.s1.invoke({ add: inputs.query });
    return { a1, a2, b: this.s1.items.length };
  }
}

/** A module counter a replacer bumps: runs as often as eager's `replace` calls it. */
export const replaced = { n: 0 };
function counting(): string {
  replaced.n += 1;
  return "_";
}

@structuralJit
export class CountingReplace extends Operator<Ask, { t: string; n: number }> {
  template = "a b c";

  async forward(inputs: Ask) {
    const t = this.template.replace(/ /g, counting);
    return { t: `${t}${inputs.query}`, n: replaced.n };
  }
}

// B7b, P5: a nested compiled operator that passes what it is given, or its own state, on to a
// sub-operator declaring effects. It declares none itself (its structure is inlined), so the state
// was taken as changing in no run, and read once.
@structuralJit
export class PassesOn extends Operator<Remember, Reply> {
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Remember) {
    await this.remember.invoke({ memory: inputs.memory, add: inputs.add });
    return { answer: `kept ${inputs.memory.length}` };
  }
}

@structuralJit
export class NestedKeeperBeforeAfter extends Operator<Ask, { before: number; after: number; kept: string }> {
  memory: string[] = [];
  constructor(readonly keeper: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const before = this.memory.length;
    const k = await this.keeper.invoke({ memory: this.memory, add: inputs.query });
    return { before, after: this.memory.length, kept: k.answer };
  }
}

@structuralJit
export class ParentReadsKeeper extends Operator<Ask, { answer: string; n: number }> {
  constructor(readonly keeper: KeepsFirst) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.keeper.invoke(inputs);
    return { answer: r.answer, n: this.keeper.memory.length };
  }
}

// A name assigned a field by a destructuring assignment: what it may hold is found as for `=`.
@structuralJit
export class PatternAssignedAlias extends Operator<Ask, { mem: number }> {
  memory: string[] = [];
  scratch: string[] = [];
  constructor(readonly remember: Operator<Remember, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    let target = this.scratch;
    [target] = [this.memory];
    await this.remember.invoke({ memory: target, add: inputs.query });
    return { mem: this.memory.length };
  }
}

// Read while a ranker given the list runs (session 15, P14 of the second review): eager reads the
// element before the ranker sorts the list, which it does when it answers.
@structuralJit
export class ReadWhileRanking extends Operator<Ask, { label: string; first: string; ranked: string; after: string }> {
  constructor(readonly ranker: Operator<{ items: string[] }, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const items = [`z${inputs.query}`, `a${inputs.query}`];
    const p = this.ranker.invoke({ items });
    const label = items.join(",");
    const first = items[0]!;
    const r = await p;
    return { label, first, ranked: r.answer, after: items[0]! };
  }
}

// Under `sequential`, host code that edits a request while a nested reader given it runs (session
// 15, P16b, Q1 and Q2 of the second review): eager's edit runs before the reader's step after its
// await, as the moment it shares with the started call (or the group) runs it at once.
@structuralJit
export class EditSpreadWhileRunning extends Operator<Ask, { a: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { ...inputs };
    const pa = this.echo.invoke(req);
    req.query = `${inputs.query}-edited`;
    const a = await pa;
    return { a: a.answer, sent: req.query };
  }
}

export function restamp(req: { query: string }): void {
  req.query = `${req.query}!`;
}

@structuralJit
export class HelperEditWhileRunning extends Operator<Ask, { a: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const pa = this.echo.invoke(req);
    restamp(req);
    const a = await pa;
    return { a: a.answer, sent: req.query };
  }
}

@structuralJit
export class TrimAndAsk extends Operator<Ask, { t: string; m: string }> {
  constructor(readonly trim: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [t, m] = await Promise.all([this.trim.invoke(inputs), this.m.invoke({ query: "fixed" })]);
    return { t: t.answer, m: m.answer };
  }
}

@structuralJit
export class EchoBesideNestedGroup extends Operator<Ask, { a: string; b: string; sent: string }> {
  constructor(readonly echo: Operator<Ask, Reply>, readonly tm: Operator<Ask, { t: string; m: string }>) {
    super();
  }
  async forward(inputs: Ask) {
    const req = { query: ` ${inputs.query} ` };
    const [a, b] = await Promise.all([this.echo.invoke(req), this.tm.invoke(req)]);
    return { a: a.answer, b: b.t + b.m, sent: req.query };
  }
}

// A list host code pushes onto, in a loop whose call is on an operator chosen at run time (session
// 15, B19 of the second review): the statement is host code, so the list is made on each run;
// taken for a build-time push, it was one list for every run, and each run's answers piled up.
@structuralJit
export class LoopVarReassigned extends Operator<Ask, { scores: string[]; mem: number }> {
  memory: string[] = [];
  constructor(readonly judges: Operator<Remember, Reply>[], readonly writer: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const scores: string[] = [];
    for (let j of this.judges) {
      if (inputs.query === "q") j = this.writer;
      scores.push((await j.invoke({ memory: this.memory, add: inputs.query })).answer);
    }
    return { scores, mem: this.memory.length };
  }
}
