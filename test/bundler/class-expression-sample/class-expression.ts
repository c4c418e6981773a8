// Bundled by test/bundler/class-expression.test.ts: structural classes written as class
// expressions, one bare and one with options constructed in place; eager `forward` throws on a
// known line.
import { Operator, structuralJit } from "xcs-jit";

class Echo extends Operator<{ q: string }, { a: string }> {
  async forward(inputs: { q: string }) {
    return { a: inputs.q };
  }
}

export const Pair = @structuralJit class Pair extends Operator<{ q: string }, { a: string; b: string }> {
  first = new Echo();
  second = new Echo();

  async forward(inputs: { q: string }) {
    const [x, y] = await Promise.all([this.first.invoke({ q: inputs.q }), this.second.invoke({ q: `${inputs.q}!` })]);
    if (x.a === "boom") throw new Error("boom from a class expression");
    return { a: x.a, b: y.a };
  }
};

export const joiner = new @structuralJit({ maxConcurrency: 1 }) class Joiner extends Operator<{ q: string }, { a: string }> {
  left = new Echo();
  right = new Echo();

  async forward(inputs: { q: string }) {
    const [l, r] = await Promise.all([this.left.invoke(inputs), this.right.invoke({ q: `${inputs.q}?` })]);
    return { a: `${l.a}+${r.a}` };
  }
}();
