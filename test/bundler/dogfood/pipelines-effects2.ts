// More pipelines whose values an effect is given and then read again (a second review).
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

export type State = { state: { q: string; hops: string[] } };
export type Ranked = { items: string[] };
export type Message = { role: string; content: string };
export type Chat = { messages: Message[] };
export type Box = { o: { q: string; tag: string } };

/** An editor (declaring effects: it changes the box it is given) and a pure model after it. */
abstract class EditThenAsk<Out> extends Operator<Ask, Out> {
  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }
}

/** Unknown to the transformer: it may change what it is given. */
function stamp(o: { q: string; hops: string[] }, by: string): void {
  o.hops.push(by);
  o.q = `${o.q}>${by}`;
}

// 1. A literal given to an effect in a build-time loop over members; read in the next iteration.

@structuralJit
export class LoopOverMembers extends Operator<Ask, { answers: string[]; hops: string[] }> {
  constructor(
    readonly members: Operator<State, Reply>[],
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const state = { q: inputs.query, hops: [] as string[] };
    const answers: string[] = [];
    for (const m of this.members) {
      const before = state.q;
      await m.invoke({ state });
      const r = await this.model.invoke({ query: `${before}|${state.q}|${state.hops.length}` });
      answers.push(r.answer);
    }
    return { answers, hops: state.hops };
  }
}

// 1b. The same with host code as the effect.

@structuralJit
export class LoopHostStamp extends Operator<Ask, { answers: string[]; q: string }> {
  names = ["a", "b", "c"];

  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const state = { q: inputs.query, hops: [] as string[] };
    const answers: string[] = [];
    for (const n of this.names) {
      stamp(state, n);
      const r = await this.model.invoke({ query: `${state.q}#${state.hops.length}` });
      answers.push(r.answer);
    }
    return { answers, q: state.q };
  }
}

// 2. A literal given to an effect inside an `if` on a run-time value; read after.

@structuralJit
export class EffectInIf extends EditThenAsk<{ answer: string; tag: string }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    if (inputs.query.length > 1) {
      await this.editor.invoke({ o });
    }
    const r = await this.model.invoke({ query: `${o.q}/${o.tag}` });
    return { answer: r.answer, tag: o.tag };
  }
}

// 2b. Inside an `if` on a call's result, with an else that reads the object.

@structuralJit
export class EffectInIfElse extends Operator<Ask, { answer: string; o: { q: string; tag: string } }> {
  constructor(
    readonly check: Operator<Ask, Reply>,
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const c = await this.check.invoke({ query: inputs.query });
    let answer: string;
    if (c.answer.includes("rr")) {
      await this.editor.invoke({ o });
      answer = (await this.model.invoke({ query: o.q })).answer;
    } else {
      answer = (await this.model.invoke({ query: `${o.q}-else` })).answer;
    }
    return { answer, o };
  }
}

// 3. A grown list given to an effect in a Promise.all of several calls; reads after.

@structuralJit
export class GrownInGroup extends Operator<Ask, { a: string; b: string; c: string; n: number; last: string }> {
  constructor(
    readonly chat: Operator<Chat, Reply>,
    readonly model: Operator<Ask, Reply>,
    readonly peek: Operator<Chat, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const [a, b] = await Promise.all([
      this.model.invoke({ query: inputs.query }),
      this.chat.invoke({ messages }),
      this.model.invoke({ query: "other" }),
    ]);
    const c = await this.peek.invoke({ messages });
    return { a: a!.answer, b: b!.answer, c: c.answer, n: messages.length, last: messages[messages.length - 1]!.content };
  }
}

// 4. An object filled by key in a loop, given to an effect, destructured after.

@structuralJit
export class KeyedDestructure extends Operator<Ask, { law: string; stamped: string; rest: string[] }> {
  domains = ["law", "med"];

  constructor(readonly stampOp: Operator<{ table: Record<string, string> }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const table: Record<string, string> = {};
    for (const d of this.domains) table[d] = `${d}:${inputs.query}`;
    await this.stampOp.invoke({ table });
    const { law, stamped, ...others } = table;
    return { law: law!, stamped: stamped ?? "none", rest: Object.keys(others) };
  }
}

// 5. Nested literals: only the inner part is given to an effect.

@structuralJit
export class NestedInnerGiven extends Operator<Ask, { first: string; n: number; outer: string; answer: string }> {
  constructor(
    readonly ranker: Operator<Ranked, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const ctx = { a: { b: [inputs.query, "m", "a"] }, label: inputs.query };
    await this.ranker.invoke({ items: ctx.a.b });
    const r = await this.model.invoke({ query: ctx.a.b[0]! });
    return { first: ctx.a.b[0]!, n: ctx.a.b.length, outer: ctx.label, answer: r.answer };
  }
}

// 5b. The inner object given, the whole read after by a pure call.

@structuralJit
export class NestedInnerObject extends Operator<Ask, { answer: string }> {
  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly dump: Operator<{ ctx: unknown }, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const ctx = { inner: { q: inputs.query, tag: "t" }, n: 1 };
    await this.editor.invoke({ o: ctx.inner });
    const r = await this.dump.invoke({ ctx });
    return { answer: r.answer };
  }
}

// 6. Literals given to effects through a map callback; reads after.

@structuralJit
export class MapCallbackEffects extends EditThenAsk<{ texts: string[]; answer: string }> {
  async forward(inputs: Ask) {
    const boxes = [{ q: inputs.query, tag: "1" }, { q: "b", tag: "2" }];
    await Promise.all(boxes.map((o) => this.editor.invoke({ o })));
    const r = await this.model.invoke({ query: boxes.map((b) => b.q).join(",") });
    return { texts: boxes.map((b) => `${b.q}:${b.tag}`), answer: r.answer };
  }
}

// 6b. A literal per element made in the callback, given to the effect, its result reading it.

@structuralJit
export class MapMakesLiteral extends Operator<Ask, { answers: string[] }> {
  names = ["x", "y"];

  constructor(readonly editor: Operator<Box, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const answers = await Promise.all(
      this.names.map(async (n) => {
        const o = { q: `${n}:${inputs.query}`, tag: n };
        await this.editor.invoke({ o });
        return o.q;
      }),
    );
    return { answers };
  }
}

// 7. Aliases of a shared literal.

@structuralJit
export class AliasOfLiteral extends EditThenAsk<{ a: string; b: string; same: boolean }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const o2 = o;
    await this.editor.invoke({ o: o2 });
    const a = await this.model.invoke({ query: o.q });
    const o3 = o2;
    const b = await this.model.invoke({ query: o3.tag });
    return { a: a.answer, b: b.answer, same: o3 === o };
  }
}

// 8. A field read taken before an effect, read inside a Promise.all after.

@structuralJit
export class SnapshotInGroup extends Operator<Ask, { answers: string[] }> {
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
    await this.editor.invoke({ r: d });
    const [a, b] = await Promise.all([this.model.invoke({ query: text }), this.model.invoke({ query: d.answer })]);
    return { answers: [a.answer, b.answer] };
  }
}

// 8b. A field of a local literal taken before an effect, read inside a map callback after.

@structuralJit
export class LiteralSnapshotInMap extends Operator<Ask, { answers: string[] }> {
  names = ["x", "y"];

  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const q = o.q;
    await this.editor.invoke({ o });
    const rs = await Promise.all(this.names.map((n) => this.model.invoke({ query: `${n}:${q}:${o.q}` })));
    return { answers: rs.map((r) => r.answer) };
  }
}

// 9. An inlined nested operator whose effect is given the outer's literal, reading it after.

@structuralJit
export class InnerEdit extends Operator<Box, Reply> {
  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Box): Promise<Reply> {
    const before = inputs.o.q;
    await this.editor.invoke({ o: inputs.o });
    const r = await this.model.invoke({ query: `${before}->${inputs.o.q}` });
    return { answer: r.answer };
  }
}

@structuralJit
export class OuterOfEdit extends Operator<Ask, { a: string; b: string; o: { q: string; tag: string } }> {
  constructor(
    readonly inner: InnerEdit,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const a = await this.inner.invoke({ o });
    const b = await this.model.invoke({ query: o.q });
    const c = await this.inner.invoke({ o });
    return { a: a.answer, b: `${b.answer}/${c.answer}`, o };
  }
}

// 10. The result returned holds constants; the caller changes it; another run follows.

@structuralJit
export class ReturnedConstants extends Operator<Ask, { opts: { tags: string[]; q: string }; answer: string }> {
  constructor(readonly tagger: Operator<{ opts: { tags: string[]; q: string } }, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { tags: ["base"], q: inputs.query };
    const r = await this.tagger.invoke({ opts });
    return { opts, answer: r.answer };
  }
}

@structuralJit
export class ReturnedConstantsPure extends Operator<Ask, { items: string[]; meta: { n: number }; answer: string }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = ["a", "b"];
    const meta = { n: 1 };
    const r = await this.model.invoke({ query: `${inputs.query}${items.length}${meta.n}` });
    return { items, meta, answer: r.answer };
  }
}

// 10b. A constant literal given to an effect: changed by the effect in one run, seen fresh next run?

@structuralJit
export class ConstantGiven extends Operator<Ask, { answer: string; tags: string[] }> {
  constructor(
    readonly tagger: Operator<{ opts: { tags: string[]; q: string } }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const opts = { tags: ["base"], q: "const" };
    await this.tagger.invoke({ opts });
    const r = await this.model.invoke({ query: `${inputs.query}:${opts.tags.join(",")}` });
    return { answer: r.answer, tags: opts.tags };
  }
}

// 11. Reads after an effect that fails, caught: in the catch and after.

@structuralJit
export class FailedEffectReads extends EditThenAsk<{ answer: string; inCatch: string }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const before = o.q;
    let inCatch = "none";
    try {
      await this.editor.invoke({ o });
    } catch {
      inCatch = `${before}|${o.q}`;
    }
    const r = await this.model.invoke({ query: `${o.q}|${o.tag}` });
    return { answer: r.answer, inCatch };
  }
}

// 11b. A grown list given to a failing effect, caught; pushes and reads after.

@structuralJit
export class FailedEffectGrown extends Operator<Ask, { answer: string; n: number; history: Message[] }> {
  constructor(
    readonly chat: Operator<Chat, Reply>,
    readonly peek: Operator<Chat, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    try {
      await this.chat.invoke({ messages });
    } catch {
      messages.push({ role: "note", content: "failed" });
    }
    messages.push({ role: "user", content: "after" });
    const p = await this.peek.invoke({ messages });
    return { answer: p.answer, n: messages.length, history: messages };
  }
}

// 12. Width: effects given strings in a loop, then pure calls in a group.

@structuralJit
export class StringsEffectsLoop extends Operator<Ask, { answers: string[] }> {
  names = ["a", "b"];

  constructor(
    readonly audit: Operator<Ask, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Ask, Reply>,
    readonly p3: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "z"];
    for (const n of this.names) await this.audit.invoke({ query: `${n}:${inputs.query}` });
    const [a, b, c] = await Promise.all([
      this.p1.invoke({ query: inputs.query }),
      this.p2.invoke({ query: items[0]! }),
      this.p3.invoke({ items }),
    ]);
    return { answers: [a.answer, b.answer, c.answer] };
  }
}

// 12b. Width: an effect given a field of a literal (a string) gating nothing.

@structuralJit
export class StringFieldOfLiteral extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly audit: Operator<Ask, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Box, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.audit.invoke({ query: o.q });
    const a = await this.p1.invoke({ query: o.tag });
    const b = await this.p2.invoke({ o });
    return { answers: [a.answer, b.answer] };
  }
}

// 13. A static program: literals, pushes, keyed writes, reads; no effects, no host code.

@structuralJit
export class StaticLiterals extends Operator<Ask, { answers: string[]; table: Record<string, string> }> {
  domains = ["law", "med"];

  constructor(
    readonly model: Operator<Ask, Reply>,
    readonly join: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items: string[] = [inputs.query];
    const table: Record<string, string> = {};
    for (const d of this.domains) {
      const r = await this.model.invoke({ query: `${d}:${inputs.query}` });
      items.push(r.answer);
      table[d] = r.answer;
    }
    const o = { q: inputs.query, n: items.length };
    const j = await this.join.invoke({ items: [...items, `${o.n}`] });
    const { law } = table;
    return { answers: [j.answer, law!, `${items.length}`], table };
  }
}

// 14. A list nested in an object literal, read back by path (no effects at all).

@structuralJit
export class NestedListPure extends Operator<Ask, { answer: string; first: string }> {
  constructor(readonly join: Operator<Ranked, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { list: [inputs.query, "z"], label: "l" };
    const j = await this.join.invoke({ items: o.list });
    return { answer: j.answer, first: o.list[0]! };
  }
}

// 15. Elements of a literal list given to an effect in a loop; read after.

@structuralJit
export class LoopOverLiteralElements extends EditThenAsk<{ answer: string }> {
  async forward(inputs: Ask) {
    const boxes = [{ q: inputs.query, tag: "1" }];
    for (const o of boxes) await this.editor.invoke({ o });
    const r = await this.model.invoke({ query: boxes[0]!.q });
    return { answer: r.answer };
  }
}

// 15b. Host code changes an element of a literal list in a loop; read after.

@structuralJit
export class HostOnLiteralElements extends Operator<Ask, { answer: string }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const states = [{ q: inputs.query, hops: [] as string[] }];
    for (const s of states) stamp(s, "h");
    const r = await this.model.invoke({ query: `${states[0]!.q}#${states[0]!.hops.length}` });
    return { answer: r.answer };
  }
}

// 16. A grown list destructured after an effect appended to it.

@structuralJit
export class GrownDestructure extends Operator<Ask, { first: string; rest: number; answer: string }> {
  constructor(readonly chat: Operator<Chat, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const r = await this.chat.invoke({ messages });
    const [first, ...rest] = messages;
    return { first: first!.content, rest: rest.length, answer: r.answer };
  }
}

// 17. A literal held by another literal; the inner given to an effect, read through the outer.

@structuralJit
export class HeldByOuter extends EditThenAsk<{ a: string; b: string }> {
  async forward(inputs: Ask) {
    const inner = { q: inputs.query, tag: "t" };
    const outer = { o: inner, n: 1 };
    await this.editor.invoke({ o: inner });
    const a = await this.model.invoke({ query: outer.o.q });
    await this.editor.invoke({ o: outer.o });
    const b = await this.model.invoke({ query: inner.q });
    return { a: a.answer, b: b.answer };
  }
}

// 18. A spread copy given to an effect: the original stays as it was.

@structuralJit
export class CopyGiven extends EditThenAsk<{ answer: string; o: { q: string; tag: string } }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.editor.invoke({ o: { ...o } });
    const r = await this.model.invoke({ query: o.q });
    return { answer: r.answer, o };
  }
}

// 19. A field written after the literal was given to an effect; reads after.

@structuralJit
export class WriteAfterGiven extends EditThenAsk<{ answer: string; o: { q: string; tag: string } }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.editor.invoke({ o });
    o.tag = `late:${o.q}`;
    const r = await this.model.invoke({ query: `${o.q}/${o.tag}` });
    await this.editor.invoke({ o });
    return { answer: r.answer, o };
  }
}

// 20. A field destructured before an effect, read after.

@structuralJit
export class DestructureBefore extends EditThenAsk<{ answer: string }> {
  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const { q, tag } = o;
    await this.editor.invoke({ o });
    const r = await this.model.invoke({ query: `${q}/${tag}/${o.q}` });
    return { answer: r.answer };
  }
}

// 21. A literal reassigned after it was given to an effect.

@structuralJit
export class ReassignedAfterGiven extends EditThenAsk<{ a: string; b: string }> {
  async forward(inputs: Ask) {
    let o = { q: inputs.query, tag: "t" };
    const first = o;
    await this.editor.invoke({ o });
    o = { q: "second", tag: "2" };
    const a = await this.model.invoke({ query: `${o.q}/${first.q}` });
    await this.editor.invoke({ o });
    const b = await this.model.invoke({ query: `${o.q}/${first.q}` });
    return { a: a.answer, b: b.answer };
  }
}

// 22. An effect hands back what it was given; a later effect changes it; read through the result.

@structuralJit
export class HandBackThenChange extends Operator<Ask, { a: string; b: string }> {
  constructor(
    readonly keep: Operator<Box, { seen: { q: string; tag: string } }>,
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const k = await this.keep.invoke({ o });
    const a = await this.model.invoke({ query: k.seen.q });
    await this.editor.invoke({ o });
    const b = await this.model.invoke({ query: k.seen.q });
    return { a: a.answer, b: b.answer };
  }
}

// 24. A history pushed to and given to each member in a build-time loop; its length after.

@structuralJit
export class LoopGrowAndGive extends Operator<Ask, { answers: string[]; n: number; last: string }> {
  constructor(readonly members: Operator<Chat, Reply>[]) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    const answers: string[] = [];
    for (const m of this.members) {
      messages.push({ role: "user", content: `${inputs.query}:${answers.length}` });
      const r = await m.invoke({ messages });
      answers.push(r.answer);
    }
    return { answers, n: messages.length, last: messages[messages.length - 1]!.content };
  }
}

// 25. Two effects in one Promise.all, each given its own literal; reads of both after.

@structuralJit
export class TwoLiteralsInGroup extends EditThenAsk<{ answer: string }> {
  async forward(inputs: Ask) {
    const x = { q: inputs.query, tag: "x" };
    const y = { q: `${inputs.query}2`, tag: "y" };
    await Promise.all([this.editor.invoke({ o: x }), this.editor.invoke({ o: y })]);
    const r = await this.model.invoke({ query: `${x.q}/${y.q}/${x.tag}${y.tag}` });
    return { answer: r.answer };
  }
}

// 26. A literal holding a call's result given to an effect in a try inside a loop.

@structuralJit
export class TryInLoop extends Operator<Ask, { answers: string[] }> {
  names = ["a", "b", "c"];

  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const d = await this.model.invoke({ query: inputs.query });
    const o = { q: d.answer, tag: "t" };
    const answers: string[] = [];
    for (const n of this.names) {
      try {
        await this.editor.invoke({ o });
        answers.push(`${n}:${o.q}`);
      } catch {
        answers.push(`${n}!${o.q}`);
      }
    }
    return { answers };
  }
}

// 27. A list held by a shared literal; the effect pushes through the holder; the list read after.

@structuralJit
export class ListInsideGiven extends Operator<Ask, { n: number; last: string; answer: string }> {
  constructor(
    readonly tagger: Operator<{ opts: { tags: string[]; q: string } }, Reply>,
    readonly join: Operator<Ranked, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const tags = [inputs.query];
    const opts = { tags, q: inputs.query };
    await this.tagger.invoke({ opts });
    const j = await this.join.invoke({ items: tags });
    return { n: tags.length, last: tags[tags.length - 1]!, answer: j.answer };
  }
}

// 28. A loop of calls over a history after an effect appended to it.

@structuralJit
export class CallPerMessageAfterEffect extends Operator<Ask, { answers: string[]; mapped: string[] }> {
  constructor(
    readonly chat: Operator<Chat, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    await this.chat.invoke({ messages });
    const answers: string[] = [];
    for (const m of messages) {
      const r = await this.model.invoke({ query: m.content });
      answers.push(r.answer);
    }
    const mapped = await Promise.all(messages.map((m) => this.model.invoke({ query: `${m.role}!` })));
    return { answers, mapped: mapped.map((r) => r.answer) };
  }
}

// 29. A literal list sorted by host code, then a loop of calls over it.

function sortInPlace(items: string[]): void {
  items.sort();
}

@structuralJit
export class LoopAfterHostSort extends Operator<Ask, { answers: string[] }> {
  constructor(readonly model: Operator<Ask, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "m", "a"];
    sortInPlace(items);
    const answers: string[] = [];
    for (const it of items) {
      const r = await this.model.invoke({ query: it });
      answers.push(r.answer);
    }
    return { answers };
  }
}

// 30. A literal list given to an effect, then a loop of calls over it and a map callback.

@structuralJit
export class LoopAfterEffectSort extends Operator<Ask, { answers: string[]; mapped: string[] }> {
  constructor(
    readonly ranker: Operator<Ranked, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const items = [inputs.query, "m", "a"];
    await this.ranker.invoke({ items });
    const answers: string[] = [];
    for (const it of items) {
      const r = await this.model.invoke({ query: it });
      answers.push(r.answer);
    }
    const mapped = await Promise.all(items.map((it) => this.model.invoke({ query: `${it}?` })));
    return { answers, mapped: mapped.map((r) => r.answer) };
  }
}

// 31. Width: an effect given a literal holding the input's string; reads of the input after keep their start.

@structuralJit
export class LiteralOfInputToEffect extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly editor: Operator<Box, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    await this.editor.invoke({ o });
    const a = await this.p1.invoke({ query: inputs.query });
    const b = await this.p2.invoke({ query: `${inputs.query}!` });
    return { answers: [a.answer, b.answer] };
  }
}

// 32. Width: an effect given a literal holding one result; reads of another result after keep their start.

@structuralJit
export class UnrelatedResultAfterEffect extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly draft: Operator<Ask, Reply>,
    readonly other: Operator<Ask, Reply>,
    readonly annotate: Operator<{ ctx: { d: Reply; n: number } }, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const [d, e] = await Promise.all([this.draft.invoke({ query: inputs.query }), this.other.invoke({ query: inputs.query })]);
    const ctx = { d, n: 1 };
    await this.annotate.invoke({ ctx });
    const a = await this.p1.invoke({ query: e.answer });
    const b = await this.p2.invoke({ query: `${e.answer}!` });
    return { answers: [a.answer, b.answer, d.answer] };
  }
}

// 33. Width: host code given a string of a literal; calls reading the literal after keep their start.

function record(s: string): void {
  if (s === "never") throw new Error(s);
}

@structuralJit
export class HostGivenString extends Operator<Ask, { answers: string[] }> {
  constructor(
    readonly p0: Operator<Ask, Reply>,
    readonly p1: Operator<Ask, Reply>,
    readonly p2: Operator<Box, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const o = { q: inputs.query, tag: "t" };
    const z = await this.p0.invoke({ query: "zero" });
    record(o.q);
    const a = await this.p1.invoke({ query: o.q });
    const b = await this.p2.invoke({ o });
    return { answers: [z.answer, a.answer, b.answer] };
  }
}

// 34. An element of a literal list given to an effect by index; read by index after.

@structuralJit
export class ElementByIndex extends EditThenAsk<{ answer: string }> {
  async forward(inputs: Ask) {
    const boxes = [{ q: inputs.query, tag: "1" }, { q: "b", tag: "2" }];
    await this.editor.invoke({ o: boxes[0]! });
    const r = await this.model.invoke({ query: `${boxes[0]!.q}/${boxes[0]!.tag}` });
    return { answer: r.answer };
  }
}

// 35. An inner object of a literal given to an effect; read by path after.

@structuralJit
export class InnerObjectByPath extends EditThenAsk<{ answer: string; tag: string }> {
  async forward(inputs: Ask) {
    const ctx = { inner: { q: inputs.query, tag: "t" }, n: 1 };
    await this.editor.invoke({ o: ctx.inner });
    const r = await this.model.invoke({ query: ctx.inner.q });
    return { answer: r.answer, tag: ctx.inner.tag };
  }
}

// 36. An object filled by key, given to an effect, one key destructured after (no rest).

@structuralJit
export class KeyedDestructureOne extends Operator<Ask, { law: string; answer: string }> {
  domains = ["law", "med"];

  constructor(
    readonly stampOp: Operator<{ table: Record<string, string> }, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const table: Record<string, string> = {};
    for (const d of this.domains) table[d] = `${d}:${inputs.query}`;
    await this.stampOp.invoke({ table });
    const { law } = table;
    const r = await this.model.invoke({ query: table["med"] ?? "gone" });
    return { law: law!, answer: r.answer };
  }
}

// 37. A history read after an effect by at, find, filter and JSON.stringify.

@structuralJit
export class HistoryMethods extends Operator<Ask, { last: string; found: string; users: number; json: string }> {
  constructor(readonly chat: Operator<Chat, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    await this.chat.invoke({ messages });
    const last = messages.at(-1)!.content;
    const found = messages.find((m) => m.role === "assistant")?.content ?? "none";
    const users = messages.filter((m) => m.role !== "system").length;
    return { last, found, users, json: JSON.stringify(messages) };
  }
}

// 38. An inlined operator makes a literal, gives it to its effect and returns it; the outer gives it again and reads it.

@structuralJit
export class InnerMakesBox extends Operator<Ask, { box: { q: string; tag: string } }> {
  constructor(readonly editor: Operator<Box, Reply>) {
    super();
  }

  async forward(inputs: Ask) {
    const box = { q: inputs.query, tag: "in" };
    await this.editor.invoke({ o: box });
    return { box };
  }
}

@structuralJit
export class OuterOfMaker extends Operator<Ask, { a: string; box: { q: string; tag: string } }> {
  constructor(
    readonly inner: InnerMakesBox,
    readonly editor: Operator<Box, Reply>,
    readonly model: Operator<Ask, Reply>,
  ) {
    super();
  }

  async forward(inputs: Ask) {
    const { box } = await this.inner.invoke({ query: inputs.query });
    const before = box.q;
    await this.editor.invoke({ o: box });
    const a = await this.model.invoke({ query: `${before}|${box.q}` });
    return { a: a.answer, box };
  }
}

// 39. An inlined operator appends to the outer's grown history; the outer pushes and reads after.

@structuralJit
export class InnerTurn extends Operator<Chat, Reply> {
  constructor(readonly chat: Operator<Chat, Reply>) {
    super();
  }

  async forward(inputs: Chat): Promise<Reply> {
    const r = await this.chat.invoke({ messages: inputs.messages });
    inputs.messages.push({ role: "note", content: `turn ${inputs.messages.length}` });
    return r;
  }
}

@structuralJit
export class OuterOfTurns extends Operator<Ask, { answers: string[]; history: Message[] }> {
  constructor(readonly turn: InnerTurn) {
    super();
  }

  async forward(inputs: Ask) {
    const messages: Message[] = [{ role: "system", content: "sys" }];
    messages.push({ role: "user", content: inputs.query });
    const a = await this.turn.invoke({ messages });
    messages.push({ role: "user", content: `again ${messages.length}` });
    const b = await this.turn.invoke({ messages });
    return { answers: [a.answer, b.answer], history: messages };
  }
}
