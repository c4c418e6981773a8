// Programs of a review of ordinary pipelines (session 16) that differed from eager `forward`; the
// tests are in pipelines-review16.test.ts.
import { Operator, structuralJit } from "xcs-jit";

type Ask = { query: string };
type Reply = { answer: string };
export type Remember = { memory: string[]; add: string };

/** A guard before its call: `if (…) throw` is host code (XCS1001) with nothing after it reading it. */
@structuralJit
export class Validate extends Operator<Ask, Reply> {
  constructor(readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    if (inputs.query.length < 2) throw new Error(`too short: ${inputs.query}`);
    const r = await this.m.invoke(inputs);
    return r;
  }
}

@structuralJit
export class Pair extends Operator<Ask, { answer: string }> {
  constructor(readonly first: Operator<Ask, Reply>, readonly second: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.first.invoke(inputs), this.second.invoke(inputs)]);
    return { answer: `${a.answer}|${b.answer}` };
  }
}

/** Reads the memory it shares at its start, then keeps its answer there. */
@structuralJit
export class MemWorker extends Operator<Ask, Reply> {
  constructor(readonly memory: string[], readonly m: Operator<Ask, Reply>, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const r = await this.m.invoke({ query: `${inputs.query}#${this.memory.length}` });
    await this.remember.invoke({ memory: this.memory, add: r.answer });
    return r;
  }
}

@structuralJit
export class RememberBesideWorker extends Operator<Ask, { answer: string }> {
  constructor(readonly memory: string[], readonly remember: Operator<Remember, Reply>, readonly w: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [, r] = await Promise.all([this.remember.invoke({ memory: this.memory, add: inputs.query }), this.w.invoke(inputs)]);
    return { answer: r.answer };
  }
}

/** An early `return` in a loop over the sources: traced (XCS2006), its replay may start a source the loop no longer reaches. */
@structuralJit
export class FirstGood extends Operator<Ask, Reply> {
  constructor(readonly sources: Operator<Ask, Reply>[], readonly save: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    for (const s of this.sources) {
      const r = await s.invoke(inputs);
      await this.save.invoke({ query: `tried ${r.answer}` });
      if (r.answer.includes("rr") || r.answer.startsWith("b")) return r;
    }
    return { answer: "none" };
  }
}

/** Reads the memory it shares with its worker (from its constructor) but gives it to no call itself. */
@structuralJit
export class ReadsSharedField extends Operator<Ask, { answer: string; n: number }> {
  constructor(readonly memory: string[], readonly w: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const r = await this.w.invoke(inputs);
    return { answer: r.answer, n: this.memory.length };
  }
}

/** Makes its worker with its own memory, which only the worker keeps (through its `remember`). */
@structuralJit
export class OwnsSharedMemory extends Operator<Ask, { answer: string; seen: string }> {
  memory: string[] = [];
  readonly w: Operator<Ask, Reply>;
  constructor(m: Operator<Ask, Reply>, remember: Operator<Remember, Reply>) {
    super();
    this.w = new MemWorker(this.memory, m, remember);
  }
  async forward(inputs: Ask) {
    const before = `${this.memory.length}`;
    const r = await this.w.invoke(inputs);
    return { answer: r.answer, seen: `${before}>${this.memory.join(",")}` };
  }
}

/** `Promise.all` of two calls: nested in itself, a group nested in a member. */
@structuralJit
export class Duo extends Operator<Ask, { answer: string }> {
  constructor(readonly a: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [x, y] = await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs)]);
    return { answer: `${x.answer}|${y.answer}` };
  }
}

/** Reads the memory it was made with in its prompt. */
@structuralJit
export class MemReader extends Operator<Ask, Reply> {
  constructor(readonly memory: string[], readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    return await this.m.invoke({ query: `${inputs.query}[${this.memory.join(",")}]` });
  }
}

/** Keeps the query in the memory it was made with. */
@structuralJit
export class Keeper extends Operator<Ask, Reply> {
  constructor(readonly memory: string[], readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    return await this.remember.invoke({ memory: this.memory, add: inputs.query });
  }
}

@structuralJit
export class KeeperThenReader extends Operator<Ask, { k: string; r: string }> {
  constructor(readonly keeper: Operator<Ask, Reply>, readonly reader: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const k = await this.keeper.invoke(inputs);
    const r = await this.reader.invoke(inputs);
    return { k: k.answer, r: r.answer };
  }
}

/** Throws on an odd count of the memory it was made with: the graph's form depends on it. */
@structuralJit
export class StateGuard extends Operator<Ask, Reply> {
  constructor(readonly memory: string[], readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    if (this.memory.length % 2 === 1) throw new Error(`odd memory ${this.memory.length}`);
    return await this.m.invoke({ query: inputs.query });
  }
}

/** The memory taken from an options object, and kept (`this.memory = opts.memory`). */
@structuralJit
export class OptsMemory extends Operator<Ask, { answer: string; n: number }> {
  readonly memory: string[];
  readonly w: Operator<Ask, Reply>;
  constructor(opts: { memory: string[]; w: Operator<Ask, Reply> }) {
    super();
    this.memory = opts.memory;
    this.w = opts.w;
  }
  async forward(inputs: Ask) {
    const r = await this.w.invoke(inputs);
    return { answer: r.answer, n: this.memory.length };
  }
}

/** Keeps into the memory it holds inside an object of its own. */
@structuralJit
export class CtxKeeper extends Operator<Ask, Reply> {
  constructor(readonly ctx: { memory: string[] }, readonly remember: Operator<Remember, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    return await this.remember.invoke({ memory: this.ctx.memory, add: inputs.query });
  }
}

/** Gives its memory to the keeper it makes, inside an object. */
@structuralJit
export class WrapsForKeeper extends Operator<Ask, { answer: string; n: number }> {
  readonly w: Operator<Ask, Reply>;
  constructor(readonly memory: string[], remember: Operator<Remember, Reply>) {
    super();
    this.w = new CtxKeeper({ memory }, remember);
  }
  async forward(inputs: Ask) {
    const r = await this.w.invoke(inputs);
    return { answer: r.answer, n: this.memory.length };
  }
}

/** Reads the memory it shares with its worker in another member's prompt, beside the worker. */
@structuralJit
export class ReadBesideWorker extends Operator<Ask, { a: string; b: string }> {
  constructor(readonly memory: string[], readonly w: Operator<Ask, Reply>, readonly m: Operator<Ask, Reply>) {
    super();
  }
  async forward(inputs: Ask) {
    const [a, b] = await Promise.all([this.w.invoke(inputs), this.m.invoke({ query: `n=${this.memory.length}` })]);
    return { a: a.answer, b: b.answer };
  }
}
