import { nodeError, runSyncNode, startAsyncNode, type NodeOptions } from "./node-run.js";
import { isAsyncKind, type ExecutionPlan } from "./plan.js";
import { neverAborted } from "../shared-abort.js";


/** Program order, one node at a time: eager `forward` with every `Promise.all` unrolled. */
export async function runSequential(
  plan: ExecutionPlan,
  input: unknown,
  signal: AbortSignal | undefined,
  measure: boolean,
): Promise<unknown> {
  const values = new Array<unknown>(plan.size);
  // Nothing runs alongside a node here, so the caller's signal is all a node needs.
  const options: NodeOptions = { signal: signal ?? neverAborted };
  for (let i = 0; i < plan.size; i++) {
    signal?.throwIfAborted();
    try {
      if (!isAsyncKind(plan.kinds[i]!)) {
        values[i] = runSyncNode(plan, i, values, input);
      } else if (measure) {
        const startedAt = performance.now();
        values[i] = await startAsyncNode(plan, i, values, options);
        plan.costs[i] = performance.now() - startedAt;
      } else {
        values[i] = await startAsyncNode(plan, i, values, options);
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw nodeError(plan, i, error);
    }
  }
  return values[plan.outputIndex];
}
