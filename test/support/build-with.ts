import { Operator, XCS_STRUCTURE, type Graph, type GraphBuilder, type Ref } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";

/**
 * The graph of a structure written inline in a test: `buildWith((g, inputs) => g.output(...))`.
 * `self` (an operator without a `forward` of its own) can hold operators to name the nodes.
 */
export function buildWith(structure: (g: GraphBuilder, inputs: Ref) => Ref, self: object = {}): Graph {
  class Inline extends Operator {
    forward(): never {
      throw new Error("an inline structure has no eager forward");
    }
    static [XCS_STRUCTURE](_op: Inline, g: GraphBuilder, inputs: Ref) {
      return structure(g, inputs);
    }
  }
  return buildStructure(Object.assign(new Inline(), self));
}
