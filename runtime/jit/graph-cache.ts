import { buildStructure } from "../builder/index.js";
import type { Graph } from "../graph/index.js";
import { hasEffects } from "../operator.js";

interface CachedGraph {
  readonly graph: Graph;
  /** The operators whose state the graph depends on: the instance, then those it inlined. */
  readonly operators: readonly object[];
  readonly signatures: readonly unknown[];
}

/** Keyed by the instance itself (never by an id), so an entry goes when its operator goes. */
const graphs = new WeakMap<object, CachedGraph>();

/**
 * The instance's graph, built on first use and rebuilt whenever the `stateSignature()` of the
 * instance or of an operator it inlined returns a different value (compared with `Object.is`, so
 * a signature should be a string or a number). `onBuilt` hears how long a build took.
 */
export function graphFor(op: object, onBuilt?: (buildMs: number) => void): Graph {
  const cached = graphs.get(op);
  if (cached && signaturesHold(cached)) return cached.graph;
  const operators: object[] = [op];
  const started = performance.now();
  const graph = buildStructure(op, operators);
  onBuilt?.(performance.now() - started);
  graphs.set(op, { graph, operators, signatures: operators.map(stateSignatureOf) });
  return graph;
}

/**
 * Whether the instance's graph, as last built, runs code whose effects a tracing caller does not
 * see as calls of its own: a host node (code run as written: a module log, `console.log`) or an
 * effectful call. A tracing JIT never dispatches such an operator early, which would run those
 * early. False before the graph was first built (a traced call builds it when it runs).
 */
export function graphHasEffects(op: object): boolean {
  return graphs.get(op)?.graph.nodes.some((n) => n.kind === "host" || (n.kind === "call" && hasEffects(n.op!))) ?? false;
}

function signaturesHold(cached: CachedGraph): boolean {
  const { operators, signatures } = cached;
  for (let i = 0; i < operators.length; i++) {
    if (!Object.is(stateSignatureOf(operators[i]!), signatures[i])) return false;
  }
  return true;
}

/** The operator's `stateSignature()`, or undefined when it has none. */
export function stateSignatureOf(op: object): unknown {
  const signature = (op as { stateSignature?: unknown }).stateSignature;
  return typeof signature === "function" ? signature.call(op) : undefined;
}
