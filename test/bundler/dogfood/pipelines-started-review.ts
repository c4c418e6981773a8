import { Operator, structuralJit } from "xcs-jit";
// A review's programs for calls started without `await` (g.start / g.await), written to make a
// compiled class differ from eager. Run against eager by pipelines-started-review.test.ts.
import type { Ask, Reply } from "./group-members.js";

export interface Items {
  items: string[];
}

// A1. Started effect; an awaited call ends the moment; a second awaited call reads what the
// still-running effect was given (eager reads it before the sort lands: ranker 2 ticks, model 1).
@structuralJit
export class ReadAfterMomentWhileRunning extends Operator<Ask, { m: string; n: string; s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: "x" });
    const n = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { m: m.answer, n: n.answer, s: s.answer };
  }
}

// A2. Started stamping effect (5 ticks); after an awaited pure call, a second effect given the same
// request while the first still runs (eager: the logger is given the request unstamped).
@structuralJit
export class EffectAfterMomentSameObject extends Operator<Ask, { m: string; l: string; s: string }> {
  constructor(readonly stamp: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>, readonly logger: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const req = { query: inputs.query };
    const p = this.stamp.invoke(req);
    const m = await this.model.invoke({ query: "x" });
    const l = await this.logger.invoke(req);
    const s = await p;
    return { m: m.answer, l: l.answer, s: s.answer };
  }
}

// A3. Started calls in a build-time loop over members.
@structuralJit
export class StartedInLoop extends Operator<Ask, { out: string[] }> {
  constructor(readonly rankers: Operator<Items, Reply>[], readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const out: string[] = [];
    for (const r of this.rankers) {
      const p = r.invoke({ items });
      const m = await this.model.invoke({ query: items.join("") });
      const s = await p;
      out.push(`${m.answer}|${s.answer}`);
    }
    return { out };
  }
}

// A4. Started call inside an `if` on a static condition; the moment crosses the `if`'s end.
@structuralJit
export class StartedInIf extends Operator<Ask, { m: string; s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>, readonly fast: boolean) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    let s = "none";
    if (this.fast) {
      const p = this.ranker.invoke({ items });
      const m0 = await this.model.invoke({ query: items[0]! });
      s = (await p).answer + m0.answer;
    }
    const m = await this.model.invoke({ query: items[0]! });
    return { m: m.answer, s };
  }
}

// A5. A started effect, then an awaited call that fails and is caught; the started call awaited after
// (the `try` is host code: under `sequential` and a bound it read the list after the sort).
@structuralJit
export class StartedThenCaught extends Operator<Ask, { m: string; s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly flaky: Operator<Ask, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    let m = "caught";
    try {
      m = (await this.flaky.invoke({ query: items[0]! })).answer;
    } catch {
      m = "caught";
    }
    const s = await p;
    const n = await this.model.invoke({ query: items[0]! });
    return { m: `${m}/${n.answer}`, s: s.answer };
  }
}

// A6. A started effect, then an awaited sibling that fails (uncaught): eager rejects, ranker goes on.
@structuralJit
export class StartedSiblingFails extends Operator<Ask, { m: string; s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly flaky: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const m = await this.flaky.invoke({ query: `${items[0]}${inputs.query}` });
    const s = await p;
    return { m: m.answer, s: s.answer };
  }
}

// A7. `await p` twice, a read in between.
@structuralJit
export class AwaitTwice extends Operator<Ask, { a: string; b: string; n: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const a = await p;
    const n = await this.model.invoke({ query: items[0]! });
    const b = await p;
    return { a: a.answer, b: b.answer, n: n.answer };
  }
}

// A8. `await p` inside a template string and an object literal.
@structuralJit
export class AwaitInTemplate extends Operator<Ask, { t: string; o: { r: string } }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const q = this.model.invoke({ query: items[0]! });
    const t = `${(await q).answer}:${(await p).answer}`;
    const o = { r: (await p).answer };
    return { t, o };
  }
}

// A9. Promise.all over a started promise and a new call reading the started effect's input.
@structuralJit
export class AllMixed extends Operator<Ask, { s: string; m: string; n: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const n = await this.model.invoke({ query: "x" });
    const [s, m] = await Promise.all([p, this.model.invoke({ query: items[0]! })]);
    return { s: s.answer, m: m.answer, n: n.answer };
  }
}

// A10. `let p` reassigned to a second started effect (an assignment, not a declaration).
@structuralJit
export class ReassignedLet extends Operator<Ask, { a: string; b: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    let p = this.model.invoke({ query: "first" });
    const a = await p;
    p = this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const b = await p;
    return { a: a.answer, b: b.answer, m: m.answer };
  }
}

// A11. A started effect held in an object literal's field.
@structuralJit
export class StartedInObjectField extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const held = { p: this.ranker.invoke({ items }) };
    const m = await this.model.invoke({ query: items[0]! });
    const s = await held.p;
    return { s: s.answer, m: m.answer };
  }
}

// A12. An optionally chained started effect (`?.invoke`), the receiver present.
@structuralJit
export class OptionalStarted extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply> | undefined, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker?.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { s: s?.answer ?? "none", m: m.answer };
  }
}

// A13. Started effects made by a `.map` callback (no array literal), then a read before awaiting them.
@structuralJit
export class MapStarted extends Operator<Ask, { s: string[]; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const lists = [["z", inputs.query, "a"], ["y", "b"]];
    const ps = lists.map((items) => this.ranker.invoke({ items }));
    const m = await this.model.invoke({ query: lists[0]![0]! });
    const s = await Promise.all(ps);
    return { s: s.map((r) => r.answer), m: m.answer };
  }
}

// A14. A started effect, then host code (console.log) reading what it was given, in the moment
// (under `maxConcurrency` the host waited for the slot the effect held).
@structuralJit
export class StartedThenConsole extends Operator<Ask, { s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    console.log(`before ${items.join(",")}`);
    const s = await p;
    console.log(`after ${items.join(",")}`);
    return { s: s.answer };
  }
}

// A15. Two started effects given different objects, awaited in reverse; reads of each in between.
@structuralJit
export class TwoStartedEffects extends Operator<Ask, { a: string; b: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly ranker2: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const x = ["z", inputs.query, "a"];
    const y = ["y", "b", inputs.query];
    const pa = this.ranker.invoke({ items: x });
    const pb = this.ranker2.invoke({ items: y });
    const m = await this.model.invoke({ query: `${x[0]}${y[0]}` });
    const b = await pb;
    const a = await pa;
    return { a: a.answer, b: b.answer, m: m.answer };
  }
}

// A16. A started nested structural operator that starts its own effect.
@structuralJit
export class InnerStarts extends Operator<Items, Reply> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    const p = this.ranker.invoke({ items: inputs.items });
    const m = await this.model.invoke({ query: inputs.items[0]! });
    const s = await p;
    const t = await this.model.invoke({ query: inputs.items[0]! });
    return { answer: `${m.answer}:${s.answer}:${t.answer}` };
  }
}

@structuralJit
export class OuterStartsInner extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly inner: InnerStarts, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.inner.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { s: s.answer, m: m.answer };
  }
}

// A17. A started pure call given a list, then an awaited effect sorting it (in the same moment).
@structuralJit
export class StartedPureThenEffect extends Operator<Ask, { j: string; s: string }> {
  constructor(readonly join: Operator<Items, Reply>, readonly ranker: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const pj = this.join.invoke({ items });
    const s = await this.ranker.invoke({ items });
    const j = await pj;
    return { j: j.answer, s: s.answer };
  }
}

// A18. Dropped effect promise, then an awaited sibling that fails.
@structuralJit
export class DroppedThenFails extends Operator<Ask, { m: string }> {
  constructor(readonly logger: Operator<Ask, Reply>, readonly flaky: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    this.logger.invoke({ query: inputs.query });
    const m = await this.flaky.invoke({ query: inputs.query });
    return { m: m.answer };
  }
}

// A19. A started effect awaited inside a loop over members (the `await p` repeated).
@structuralJit
export class AwaitInLoop extends Operator<Ask, { out: string[] }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly models: Operator<Ask, Reply>[]) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const out: string[] = [];
    for (const m of this.models) {
      const r = await m.invoke({ query: items[0]! });
      const s = await p;
      out.push(`${r.answer}|${s.answer}`);
    }
    return { out };
  }
}

// A20. A started effect aliased, the alias awaited.
@structuralJit
export class AliasAwaited extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const q = p;
    const m = await this.model.invoke({ query: items[0]! });
    const s = await q;
    return { s: s.answer, m: m.answer };
  }
}

// B2. A started effect, then an awaited inlined pure structural operator whose second step reads
// what the effect was given (eager: that step starts at tick 1, before the sort at tick 2; under a
// bound of one it starts once the sort held the slot, as eager's does under that bound).
@structuralJit
export class PeekTwice extends Operator<Items, Reply> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    const a = await this.model.invoke({ query: inputs.items[0]! });
    const b = await this.model.invoke({ query: inputs.items[0]! });
    return { answer: `${a.answer}+${b.answer}` };
  }
}

@structuralJit
export class StartedThenInlinedReader extends Operator<Ask, { s: string; r: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly peek: PeekTwice) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const r = await this.peek.invoke({ items });
    const s = await p;
    return { s: s.answer, r: r.answer };
  }
}

// B3. Members of a Promise.all each drop a started effect; a read after the Promise.all while they run.
@structuralJit
export class DroppedInMembers extends Operator<Ask, { out: string[]; n: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const lists = [["z", inputs.query, "a"], ["y", "b"]];
    const out = await Promise.all(
      lists.map(async (items) => {
        this.ranker.invoke({ items });
        const m = await this.model.invoke({ query: "x" });
        return m.answer;
      }),
    );
    const n = await this.model.invoke({ query: lists[0]![0]! });
    return { out, n: n.answer };
  }
}

// B4. A nested structural operator that returns while the effect it started runs; the caller reads.
@structuralJit
export class InnerDrops extends Operator<Items, Reply> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    this.ranker.invoke({ items: inputs.items });
    return await this.model.invoke({ query: "x" });
  }
}

@structuralJit
export class OuterAfterInnerDrops extends Operator<Ask, { r: string; n: string }> {
  constructor(readonly inner: InnerDrops, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const r = await this.inner.invoke({ items });
    const n = await this.model.invoke({ query: items[0]! });
    return { r: r.answer, n: n.answer };
  }
}

// B5. `forward` returns a read of what a started, never awaited effect was given (no await at all).
@structuralJit
export class ReturnWhileStarted extends Operator<Ask, { first: string }> {
  constructor(readonly ranker: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    this.ranker.invoke({ items });
    return { first: items[0]! };
  }
}

// B5b. The same after an awaited call that ends the moment.
@structuralJit
export class ReturnAfterMoment extends Operator<Ask, { first: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const m = await this.model.invoke({ query: "x" });
    void p;
    return { first: items[0]!, m: m.answer };
  }
}

// B9. Host code (a try) that starts an effect and awaits a pure structural operator given the same list.
@structuralJit
export class JoinOp extends Operator<Items, Reply> {
  constructor(readonly join: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    return await this.join.invoke({ items: inputs.items });
  }
}

@structuralJit
export class HostStartsThenStructural extends Operator<Ask, { j: string; s: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly joinOp: JoinOp, readonly join: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    let j = "none";
    let s = "none";
    try {
      const p = this.ranker.invoke({ items });
      const a = await this.joinOp.invoke({ items });
      const b = await this.join.invoke({ items });
      j = `${a.answer}/${b.answer}`;
      s = (await p).answer;
    } catch {
      j = "caught";
    }
    return { j, s };
  }
}

// C2. A1 inside the members of a Promise.all over a map (compiled members).
@structuralJit
export class ReadAfterMomentInMembers extends Operator<Ask, { out: string[] }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const lists = [["z", inputs.query, "a"], ["y", "b"]];
    const out = await Promise.all(
      lists.map(async (items) => {
        const p = this.ranker.invoke({ items });
        const m = await this.model.invoke({ query: "x" });
        const n = await this.model.invoke({ query: items[0]! });
        const s = await p;
        return `${m.answer}|${n.answer}|${s.answer}`;
      }),
    );
    return { out };
  }
}

// C3. A Promise.all straight in the moment over the started promise and a reader.
@structuralJit
export class AllInMoment extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const [s, m] = await Promise.all([p, this.model.invoke({ query: items[0]! })]);
    return { s: s.answer, m: m.answer };
  }
}

// C10. A started pure call that fails, awaited first; a started effect beside it never awaited.
@structuralJit
export class StartedFailsFirst extends Operator<Ask, { a: string }> {
  constructor(readonly flaky: Operator<Ask, Reply>, readonly logger: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const pa = this.flaky.invoke({ query: inputs.query });
    const pb = this.logger.invoke({ query: inputs.query });
    const a = await pa;
    void pb;
    return { a: a.answer };
  }
}

// C16. A started effect chosen by a static conditional (`c ? x.invoke() : y.invoke()` bound to a name).
@structuralJit
export class ConditionalStarted extends Operator<Ask, { s: string; m: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly ranker2: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>, readonly first: boolean) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.first ? this.ranker.invoke({ items }) : this.ranker2.invoke({ items });
    const m = await this.model.invoke({ query: items[0]! });
    const s = await p;
    return { s: s.answer, m: m.answer };
  }
}

// C17. Host code (a try) starts an effect that pushes into what it is given, then awaits a pure
// call given the same object: under a bound the pure call waits for a slot inside `invoke`, and is
// given a copy of a plain object (C17b); a class instance (C17) it is given itself, as eager's is
// under that bound.
export type WithBag = { bag: { items: string[] } };

export class Bag {
  constructor(readonly items: string[]) {}
}

@structuralJit
export class HostBagReader extends Operator<Ask, { n: string; t: string }> {
  constructor(readonly tagger: Operator<WithBag, Reply>, readonly counter: Operator<WithBag, Reply>, readonly instance: boolean) {
    super();
  }

  async forward(inputs: Ask) {
    const bag = this.instance ? new Bag([inputs.query]) : { items: [inputs.query] };
    let n = "none";
    let t = "none";
    try {
      const p = this.tagger.invoke({ bag });
      n = (await this.counter.invoke({ bag })).answer;
      t = (await p).answer;
    } catch {
      n = "caught";
    }
    return { n, t };
  }
}

// S1. A started effect, then host code that changes what it was given, in the moment: eager's
// `invoke` takes the free slot and begins before the host's code runs, also under a bound (a host
// that holds no slot must not start before a call of its moment that comes first).
@structuralJit
export class StartedThenHostPush extends Operator<Ask, { s: string; n: string }> {
  constructor(readonly ranker: Operator<Items, Reply>, readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const p = this.ranker.invoke({ items });
    const add = (list: string[]) => list.push("late");
    add(items);
    const s = await p;
    const n = await this.model.invoke({ query: items.join("+") });
    return { s: s.answer, n: n.answer };
  }
}
