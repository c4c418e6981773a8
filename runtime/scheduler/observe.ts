import type { GraphNode } from "../graph/index.js";
import { CALL, HOST, type ExecutionPlan } from "./plan.js";
import { isPromiseLike } from "./node-run.js";
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
      return { ...node, op: { invoke: (input: unknown, options: InvokeOptions) => observeNode(observe, seen, () => call(input, options)) } as typeof op };
    }
    if (kind === HOST) {
      const fn = node.fn as (input: unknown, options: unknown) => unknown;
      return { ...node, fn: (input: unknown, options: unknown) => observeNode(observe, seen, () => fn(input, options)) };
    }
    return node;
  });
  return { ...plan, nodes };
}

/**
 * A node through the observer, keeping what the scheduler sees when it ended at once (a host
 * whose statements never await, a boundary check of a synchronous schema: their values, or their
 * synchronous throw) rather than a promise of them: observing a run must not move an effect after
 * the node past a caller's next statement. The observer hears of the end through the promise it
 * is handed, a turn later.
 */
function observeNode(observe: NodeObserver, seen: ObservedNode, run: () => unknown): unknown {
  let now: { value: unknown } | { error: unknown } | undefined;
  const observed = observe(seen, () => {
    try {
      const value = run();
      if (isPromiseLike(value)) return Promise.resolve(value);
      now = { value };
      return Promise.resolve(value);
    } catch (error) {
      now = { error };
      return Promise.reject(error);
    }
  });
  if (now === undefined) return observed;
  observed.catch(() => {});
  if ("error" in now) throw now.error;
  return now.value;
}
