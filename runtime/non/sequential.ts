import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "../builder/index.js";
import { structuralJit } from "../jit/index.js";
import { Operator, type ForwardContext } from "../operator.js";

type AnyOperator = Operator<any, any>;

/**
 * Runs operators one after another, each one's output the next one's input. Each operator
 * validates its own input and output, so the chain's contract is its members'. Use
 * `Sequential.of(a, b, …)` to have the chain's types inferred and checked link by link.
 */
export class Sequential<In = unknown, Out = unknown> extends Operator<In, Out> {
  readonly operators: readonly AnyOperator[];

  constructor(...operators: AnyOperator[]) {
    super();
    const bad = operators.findIndex((op) => !(op instanceof Operator));
    if (operators.length === 0) throw new RangeError("Sequential: give at least one operator");
    if (bad >= 0) throw new TypeError(`Sequential: argument ${bad} is not an Operator`);
    this.operators = operators;
  }

  static of<A, B>(a: Operator<A, B>): Sequential<A, B>;
  static of<A, B, C>(a: Operator<A, B>, b: Operator<B, C>): Sequential<A, C>;
  static of<A, B, C, D>(a: Operator<A, B>, b: Operator<B, C>, c: Operator<C, D>): Sequential<A, D>;
  static of<A, B, C, D, E>(a: Operator<A, B>, b: Operator<B, C>, c: Operator<C, D>, d: Operator<D, E>): Sequential<A, E>;
  static of(...operators: AnyOperator[]): Sequential {
    return new Sequential(...operators);
  }

  async forward(inputs: In, ctx: ForwardContext): Promise<Out> {
    const options = { signal: ctx.signal };
    let value: unknown = inputs;
    for (const op of this.operators) value = await op.invoke(value, options);
    return value as Out;
  }

  // What the transformer would emit for `forward` above.
  static [XCS_STRUCTURE](self: Sequential, g: GraphBuilder, inputs: Ref) {
    let value = inputs;
    for (const op of self.operators) value = g.call(op, value);
    return g.output(value);
  }
}
structuralJit(Sequential);
