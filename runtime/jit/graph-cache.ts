import { buildStructure } from "../builder/index.js";
import type { Graph } from "../graph/index.js";

interface CachedGraph {
  readonly graph: Graph;
  readonly signature: unknown;
}

/** Keyed by the instance itself (never by an id), so an entry goes when its operator goes. */
const graphs = new WeakMap<object, CachedGraph>();

/**
 * The instance's graph, built on first use and rebuilt whenever its `stateSignature()` returns a
 * different value (compared with `Object.is`, so a signature should be a string or a number).
 */
export function graphFor(op: object): Graph {
  const signature = stateSignatureOf(op);
  const cached = graphs.get(op);
  if (cached && Object.is(cached.signature, signature)) return cached.graph;
  const graph = buildStructure(op as never);
  graphs.set(op, { graph, signature });
  return graph;
}

function stateSignatureOf(op: object): unknown {
  const signature = (op as { stateSignature?: unknown }).stateSignature;
  return typeof signature === "function" ? signature.call(op) : undefined;
}
