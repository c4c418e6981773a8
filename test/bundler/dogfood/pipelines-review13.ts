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
