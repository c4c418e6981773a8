import { isAsyncKind, type ExecutionPlan } from "./plan.js";

/**
 * A call or host node measured under this many milliseconds is "cheap": overlapping it with
 * others cannot win back what the parallel bookkeeping costs.
 */
export const CHEAP_NODE_MS = 0.1;

/**
 * `auto`: sequential when the graph has no width (a chain) or every call was measured cheap on
 * an earlier run; parallel otherwise. An unmeasured node counts as slow, so the first run of a
 * graph with width is parallel.
 */
export function chooseStrategy(plan: ExecutionPlan): "parallel" | "sequential" {
  // One at a time would change which call of a `Promise.all` fails first, so the error.
  if (plan.racing) return "parallel";
  if (plan.width <= 1) return "sequential";
  for (let i = 0; i < plan.size; i++) {
    if (isAsyncKind(plan.kinds[i]!) && !(plan.costs[i]! < CHEAP_NODE_MS)) return "parallel";
  }
  return "sequential";
}
