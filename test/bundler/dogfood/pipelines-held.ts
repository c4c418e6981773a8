// Held literals (review of 7b72e08): local object/array literals holding graph values given to
// sub-operator calls, then aliased, nested, looped over, changed by effects or host code, read again.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type Items = { items: string[] };
export type Opts = { query: string; k: number; tags: string[]; style?: string };
export type WithOpts = { opts: Opts };
export type Task = { q: string; tag: string };
export type WithTask = { task: Task };
export type WithTasks = { tasks: Task[] };
export type Meta = { by: string; seen: string[] };

/** Host code the compiler cannot see into: changes the options it is given. */
export function mutate(o: Opts): void {
  o.tags.push(`m${o.tags.length}`);
  o.k += 10;
}

// H1. A constant list nested in a held options object, pushed onto by an effect; run several times.

@structuralJit
export class NestedConstPushed extends Operator<Ask, { n: number; tags: string[]; r: string }> {
  constructor(
    readonly tagger: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: ["base"] };
    await this.tagger.invoke({ opts });
    const r = await this.model.invoke({ query: opts.tags.join(",") });
    return { n: opts.tags.length, tags: opts.tags, r: r.answer };
  }
}

// H2. Pure only: options with a constant nested list given to a call, returned whole (the caller changes it).

@structuralJit
export class ReturnedConstNested extends Operator<Ask, { opts: Opts; r: string }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 2, tags: ["a", "b"] };
    const r = await this.model.invoke({ query: opts.query });
    await this.see.invoke({ opts });
    return { opts, r: r.answer };
  }
}

// H3. An alias of the whole literal given to an effect; the original read after.

@structuralJit
export class AliasWhole extends Operator<Ask, { k: number; tags: string; same: boolean }> {
  constructor(readonly tagger: Operator<WithOpts, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { query: inputs.query, k: 1, tags: [inputs.query] };
    const o2 = o;
    await this.tagger.invoke({ opts: o2 });
    return { k: o.k, tags: o.tags.join(","), same: o === o2 };
  }
}

// H4. An alias of an element (items hold objects) given to an effect; the list read after.

@structuralJit
export class ElementAlias extends Operator<Ask, { tag: string; firstTag: string; all: Task[] }> {
  constructor(readonly marker: Operator<WithTask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [
      { q: inputs.query, tag: "x" },
      { q: "b", tag: "y" },
    ];
    const first = items[0]!;
    await this.marker.invoke({ task: first });
    return { tag: items[0]!.tag, firstTag: first.tag, all: items };
  }
}

// H4b. An element taken before the whole list is given to an effect that replaces elements.

@structuralJit
export class ElementTakenBefore extends Operator<Ask, { firstQ: string; nowQ: string; n: number }> {
  constructor(
    readonly see: Operator<WithTasks, Reply>,
    readonly reorder: Operator<WithTasks, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [
      { q: inputs.query, tag: "x" },
      { q: "b", tag: "y" },
    ];
    await this.see.invoke({ tasks: items });
    const first = items[0]!;
    await this.reorder.invoke({ tasks: items });
    return { firstQ: first.q, nowQ: items[0]!.q, n: items.length };
  }
}

// H5. Destructured after an effect changed it.

@structuralJit
export class DestructureAfterEffect extends Operator<Ask, { k: number; n: number; tags: string[] }> {
  constructor(readonly tagger: Operator<WithOpts, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.tagger.invoke({ opts });
    const { k, tags } = opts;
    return { k, n: tags.length, tags };
  }
}

// H5b. A part destructured before an effect pushes onto it.

@structuralJit
export class DestructureBeforeEffect extends Operator<Ask, { n: number; k: number; first: string }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly tagger: Operator<WithOpts, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.see.invoke({ opts });
    const { tags, k } = opts;
    await this.tagger.invoke({ opts });
    return { n: tags.length, k, first: tags[tags.length - 1]! };
  }
}

// H6. A spread copy of a list of objects given to an effect that marks and reverses it.

@structuralJit
export class SpreadObjectsToEffect extends Operator<Ask, { tags: string[]; first: string; n: number }> {
  constructor(
    readonly reorder: Operator<WithTasks, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "fixed", tag: "b" },
    ];
    await this.reorder.invoke({ tasks: [...tasks] });
    const r = await this.model.invoke({ query: tasks[0]!.tag });
    return { tags: [tasks[0]!.tag, tasks[1]!.tag, r.answer], first: tasks[0]!.q, n: tasks.length };
  }
}

// H7. Object.values of a held object after an effect changed a value.

@structuralJit
export class ValuesAfterEffect extends Operator<Ask, { vals: string; r: string }> {
  constructor(
    readonly rewriter: Operator<{ parts: Record<string, string> }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const parts = { a: inputs.query, b: "fixed" };
    await this.rewriter.invoke({ parts });
    const vals = Object.values(parts).join("+");
    const r = await this.model.invoke({ query: vals });
    return { vals, r: r.answer };
  }
}

// H8. A ternary between two held lists given to an effect; both read after.

@structuralJit
export class TernaryPick extends Operator<Ask, { na: number; nb: number; a0: string; b: string[] }> {
  flag = true;

  constructor(readonly pusher: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const a = [inputs.query, "a"];
    const b = [inputs.query, "b"];
    const pick = this.flag ? a : b;
    await this.pusher.invoke({ items: pick });
    return { na: a.length, nb: b.length, a0: a[a.length - 1]!, b };
  }
}

// H8b. The ternary written inside the call's input.

@structuralJit
export class TernaryInCall extends Operator<Ask, { na: number; nb: number; a: string[] }> {
  flag = false;

  constructor(
    readonly join: Operator<Items, Reply>,
    readonly pusher: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const a = [inputs.query, "a"];
    const b = [inputs.query, "b"];
    await this.join.invoke({ items: a });
    await this.pusher.invoke({ items: this.flag ? a : b });
    return { na: a.length, nb: b.length, a };
  }
}

// H9. Literals nested in a literal: parts given to two effects, the whole read and returned.

@structuralJit
export class NestedParts extends Operator<Ask, { n: number; seen: string[]; outer: { inner: string[]; meta: Meta } }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly metaEff: Operator<{ meta: Meta }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const outer = { inner: [inputs.query, "x"], meta: { by: inputs.query, seen: [] as string[] } };
    await this.pusher.invoke({ items: outer.inner });
    await this.metaEff.invoke({ meta: outer.meta });
    return { n: outer.inner.length, seen: outer.meta.seen, outer };
  }
}

// H9b. The same, then a loop over the nested list (traced: an effect was given it).

@structuralJit
export class NestedPartLoop extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const outer = { inner: [inputs.query, "x"], k: 1 };
    await this.pusher.invoke({ items: outer.inner });
    const per: string[] = [];
    for (const s of outer.inner) {
      const r = await this.model.invoke({ query: s });
      per.push(r.answer);
    }
    return { per };
  }
}

// H9c. An effect given the whole outer object; a loop over a nested list after.

@structuralJit
export class OuterGivenInnerLooped extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly tagger: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query, "t"] };
    await this.tagger.invoke({ opts });
    const per: string[] = [];
    for (const t of opts.tags) {
      const r = await this.model.invoke({ query: t });
      per.push(r.answer);
    }
    return { per };
  }
}

// H10. Loop variables given to an effect; the list given whole after and returned.

@structuralJit
export class LoopVarToEffect extends Operator<Ask, { tags: string; seen: string; tasks: Task[] }> {
  constructor(
    readonly marker: Operator<WithTask, Reply>,
    readonly see: Operator<WithTasks, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    for (const t of tasks) await this.marker.invoke({ task: t });
    const s = await this.see.invoke({ tasks });
    return { tags: tasks.map((t) => t.tag).join(","), seen: s.answer, tasks };
  }
}

// H11. A loop over members whose body reads the literal, then gives it to an effect that changes it.

@structuralJit
export class LoopBodyGives extends Operator<Ask, { heads: string[]; answers: string[]; items: string[] }> {
  steps = ["s1", "s2", "s3"];

  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly ranker: Operator<Items & { step: string }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "m", "z"];
    const heads: string[] = [];
    const answers: string[] = [];
    for (const step of this.steps) {
      const head = items[0]!;
      heads.push(head);
      const r = await this.model.invoke({ query: `${step}:${head}:${items.length}` });
      answers.push(r.answer);
      await this.ranker.invoke({ items, step });
    }
    return { heads, answers, items };
  }
}

// H11b. A counted loop whose body gives the literal to an effect and reads it by index.

@structuralJit
export class CountedLoopGives extends Operator<Ask, { seen: string[] }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await this.model.invoke({ query: `${i}:${items[i]}` });
      seen.push(r.answer);
      await this.pusher.invoke({ items });
    }
    return { seen };
  }
}

// H12. `.map` with an async body of two awaits over a held list of objects, giving each to an effect.

@structuralJit
export class MapTwoAwaitsEffect extends Operator<Ask, { out: string[]; tasks: Task[] }> {
  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly marker: Operator<WithTask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "slow", tag: "b" },
    ];
    const out = await Promise.all(
      tasks.map(async (t) => {
        const d = await this.model.invoke({ query: t.q });
        await this.marker.invoke({ task: t });
        return `${d.answer}|${t.tag}`;
      }),
    );
    return { out, tasks };
  }
}

// H12b. `.map` over members with an async body of two awaits; the second gives the held list to an effect.

@structuralJit
export class MapMembersGiveList extends Operator<Ask, { out: string[]; items: string[] }> {
  names = ["n1", "n2"];

  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly pusher: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "x"];
    const out = await Promise.all(
      this.names.map(async (n) => {
        const d = await this.model.invoke({ query: `${n}:${items[0]}` });
        const e = await this.pusher.invoke({ items });
        return `${d.answer}|${e.answer}|${items.length}`;
      }),
    );
    return { out, items };
  }
}

// H12c. Pure only: `.map` with an async body of two awaits over a held list after it was given to a call.

@structuralJit
export class MapTwoAwaitsPure extends Operator<Ask, { out: string[]; j: string }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const queries = [inputs.query, `${inputs.query}!`];
    const j = await this.join.invoke({ items: queries });
    const out = await Promise.all(
      queries.map(async (q) => {
        const a = await this.model.invoke({ query: q });
        const b = await this.model.invoke({ query: `${a.answer}+${q}` });
        return b.answer;
      }),
    );
    return { out, j: j.answer };
  }
}

// H14. console.log reads the list before and after an effect pushes onto it.

@structuralJit
export class ConsoleAround extends Operator<Ask, { n: number }> {
  constructor(readonly pusher: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    console.log("before", items.join(","));
    await this.pusher.invoke({ items });
    console.log("after", items.join(","), items.length);
    return { n: items.length };
  }
}

// H15. Unknown host function changes the options between two calls given them.

@structuralJit
export class HostMutateBetween extends Operator<Ask, { a: string; b: string; opts: Opts }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    const a = await this.see.invoke({ opts });
    mutate(opts);
    const b = await this.model.invoke({ query: `${opts.k}:${opts.tags.join(",")}` });
    return { a: a.answer, b: b.answer, opts };
  }
}

// H16. A method call pushes onto the nested list after the options were given to a pure call.

@structuralJit
export class HostPushNested extends Operator<Ask, { j: string; n: number; tags: string[] }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: ["t0"] };
    await this.see.invoke({ opts });
    opts.tags.push(inputs.query);
    const j = await this.join.invoke({ items: opts.tags });
    return { j: j.answer, n: opts.tags.length, tags: opts.tags };
  }
}

// H16b. The same push, then a fan-out over the nested list.

@structuralJit
export class HostPushThenMap extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: ["t0", inputs.query] };
    await this.see.invoke({ opts });
    opts.tags.push("late");
    const per = await Promise.all(opts.tags.map((t) => this.model.invoke({ query: t })));
    return { per: per.map((p) => p.answer) };
  }
}

// H17. Returned list of objects, one of them constant; the caller edits the constant one.

@structuralJit
export class ReturnedConstElement extends Operator<Ask, { all: { by: string; text: string }[]; j: string }> {
  constructor(
    readonly a: Operator<Ask, Reply>,
    readonly judge: Operator<{ cands: { by: string; text: string }[] }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.a.invoke({ query: inputs.query });
    const cands = [
      { by: "a", text: r.answer },
      { by: "fixed", text: "default" },
    ];
    const j = await this.judge.invoke({ cands });
    return { all: cands, j: j.answer };
  }
}

// H18. An effect that keeps the first list it is given and pushes onto it on later calls.

@structuralJit
export class MemoryKeeps extends Operator<Ask, { a: string; b: string; n: number }> {
  constructor(
    readonly memory: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    await this.memory.invoke({ items });
    const a = await this.join.invoke({ items });
    await this.memory.invoke({ items: ["other"] });
    const b = await this.join.invoke({ items });
    return { a: a.answer, b: b.answer, n: items.length };
  }
}

// H19. Nested structural operators: the inner gives its input's list to an effect.

@structuralJit
export class InnerRanks extends Operator<Items, { n: number }> {
  constructor(readonly ranker: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    await this.ranker.invoke({ items: inputs.items });
    return { n: inputs.items.length };
  }
}

@structuralJit
export class OuterOfRanker extends Operator<Ask, { r: number; n: number; first: string; j: string }> {
  constructor(
    readonly inner: Operator<Items, { n: number }>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b", "a"];
    const r = await this.inner.invoke({ items });
    const j = await this.join.invoke({ items });
    return { r: r.n, n: items.length, first: items[0]!, j: j.answer };
  }
}

// H19b. The inner changes its input by host code (a push), the outer reads it after.

@structuralJit
export class InnerPushesHost extends Operator<Items, Reply> {
  constructor(readonly join: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Items) {
    inputs.items.push("inner");
    return await this.join.invoke({ items: inputs.items });
  }
}

@structuralJit
export class OuterOfPusher extends Operator<Ask, { r: string; n: number; j: string }> {
  constructor(
    readonly inner: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    const r = await this.inner.invoke({ items });
    const j = await this.join.invoke({ items });
    return { r: r.answer, n: items.length, j: j.answer };
  }
}

// H19c. The inner hands its input back; the outer changes what it got by host code.

@structuralJit
export class InnerIdentity extends Operator<WithOpts, Opts> {
  constructor(readonly see: Operator<WithOpts, Reply>) {
    super();
  }

  async forward(inputs: WithOpts) {
    await this.see.invoke({ opts: inputs.opts });
    return inputs.opts;
  }
}

@structuralJit
export class OuterEditsReturned extends Operator<Ask, { k: number; r: string }> {
  constructor(
    readonly inner: Operator<WithOpts, Opts>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    const back = await this.inner.invoke({ opts });
    back.k = 7;
    const r = await this.model.invoke({ query: `${opts.k}` });
    return { k: opts.k, r: r.answer };
  }
}

// H20. Reads before and after an effect that sorts and pushes.

@structuralJit
export class ReadsAroundEffect extends Operator<Ask, { n0: number; f0: string; n1: number; f1: string; r: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["zz", inputs.query];
    const n0 = items.length;
    const f0 = items[0]!;
    await this.ranker.invoke({ items });
    const n1 = items.length;
    const f1 = items[0]!;
    const r = await this.model.invoke({ query: `${f0}/${f1}/${n0}/${n1}` });
    return { n0, f0, n1, f1, r: r.answer };
  }
}

// H21. An effect deletes a key and sets another; the options spread into a call after.

@structuralJit
export class DeleteThenSpread extends Operator<Ask, { keys: string[]; has: boolean; r: string }> {
  constructor(
    readonly stripper: Operator<WithOpts, Reply>,
    readonly p: Operator<Opts, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts: Opts = { query: inputs.query, k: 2, tags: [], style: "formal" };
    await this.stripper.invoke({ opts });
    const r = await this.p.invoke({ ...opts });
    return { keys: Object.keys(opts), has: "style" in opts, r: r.answer };
  }
}

// H22. An effect replaces the nested list with a new one; the list given to a call after.

@structuralJit
export class ReplaceNested extends Operator<Ask, { j: string; tags: string[] }> {
  constructor(
    readonly replacer: Operator<WithOpts, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query, "t"] };
    await this.replacer.invoke({ opts });
    const j = await this.join.invoke({ items: opts.tags });
    return { j: j.answer, tags: opts.tags };
  }
}

// H23. Pure only: a list of objects fanned out before and after it was judged, read by index, returned.

@structuralJit
export class PureTasksAround extends Operator<Ask, { pre: string[]; post: string[]; judged: string; t0: string; n: number; tasks: Task[] }> {
  constructor(
    readonly worker: Operator<WithTask, Reply>,
    readonly judge: Operator<WithTasks, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: `${inputs.query}2`, tag: "b" },
    ];
    const pre = await Promise.all(tasks.map((t) => this.worker.invoke({ task: t })));
    const judged = await this.judge.invoke({ tasks });
    const post = await Promise.all(tasks.map((t) => this.worker.invoke({ task: { q: `${t.q}#`, tag: t.tag } })));
    return { pre: pre.map((p) => p.answer), post: post.map((p) => p.answer), judged: judged.answer, t0: tasks[0]!.q, n: tasks.length, tasks };
  }
}

// H24. Pure only: options with a nested list given to two calls, a loop over the nested list after, returned.

@structuralJit
export class PureNestedLoop extends Operator<Ask, { per: string[]; a: string; b: string; opts: Opts }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 3, tags: [inputs.query, "t1"] };
    const [a, b] = await Promise.all([this.see.invoke({ opts }), this.see.invoke({ opts: { ...opts, k: 4 } })]);
    const per: string[] = [];
    for (const t of opts.tags) {
      const r = await this.model.invoke({ query: `${t}:${opts.k}` });
      per.push(r.answer);
    }
    return { per, a: a.answer, b: b.answer, opts };
  }
}

// H26. Pure only: a grid of lists given to a call, then a nested loop over it.

@structuralJit
export class PureGrid extends Operator<Ask, { cells: string[]; g: string }> {
  constructor(
    readonly see: Operator<{ grid: string[][] }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const grid = [
      [inputs.query, "a"],
      ["b", `${inputs.query}!`],
    ];
    const g = await this.see.invoke({ grid });
    const cells: string[] = [];
    for (const row of grid) {
      const rs = await Promise.all(row.map((c) => this.model.invoke({ query: c })));
      for (const r of rs) cells.push(r.answer);
    }
    return { cells, g: g.answer };
  }
}

// H27. Loop variables given to an effect in a one-expression .map; a pure .map reads the list after.

@structuralJit
export class MapEffectThenPureMap extends Operator<Ask, { tags: string[]; tasks: Task[] }> {
  constructor(readonly marker: Operator<WithTask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    await Promise.all(tasks.map((t) => this.marker.invoke({ task: t })));
    return { tags: tasks.map((t) => t.tag), tasks };
  }
}

// H28. An element given to an effect, then a fan-out over the whole list (traced: an effect was given a part).

@structuralJit
export class ElementGivenThenMap extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly marker: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    await this.marker.invoke({ task: tasks[1]! });
    const per = await Promise.all(tasks.map((t) => this.model.invoke({ query: `${t.q}:${t.tag}` })));
    return { per: per.map((p) => p.answer) };
  }
}

// H29. An effect that pushes then fails, caught; the list read after.

@structuralJit
export class FailingPusherCaught extends Operator<Ask, { n: number; items: string[]; err: string }> {
  constructor(readonly pusher: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    let err = "";
    try {
      await this.pusher.invoke({ items });
    } catch (e) {
      err = (e as Error).message;
    }
    return { n: items.length, items, err };
  }
}

// H30. A spread copy of options (sharing its list) given to an effect that pushes; the original read after.

@structuralJit
export class SpreadSharesList extends Operator<Ask, { n: number; tags: string[]; k: number }> {
  constructor(readonly tagger: Operator<WithOpts, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.tagger.invoke({ opts: { ...opts } });
    return { n: opts.tags.length, tags: opts.tags, k: opts.k };
  }
}

// H31. A branch on the list's length after an effect pushed onto it.

@structuralJit
export class BranchOnLength extends Operator<Ask, { r: string; n: number }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    await this.pusher.invoke({ items });
    let r = "none";
    if (items.length > 1) {
      const m = await this.model.invoke({ query: items[items.length - 1]! });
      r = m.answer;
    }
    return { r, n: items.length };
  }
}

// H32. A list given to an effect that keeps it, pushed onto by the caller after, then given again.

@structuralJit
export class PushAfterEffectKept extends Operator<Ask, { a: string; b: string; items: string[] }> {
  constructor(
    readonly keeper: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    const a = await this.keeper.invoke({ items });
    const mid = await this.join.invoke({ items });
    const b = await this.keeper.invoke({ items: [mid.answer] });
    return { a: a.answer, b: b.answer, items };
  }
}

// H33. Two held literals, one inside the other's call input; the inner one given to an effect through the outer.

@structuralJit
export class WrappedInCall extends Operator<Ask, { n: number; items: string[]; per: string[] }> {
  constructor(
    readonly wrapEff: Operator<{ wrap: { list: string[]; k: number } }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "w"];
    await this.wrapEff.invoke({ wrap: { list: items, k: 1 } });
    const per = await Promise.all(items.map((x) => this.model.invoke({ query: x })));
    return { n: items.length, items, per: per.map((p) => p.answer) };
  }
}

// H34. An effect rewrites an element's field; a fan-out reads that field (no template) after.

@structuralJit
export class ElementFieldReadAfter extends Operator<Ask, { per: string[]; q1: string }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    await this.rewriter.invoke({ task: tasks[1]! });
    const per = await Promise.all(tasks.map((t) => this.model.invoke({ query: t.q })));
    return { per: per.map((p) => p.answer), q1: tasks[1]!.q };
  }
}

// H34b. The same with a sequential for…of over the list.

@structuralJit
export class ElementFieldLoopAfter extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    await this.rewriter.invoke({ task: tasks[0]! });
    const per: string[] = [];
    for (const t of tasks) {
      const r = await this.model.invoke({ query: t.q });
      per.push(r.answer);
    }
    return { per };
  }
}

// H34c. The element given through an alias bound by a loop, then a field read by index.

@structuralJit
export class NestedObjectFieldAfter extends Operator<Ask, { by: string; r: string }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const bag = { task: { q: inputs.query, tag: "a" }, k: 1 };
    await this.rewriter.invoke({ task: bag.task });
    const r = await this.model.invoke({ query: bag.task.q });
    return { by: bag.task.tag, r: r.answer };
  }
}

// H35. A row of a held grid given to an effect that pushes onto it; nested loops over the grid after.

@structuralJit
export class GridRowPushedLoop extends Operator<Ask, { cells: string[] }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const grid = [[inputs.query, "a"], ["b"]];
    await this.pusher.invoke({ items: grid[0]! });
    const cells: string[] = [];
    for (const row of grid) {
      for (const c of row) {
        const r = await this.model.invoke({ query: c });
        cells.push(r.answer);
      }
    }
    return { cells };
  }
}

// H35b. The same row pushed onto; a fan-out over that row after.

@structuralJit
export class GridRowPushedMap extends Operator<Ask, { per: string[]; n: number }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const grid = [[inputs.query, "a"], ["b"]];
    await this.pusher.invoke({ items: grid[0]! });
    const per = await Promise.all(grid[0]!.map((c) => this.model.invoke({ query: c })));
    return { per: per.map((p) => p.answer), n: grid[0]!.length };
  }
}

// H35c. The same row pushed onto; a fan-out over the grid reading each row's first and last.

@structuralJit
export class GridRowPushedRows extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const grid = [[inputs.query, "a"], ["b"]];
    await this.pusher.invoke({ items: grid[0]! });
    const per = await Promise.all(grid.map((row) => this.model.invoke({ query: `${row.length}:${row[row.length - 1]}` })));
    return { per: per.map((p) => p.answer) };
  }
}

// H37. A field of the options written after an effect changed them; read and returned.

@structuralJit
export class WriteFieldAfterEffect extends Operator<Ask, { k: number; r: string; opts: Opts }> {
  constructor(
    readonly tagger: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.tagger.invoke({ opts });
    opts.k = 5;
    const r = await this.model.invoke({ query: `${opts.k}:${opts.tags.length}` });
    return { k: opts.k, r: r.answer, opts };
  }
}

// H37b. An element of a held list written after an effect pushed onto it.

@structuralJit
export class WriteElementAfterEffect extends Operator<Ask, { items: string[]; j: string }> {
  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    await this.pusher.invoke({ items });
    items[0] = "first";
    const j = await this.join.invoke({ items });
    return { items, j: j.answer };
  }
}

// H37c. A field of an element written after the list was given to an effect that reorders it.

@structuralJit
export class WriteElementFieldAfterEffect extends Operator<Ask, { tasks: Task[]; s: string }> {
  constructor(
    readonly reorder: Operator<WithTasks, Reply>,
    readonly see: Operator<WithTasks, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: "b", tag: "b" },
    ];
    await this.reorder.invoke({ tasks });
    tasks[0]!.tag = "written";
    const s = await this.see.invoke({ tasks });
    return { tasks, s: s.answer };
  }
}

// H37d. A field written before any effect, then the options given to an effect and read.

@structuralJit
export class WriteFieldBeforeEffect extends Operator<Ask, { k: number; opts: Opts }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly tagger: Operator<WithOpts, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.see.invoke({ opts });
    opts.k = 3;
    await this.tagger.invoke({ opts });
    return { k: opts.k, opts };
  }
}

// H37e. A nested list replaced by the caller's code after an effect was given the options.

@structuralJit
export class ReplaceListAfterEffect extends Operator<Ask, { j: string; opts: Opts }> {
  constructor(
    readonly tagger: Operator<WithOpts, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.tagger.invoke({ opts });
    opts.tags = ["fresh", inputs.query];
    const j = await this.join.invoke({ items: opts.tags });
    await this.tagger.invoke({ opts });
    return { j: j.answer, opts };
  }
}

// H38. Pure only: a sequential loop over a held list of strings after it was given to a call, each element given to a call.

@structuralJit
export class PureLoopGivesElement extends Operator<Ask, { out: string[]; j: string }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const queries = [inputs.query, `${inputs.query}?`, "fixed"];
    const j = await this.join.invoke({ items: queries });
    const out: string[] = [];
    for (const q of queries) {
      const r = await this.model.invoke({ query: q });
      out.push(r.answer);
    }
    return { out, j: j.answer };
  }
}

// H40. A pure `.map` over members and an operator `.map` over members reading the list after an effect.

@structuralJit
export class MembersReadAfterEffect extends Operator<Ask, { labels: string[]; per: string[] }> {
  names = ["n1", "n2"];

  constructor(
    readonly unshifter: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "x"];
    await this.unshifter.invoke({ items });
    const labels = this.names.map((n) => `${n}:${items[0]}:${items.length}`);
    const per = await Promise.all(this.names.map((n) => this.model.invoke({ query: `${n}/${items[0]}` })));
    return { labels, per: per.map((p) => p.answer) };
  }
}

// H41. Host code keeps a reference to a part of the literal before an effect changes it, reads it after.

export function pickTags(o: Opts): string[] {
  return o.tags;
}

@structuralJit
export class HostKeepsPart extends Operator<Ask, { n: number; r: string }> {
  constructor(
    readonly tagger: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    const tags = pickTags(opts);
    await this.tagger.invoke({ opts });
    const r = await this.model.invoke({ query: tags.join(",") });
    return { n: tags.length, r: r.answer };
  }
}

// H42. A held literal declared in a loop over members, given to an effect each round, looped over after.

@structuralJit
export class LiteralPerRound extends Operator<Ask, { out: string[] }> {
  steps = ["s1", "s2"];

  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const out: string[] = [];
    for (const s of this.steps) {
      const items = [inputs.query, s];
      await this.join.invoke({ items });
      if (s === "s2") await this.pusher.invoke({ items });
      for (const x of items) {
        const r = await this.model.invoke({ query: `${s}:${x}` });
        out.push(r.answer);
      }
    }
    return { out };
  }
}

// H43. Object.assign into the options after they were given to a pure call; a loop over the list after.

@structuralJit
export class AssignIntoOptions extends Operator<Ask, { k: number; per: string[]; opts: Opts }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query, "t"] };
    await this.see.invoke({ opts });
    Object.assign(opts, { k: 9, tags: ["over"] });
    const per = await Promise.all([this.model.invoke({ query: `${opts.k}` }), this.model.invoke({ query: opts.tags.join(",") })]);
    return { k: opts.k, per: per.map((p) => p.answer), opts };
  }
}

// H43b. console.log of a reversed list (reverse changes it); a loop over the list after.

@structuralJit
export class ConsoleReverse extends Operator<Ask, { out: string[] }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b", "c"];
    await this.join.invoke({ items });
    console.log("reversed", items.reverse().join(","));
    const out: string[] = [];
    for (const x of items) {
      const r = await this.model.invoke({ query: `#${x}` });
      out.push(r.answer);
    }
    return { out };
  }
}

// H43c. The list emptied by `length = 0` after it was given to a pure call, then given again.

@structuralJit
export class TruncateAfterGiven extends Operator<Ask, { a: string; b: string; n: number }> {
  constructor(readonly join: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    const a = await this.join.invoke({ items });
    items.length = 1;
    const b = await this.join.invoke({ items });
    return { a: a.answer, b: b.answer, n: items.length };
  }
}

// H43d. Two elements swapped by a destructuring assignment after the list was given to a call.

@structuralJit
export class SwapAfterGiven extends Operator<Ask, { a: string; b: string; items: string[] }> {
  constructor(readonly join: Operator<Items, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    const a = await this.join.invoke({ items });
    [items[0], items[1]] = [items[1]!, items[0]!];
    const b = await this.join.invoke({ items });
    return { a: a.answer, b: b.answer, items };
  }
}

// H44. A one-expression helper of this file that pushes onto what it is given.

export function addTag(o: Opts, t: string): number {
  return o.tags.push(t);
}

@structuralJit
export class HelperPushes extends Operator<Ask, { n: number; j: string; tags: string[] }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    await this.see.invoke({ opts });
    const n = addTag(opts, "helper");
    const j = await this.join.invoke({ items: opts.tags });
    return { n, j: j.answer, tags: opts.tags };
  }
}

// H44b. The same helper before any call, then a loop over the list.

@structuralJit
export class HelperPushesThenLoop extends Operator<Ask, { out: string[]; s: string }> {
  constructor(
    readonly see: Operator<WithOpts, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { query: inputs.query, k: 1, tags: [inputs.query] };
    addTag(opts, "helper");
    const s = await this.see.invoke({ opts });
    const out: string[] = [];
    for (const t of opts.tags) out.push(`<${t}>`);
    return { out, s: s.answer };
  }
}

// H44c. A sort through a one-expression helper of this file on a held list, then a fan-out over it.

export function sorted(xs: string[]): string[] {
  return xs.sort();
}

@structuralJit
export class HelperSorts extends Operator<Ask, { per: string[]; first: string }> {
  constructor(
    readonly join: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    await this.join.invoke({ items });
    const first = sorted(items)[0]!;
    const per = await Promise.all(items.map((x) => this.model.invoke({ query: x })));
    return { per: per.map((p) => p.answer), first };
  }
}

// H45. A context object holding `inputs` itself given to an effect that rewrites the query; inputs read after.

@structuralJit
export class ContextHoldsInputs extends Operator<Ask, { r: string; q: string }> {
  constructor(
    readonly ctxEff: Operator<{ ctx: { req: Ask; n: number } }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const ctx = { req: inputs, n: 1 };
    await this.ctxEff.invoke({ ctx });
    const r = await this.model.invoke({ query: inputs.query });
    return { r: r.answer, q: ctx.req.query };
  }
}

// H46. An effect hands back the list it was given; host code pushes onto what came back; the list read after.

@structuralJit
export class EchoThenPush extends Operator<Ask, { n: number; j: string }> {
  constructor(
    readonly echo: Operator<Items, string[]>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    const back = await this.echo.invoke({ items });
    back.push("pushed");
    const j = await this.join.invoke({ items });
    return { n: items.length, j: j.answer };
  }
}

// H47. A local bag (never given to a call) whose nested list host code pushes onto; a loop over the list after.

@structuralJit
export class BagPushedThenLooped extends Operator<Ask, { out: string[] }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const bag = { docs: [inputs.query, "two"], k: 1 };
    bag.docs.push(`${inputs.query}!`);
    const out: string[] = [];
    for (const d of bag.docs) {
      const r = await this.model.invoke({ query: d });
      out.push(r.answer);
    }
    return { out };
  }
}

// H47b. The same bag with the list read by index and length after the push.

@structuralJit
export class BagPushedThenRead extends Operator<Ask, { last: string; n: number; r: string }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const bag = { docs: [inputs.query, "two"], k: 1 };
    bag.docs.push(`${inputs.query}!`);
    const r = await this.model.invoke({ query: bag.docs[bag.docs.length - 1]! });
    return { last: bag.docs[2]!, n: bag.docs.length, r: r.answer };
  }
}

// H48. A loop over members: a fan-out over the held list, then the list given to an effect that pushes.

@structuralJit
export class FanOutThenPushEachRound extends Operator<Ask, { per: string[] }> {
  steps = ["s1", "s2"];

  constructor(
    readonly pusher: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b"];
    const per: string[] = [];
    for (const s of this.steps) {
      const rs = await Promise.all(items.map((x) => this.model.invoke({ query: `${s}:${x}` })));
      for (const r of rs) per.push(r.answer);
      await this.pusher.invoke({ items });
    }
    return { per };
  }
}

// H49. Every element holds graph values; one element given to an effect that rewrites it; a fan-out reads the field after.

@structuralJit
export class GraphElementsFieldAfter extends Operator<Ask, { per: string[]; tags: string[] }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: `${inputs.query}2`, tag: "b" },
    ];
    await this.rewriter.invoke({ task: tasks[1]! });
    const per = await Promise.all(tasks.map((t) => this.model.invoke({ query: t.q })));
    return { per: per.map((p) => p.answer), tags: tasks.map((t) => t.tag) };
  }
}

// H49b. The same with a for…of reading the field.

@structuralJit
export class GraphElementsLoopAfter extends Operator<Ask, { per: string[] }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tasks = [
      { q: inputs.query, tag: "a" },
      { q: `${inputs.query}2`, tag: "b" },
    ];
    await this.rewriter.invoke({ task: tasks[0]! });
    const per: string[] = [];
    for (const t of tasks) {
      const r = await this.model.invoke({ query: t.q });
      per.push(r.answer);
    }
    return { per };
  }
}

// H49c. A nested object (not in a list) given to an effect; a sibling read and the object read after.

@structuralJit
export class NestedRecordAfter extends Operator<Ask, { q: string; r: string }> {
  constructor(
    readonly rewriter: Operator<WithTask, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const plan = { main: { q: inputs.query, tag: "m" }, backup: { q: `${inputs.query}b`, tag: "b" } };
    await this.rewriter.invoke({ task: plan.main });
    const r = await this.model.invoke({ query: `${plan.main.q}|${plan.backup.q}` });
    return { q: plan.main.q, r: r.answer };
  }
}

// H60. A push onto an array inside a local's literal, after an effect that changes it was given the
// literal, then a call given the literal again: it sees the effect's change and the push.

export type Ctx = { ctx: { docs: string[] }; label: string };

@structuralJit
export class NestedPushAfterEffect extends Operator<Ask, { docs: string[]; answer: string }> {
  constructor(
    readonly tagger: Operator<Ctx, Reply>,
    readonly model: Operator<Ask, Reply>,
    readonly reader: Operator<Ctx, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const state = { ctx: { docs: [inputs.query] }, label: "L" };
    const r = await this.model.invoke({ query: inputs.query });
    await this.tagger.invoke(state);
    state.ctx.docs.push(r.answer);
    const s = await this.reader.invoke(state);
    return { docs: state.ctx.docs, answer: s.answer };
  }
}

// H61. The same push with pure calls only: the structure builds it, with no host node.

@structuralJit
export class NestedPushPure extends Operator<Ask, { docs: string[]; answer: string; first: string }> {
  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly reader: Operator<Ctx, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const state = { ctx: { docs: [inputs.query] }, label: "L" };
    const r = await this.model.invoke({ query: inputs.query });
    state.ctx.docs.push(r.answer);
    const s = await this.reader.invoke(state);
    return { docs: state.ctx.docs, answer: s.answer, first: state.ctx.docs[0]! };
  }
}

// H13. An effect that sorts and a pure call given the same list in one Promise.all.

@structuralJit
export class SortBesideJoin extends Operator<Ask, { s: string; j: string; items: string[] }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly join: Operator<Items, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const [s, j] = await Promise.all([this.ranker.invoke({ items }), this.join.invoke({ items })]);
    return { s: s.answer, j: j.answer, items };
  }
}

// H13b. An element read in the same Promise.all, after the effect was started.

@structuralJit
export class SortBesideIndexRead extends Operator<Ask, { s: string; m: string; head: string }> {
  constructor(
    readonly ranker: Operator<Items, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const [s, m] = await Promise.all([this.ranker.invoke({ items }), this.model.invoke({ query: items[0]! })]);
    return { s: s.answer, m: m.answer, head: items[0]! };
  }
}
