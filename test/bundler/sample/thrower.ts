// Bundled through the plugin by test/bundler: a compiled class with one deliberate graph break
// (a branch on a value known only at run time), whose eager forward throws on a known line.
import { Operator, structuralJit } from "xcs-jit";

class Echo extends Operator<{ q: string }, { a: string }> {
  async forward(inputs: { q: string }) {
    return { a: inputs.q };
  }
}

@structuralJit
export class Thrower extends Operator<{ q: string }, { a: string; b: string }> {
  first = new Echo();
  second = new Echo();

  async forward(inputs: { q: string }) {
    const [x, y] = await Promise.all([this.first.invoke({ q: inputs.q }), this.second.invoke({ q: `${inputs.q}!` })]);
    if (x.a === "boom") throw new Error("boom from forward");
    return { a: x.a, b: y.a };
  }
}
