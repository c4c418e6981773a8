import { costProfileOf } from "./cost-profile.js";
import { isAsyncKind, type ExecutionPlan } from "./plan.js";

/**
 * A call or host node measured under this many milliseconds is "cheap": overlapping it with
 * others cannot win back what the parallel bookkeeping costs.
 */
export const CHEAP_NODE_MS = 0.1;

/**
 * Parallel `auto` runs of a graph whose calls may all turn out cheap time their calls on the
 * first run and every this-many-th after: two clock reads per call were a sixth of a 0 ms call's
 * cost, and staying parallel a few runs too long costs only that bookkeeping.
 */
const PARALLEL_SAMPLE = 8;

/**
 * `auto`: sequential when the graph has no width (a chain) or every call was measured cheap on
 * an earlier run; parallel otherwise. An unmeasured node counts as slow, so the first run of a
 * graph with width is parallel.
 */
export function chooseStrategy(plan: ExecutionPlan): "parallel" | "sequential" {
  // One at a time would change which call of a `Promise.all` fails first, so the error.
  if (plan.racing) return "parallel";
  if (plan.width <= 1) return "sequential";
  const costs = costProfileOf(plan).costs;
  for (let i = 0; i < plan.size; i++) {
    if (isAsyncKind(plan.kinds[i]!) && !(costs[i]! < CHEAP_NODE_MS)) return "parallel";
  }
  return "sequential";
}

/**
 * Whether an `auto` run with `strategy` times its calls: never where costs cannot change the
 * choice (a chain, racing groups); on every sequential run, so a call that turned slow sends the
 * next run back to parallel at once; on a sample of parallel runs.
 */
export function measuresRun(plan: ExecutionPlan, strategy: "parallel" | "sequential"): boolean {
  if (plan.racing || plan.width <= 1) return false;
  return strategy === "sequential" || costProfileOf(plan).parallelRuns++ % PARALLEL_SAMPLE === 0;
}
