/**
 * `compose(a, b, c)`: the chain `x → a → b → c`, each operator's output the next one's input
 * (left to right, like a pipeline). It is a structural operator whose structure calls its parts
 * in order, so its graph is the concatenation of theirs (parts with a structure are inlined) and
 * it inlines, in turn, into any graph that calls it.
 */
import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "../builder/index.js";
import { structuralJit } from "../jit/structural-jit.js";
import { Operator, type ForwardContext } from "../operator.js";
import { checkOperator, transformName } from "./transformed-operator.js";

export class ComposedOperator extends Operator<any, any> {
  readonly name: string;

  constructor(readonly parts: readonly Operator<any, any>[]) {
    super();
    this.name = transformName("compose", ...parts);
  }

  /** Eager meaning: each part on the previous part's output. */
  async forward(inputs: unknown, ctx: ForwardContext): Promise<unknown> {
    let value = inputs;
    for (const part of this.parts) value = await part.invoke(value, { signal: ctx.signal });
    return value;
  }

  static [XCS_STRUCTURE](self: ComposedOperator, g: GraphBuilder, inputs: Ref): Ref {
    let value = inputs;
    self.parts.forEach((part) => {
      value = g.call(part, value);
    });
    return g.output(value);
  }
}
structuralJit(ComposedOperator);

export function compose(...ops: Operator<any, any>[]): ComposedOperator {
  if (ops.length === 0) throw new TypeError("compose: expected at least one operator");
  ops.forEach((op, i) => checkOperator("compose", op, i));
  return new ComposedOperator(ops);
}
