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
