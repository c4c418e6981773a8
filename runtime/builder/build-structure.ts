import type { Graph } from "../graph/index.js";
import { operatorName } from "../operator.js";
import { BuildState } from "./build-state.js";
import { GraphBuilder } from "./builder.js";
import { structureOf } from "./structure-lookup.js";

/**
 * Runs the structure of `op`'s class once and returns the validated, flat graph (nested
 * structural operators inlined). Throws when the class has no structure or the graph is invalid.
 * `inlined`, when given, receives the operators whose structures were inlined.
 */
export function buildStructure(op: object, inlined?: object[]): Graph {
  const structure = structureOf(op);
  if (!structure) throw new Error(`${operatorName(op)} has no structure (static [XCS_STRUCTURE])`);
  const state = new BuildState(op);
  const g = new GraphBuilder(state, op, "", true);
  const inputs = state.addNode({ kind: "input", id: "inputs", label: "inputs" }, {}, "object");
  state.inlining.add(op);
  structure.call(op.constructor, op, g, inputs);
  g.outputRef();
  inlined?.push(...state.inlined);
  return state.toGraph();
}
