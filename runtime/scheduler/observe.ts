import type { GraphNode } from "../graph/index.js";
import { CALL, HOST, type ExecutionPlan } from "./plan.js";
import { invokeFromRun, type InvokeOptions } from "../operator.js";

/** A call or host node as a run observer sees it. */
export interface ObservedNode {
  /** The node's id in its graph (`units.0`, `ensemble/judge`). */
  readonly id: string;
  /** The operator's name for calls, the node's label for host nodes. */
  readonly label: string;
}

/**
 * Runs one call or host node: `start()` starts it and the observer returns its promise (or one
 * that settles the same way), seeing when it starts and ends and able to run it inside a scope.
 */
export type NodeObserver = <T>(node: ObservedNode, start: () => Promise<T>) => Promise<T>;

/**
 * The plan with each call and host node run through `observe`. The schedulers run it as any
 * plan, so observing costs them nothing per node and an unobserved run nothing at all; only the
 * node list is copied (the measured costs and the callback lease are the graph's, shared with the
 * cached plan).
 */
export function observedPlan(plan: ExecutionPlan, observe: NodeObserver): ExecutionPlan {
  const nodes = plan.nodes.map((node, i): GraphNode => {
    const kind = plan.kinds[i];
    const seen: ObservedNode = { id: node.id, label: node.label };
    if (kind === CALL) {
      // Started as an unobserved run starts it (a plain leaf's `forward` directly), so a timed run
      // costs what it times. The observer runs code of its own first (a stream's event, whose
      // reader may abort the run): the signal is checked when the call starts, as `invoke` does.
      const op = node.op!;
      const call = (input: unknown, options: InvokeOptions) => {
        options.signal?.throwIfAborted();
        return invokeFromRun(op, input, options);
      };
      return { ...node, op: { invoke: (input: unknown, options: InvokeOptions) => observe(seen, () => call(input, options)) } as typeof op };
    }
    if (kind === HOST) {
      const fn = node.fn!;
      return { ...node, fn: (input: unknown, options: unknown) => observe(seen, () => Promise.resolve((fn as (a: unknown, b: unknown) => unknown)(input, options))) };
    }
    return node;
  });
  return { ...plan, nodes };
}
