// Pipelines whose values an effect is given (a call declaring effects, or host code the
// transformer cannot compile) and then read again: through aliases, destructuring, element and
// field reads, copies, loops; lists and objects grown while the structure is built.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type Ranked = { items: string[] };
export type Doc = { text: string; score: number };
export type Ctx = { ctx: { docs: Doc[]; label: string } };

/** Unknown to the transformer: it may change what it is given. */
function bump(o: { n: number }): void {
  o.n += 10;
}

function rename(o: { label: string }, label: string): void {
  o.label = label;
}

// 1. An effect sorts a list whose first element is the input; a pure call reads the element after.

@structuralJit
export class SortThenElement extends Operator<Ask, { top: string; all: string[] }> {
  constructor(
    readonly ranker: Operator<Ranked, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "b", "a"];
    await this.ranker.invoke({ items });
    const r = await this.model.invoke({ query: items[0]! });
    return { top: r.answer, all: items };
  }
}

// 2. An effect rewrites a field of an object holding the input; a pure call reads the field after.

@structuralJit
export class RewriteThenField extends Operator<Ask, { answer: string }> {
  constructor(
    readonly editor: Operator<{ o: { q: string; tag: string } }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.editor.invoke({ o });
    const r = await this.model.invoke({ query: o.q });
    return { answer: r.answer };
  }
}

// 3. A string read from a call's result before an effect changes that result: eager's alias keeps the old string.

@structuralJit
export class AliasBeforeEffect extends Operator<Ask, { before: string; after: string }> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly editor: Operator<{ r: Reply }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const d = await this.draft.invoke({ query: inputs.query });
    const text = d.answer;
    const { answer } = d;
    await this.editor.invoke({ r: d });
    const a = await this.model.invoke({ query: text });
    const b = await this.model.invoke({ query: `${answer}!` });
    return { before: a.answer, after: `${b.answer} ${d.answer}` };
  }
}

// 4. Nested context: an effect changes a doc inside a list inside an object; reads through paths after.

@structuralJit
export class NestedDocs extends Operator<Ask, { first: string; label: string; count: number }> {
  constructor(
    readonly annotate: Operator<Ctx, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const ctx = { docs: [{ text: inputs.query, score: 1 }], label: inputs.query };
    await this.annotate.invoke({ ctx });
    const a = await this.model.invoke({ query: ctx.docs[0]!.text });
    const b = await this.model.invoke({ query: ctx.label });
    return { first: a.answer, label: b.answer, count: ctx.docs.length };
  }
}

// 5. Host code bumps a counter and renames a label on a local object; pure calls read them after.

@structuralJit
export class HostBump extends Operator<Ask, { n: number; label: string }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { n: 1, label: inputs.query };
    const first = await this.model.invoke({ query: o.label });
    bump(o);
    rename(o, first.answer);
    const second = await this.model.invoke({ query: `${o.label}#${o.n}` });
    return { n: o.n, label: second.answer };
  }
}

// 6. A history grown by pushes, given to a pure call, then more pushes, an effect, more pushes, a pure read.

export type Message = { role: string; content: string };
export type Chat = { messages: Message[] };

/** A look at the history and two chat turns, each through its own wrapper. */
abstract class ThreeTurns<Out> extends Operator<Ask, Out> {
  constructor(
    readonly peek: Operator<Chat, Reply>,
    readonly chat: Operator<Chat, Reply>,
    readonly chat2: Operator<Chat, Reply>,
  ) {
    super();
  }
}

@structuralJit
export class GrowAroundEffects extends ThreeTurns<{ a: string; b: string; c: string; d: string; n: number }> {
  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const a = await this.peek.invoke({ messages });
    messages.push({ role: "user", content: a.answer });
    const b = await this.chat.invoke({ messages });
    messages.push({ role: "user", content: "more" });
    const c = await this.chat2.invoke({ messages });
    messages.push({ role: "user", content: "last" });
    const d = await this.peek.invoke({ messages });
    return { a: a.answer, b: b.answer, c: c.answer, d: d.answer, n: messages.length };
  }
}

// 6b. The same without the pure call before the first effect and without the length.

@structuralJit
export class GrowBetweenEffects extends ThreeTurns<{ b: string; c: string; d: string; history: Message[] }> {
  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const b = await this.chat.invoke({ messages });
    messages.push({ role: "user", content: "more" });
    const c = await this.chat2.invoke({ messages });
    messages.push({ role: "user", content: `last ${c.answer.length}` });
    const d = await this.peek.invoke({ messages });
    return { b: b.answer, c: c.answer, d: d.answer, history: messages };
  }
}

// 6c. A history an effect appends to; its length read after.

@structuralJit
export class HistoryLength extends Operator<Ask, { answer: string; turns: number }> {
  constructor(readonly chat: Operator<Chat, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const r = await this.chat.invoke({ messages });
    return { answer: r.answer, turns: messages.length };
  }
}

// 6d. A history given to a pure call that hands it back, then a push: eager's returned list is the one list.

@structuralJit
export class PeekThenPush extends Operator<Ask, { seen: Message[] }> {
  constructor(readonly peek: Operator<Chat, { seen: Message[] }>) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const r = await this.peek.invoke({ messages });
    messages.push({ role: "user", content: "later" });
    return { seen: r.seen };
  }
}

/** An audit (declaring effects) and two pure calls after it. */
abstract class AuditThenTwo extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly audit: Operator<Ask, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Ask, Reply>,
  ) {
    super();
  }
}

// 7. Parallelism: an effect given strings only; the pure reads after it keep their early start.

@structuralJit
export class StringsToEffect extends AuditThenTwo {
  async forward(inputs: Ask) {
    const label = `${inputs.query}-x`;
    await this.audit.invoke({ query: label });
    const a = await this.p1.invoke({ query: label });
    const b = await this.p2.invoke({ query: inputs.query });
    return { answers: [a.answer, b.answer] };
  }
}

// 8. An effect in a `Promise.all` beside a pure call; a pure read of what the effect changed after.

@structuralJit
export class EffectInGroup extends Operator<Ask, { answers: string[]; items: string[] }> {
  constructor(
    readonly ranker: Operator<Ranked, Reply>,
    readonly model: Operator<Ask, Reply>,
    readonly join: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["z", inputs.query, "a"];
    const [r, m] = await Promise.all([this.ranker.invoke({ items }), this.model.invoke({ query: inputs.query })]);
    const j = await this.join.invoke({ items });
    return { answers: [r.answer, m.answer, j.answer], items };
  }
}

// 9. An inlined operator whose inner effect changes what the outer passes it.

@structuralJit
export class InnerSorter extends Operator<Ranked, Reply> {
  constructor(readonly ranker: Operator<Ranked, Reply>) {
    super();
  }

  async forward(inputs: Ranked): Promise<Reply> {
    const r = await this.ranker.invoke({ items: inputs.items });
    return { answer: `sorted ${r.answer}` };
  }
}

@structuralJit
export class OuterOfSorter extends Operator<Ask, { top: string; joined: string }> {
  constructor(
    readonly inner: InnerSorter,
    readonly join: Operator<Ranked, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "m", "a"];
    await this.inner.invoke({ items });
    const j = await this.join.invoke({ items });
    const t = await this.model.invoke({ query: items[0]! });
    return { top: t.answer, joined: j.answer };
  }
}

// 10. An object filled by key in a loop, given to an effect, then another key, then a pure read.

@structuralJit
export class KeyedThenEffect extends Operator<Ask, { seen: string; keys: string[] }> {
  domains = ["law", "med"];

  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly stamp: Operator<{ table: Record<string, string> }, Reply>,
    readonly read: Operator<{ table: Record<string, string> }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const table: Record<string, string> = {};
    for (const d of this.domains) {
      const r = await this.model.invoke({ query: `${d}:${inputs.query}` });
      table[d] = r.answer;
    }
    await this.stamp.invoke({ table });
    table["extra"] = inputs.query;
    const seen = await this.read.invoke({ table });
    return { seen: seen.answer, keys: Object.keys(table) };
  }
}


// 11. Strings given to an effect straight from the input (field edges): reads after keep their start.

@structuralJit
export class FieldToEffect extends AuditThenTwo {
  async forward(inputs: Ask) {
    await this.audit.invoke({ query: inputs.query });
    const a = await this.p1.invoke({ query: inputs.query });
    const b = await this.p2.invoke({ query: `${inputs.query}!` });
    return { answers: [a.answer, b.answer] };
  }
}

// 12. A call's result an effect changes, read by path after (a run-time value).

@structuralJit
export class ResultChanged extends Operator<Ask, { answer: string; first: string }> {
  constructor(
    readonly draft: Operator<Ask, { answer: string; notes: string[] }>,
    readonly review: Operator<{ d: { answer: string; notes: string[] } }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const d = await this.draft.invoke({ query: inputs.query });
    await this.review.invoke({ d });
    const m = await this.model.invoke({ query: `${d.answer}/${d.notes.join(",")}` });
    const { notes } = d;
    return { answer: m.answer, first: notes[0] ?? "none" };
  }
}

// 13. Host code the transformer cannot compile that changes parts of a fresh options object.

@structuralJit
export class HostEdits extends Operator<Ask, { a: string; b: string; c: string; opts: unknown }> {
  constructor(readonly model: Operator<{ query: string; opts: unknown }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts: { tags: string[]; extra?: string; meta: { n: number } } = { tags: ["base"], extra: "x", meta: { n: 0 } };
    const a = await this.model.invoke({ query: inputs.query, opts });
    opts.tags.push(a.answer);
    delete opts.extra;
    opts.meta.n++;
    const b = await this.model.invoke({ query: "b", opts: opts.tags });
    for (const t of opts.tags) console.log(`tag ${t}`);
    const tags = opts.tags;
    tags.push("aliased");
    Object.assign(opts.meta, { k: inputs.query });
    const c = await this.model.invoke({ query: "c", opts });
    return { a: a.answer, b: b.answer, c: c.answer, opts };
  }
}

// 14. A list of call results sorted by host code in place, and a sorted copy; pure reads after.

@structuralJit
export class SortInHost extends Operator<Ask, { copy: string; inPlace: string }> {
  constructor(
    readonly search: Operator<Ask, { hits: string[] }>,
    readonly join: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.search.invoke({ query: inputs.query });
    const copy = r.hits.slice().sort();
    const a = await this.join.invoke({ items: copy });
    r.hits.sort();
    const b = await this.join.invoke({ items: r.hits });
    return { copy: a.answer, inPlace: b.answer };
  }
}

// 15. An effect that changes its input and then fails on some runs, caught; a read after.

@structuralJit
export class FailingEffectCaught extends Operator<Ask, { answer: string; failed: boolean }> {
  constructor(
    readonly ranker: Operator<Ranked, Reply>,
    readonly join: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const r = await this.join.invoke({ items: [inputs.query] });
    const items = [r.answer, "b", "a"];
    let failed = false;
    try {
      await this.ranker.invoke({ items });
    } catch {
      failed = true;
    }
    const j = await this.join.invoke({ items });
    return { answer: j.answer, failed };
  }
}

// 16. A fan-out of effects over a call's result, each changing its own element; a pure read after.

@structuralJit
export class FanOutEffects extends Operator<Ask, { answer: string }> {
  constructor(
    readonly search: Operator<Ask, { docs: Doc[] }>,
    readonly score: Operator<{ doc: Doc }, Reply>,
    readonly summarize: Operator<{ docs: Doc[] }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const found = await this.search.invoke({ query: inputs.query });
    await Promise.all(found.docs.map((doc) => this.score.invoke({ doc })));
    const s = await this.summarize.invoke({ docs: found.docs });
    return { answer: s.answer };
  }
}

// 17. An effect given a list a pure call produced; Object.entries and a map callback read it after.

@structuralJit
export class EntriesAfterEffect extends Operator<Ask, { pairs: string[]; answer: string }> {
  constructor(
    readonly make: Operator<Ask, { table: Record<string, string> }>,
    readonly stamp: Operator<{ table: Record<string, string> }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const m = await this.make.invoke({ query: inputs.query });
    await this.stamp.invoke({ table: m.table });
    const pairs = Object.entries(m.table).map(([k, v]) => `${k}=${v}`);
    const r = await this.model.invoke({ query: pairs.join("&") });
    return { pairs, answer: r.answer };
  }
}

// 18. Destructuring and a spread of a local object after an effect changed it.

@structuralJit
export class DestructureAfterEffect extends Operator<Ask, { q: string; copy: { q: string; tag: string } }> {
  constructor(readonly editor: Operator<{ o: { q: string; tag: string } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.editor.invoke({ o });
    const { q } = o;
    const copy = { ...o };
    return { q, copy };
  }
}

// 19. No effects at all: the graph keeps its width.

@structuralJit
export class NoEffects extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Ask, Reply>,
    readonly p3: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query];
    items.push("x");
    const a = await this.p1.invoke({ query: inputs.query });
    const b = await this.p2.invoke({ query: `${inputs.query}!` });
    const c = await this.p3.invoke({ items });
    return { answers: [a.answer, b.answer, c.answer] };
  }
}

// 20. A history an effect appended to, read after by a spread copy, a map and a slice.

@structuralJit
export class HistoryCopies extends Operator<Ask, { spread: string; contents: string[]; last: Message[] }> {
  constructor(
    readonly chat: Operator<Chat, Reply>,
    readonly peek: Operator<Chat, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    await this.chat.invoke({ messages });
    const p = await this.peek.invoke({ messages: [...messages] });
    const contents = messages.map((m) => m.content);
    return { spread: p.answer, contents, last: messages.slice(-1) };
  }
}

// 21. An object filled by key given to an effect that adds a key; a loop over its entries after calls per entry.

@structuralJit
export class EntriesLoopAfterEffect extends Operator<Ask, { answers: string[] }> {
  domains = ["law", "med"];

  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly stamp: Operator<{ table: Record<string, string> }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const table: Record<string, string> = {};
    for (const d of this.domains) table[d] = `${d}:${inputs.query}`;
    await this.stamp.invoke({ table });
    const answers: string[] = [];
    for (const [k, v] of Object.entries(table)) {
      const r = await this.model.invoke({ query: `${k}=${v}` });
      answers.push(r.answer);
    }
    return { answers };
  }
}
