// A nested operator whose own `Promise.all` fails, called beside another call in host code that
// catches the failure (seed 5151 of the generator, case 231, shrunk by hand): eager's inner
// `Promise.all` started all three members, and leaves the others running when it rejects.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

@structuralJit
/** `Promise.all` of a failing call, a pure call and an effect. */
export class Inner extends Operator<Ask, Reply> {
  constructor(readonly fail: Operator<Ask, Reply>, readonly b: Operator<Ask, Reply>, readonly stamp: Operator<Ask, Reply>) { super(); }
  async forward(inputs: Ask): Promise<Reply> {
    const [r] = await Promise.all([this.fail.invoke({ query: inputs.query }), this.b.invoke({ query: "none" }), this.stamp.invoke({ query: inputs.query })]);
    return r;
  }
}

@structuralJit
/** Host code (a `try`) calling `Inner` beside another call, logging the failure it catches. */
export class Outer extends Operator<Ask, Reply> {
  constructor(readonly inner: Operator<Ask, Reply>, readonly a: Operator<Ask, Reply>, readonly log: (t: string) => void) { super(); }
  async forward(inputs: Ask): Promise<Reply> {
    try {
      await Promise.all([this.inner.invoke({ query: inputs.query }), this.a.invoke({ query: inputs.query })]);
    } catch (e) {
      this.log(`caught ${(e as Error).message}`);
    }
    return { answer: "done" };
  }
}
