import type { Graph } from "../graph/index.js";
import { chooseStrategy } from "./auto.js";
import { runParallel } from "./parallel.js";
import { planFor } from "./plan.js";
import { runSequential } from "./sequential.js";

export interface RunGraphOptions {
  /** `auto` (the default) picks from the graph's width and measured node costs. */
  readonly scheduler?: "auto" | "parallel" | "sequential";
  /** Most calls and host nodes in flight at once (parallel runs); unbounded by default. */
  readonly maxConcurrency?: number;
  /** Aborts the whole run: running nodes see it through `ctx.signal`, the run rejects with its reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a graph on one input and resolves to the output node's value, with eager `forward`'s
 * semantics: same result; host nodes and effectful calls in program order; on failure, the error
 * of the first failing node in program order, wrapped in NodeExecutionError.
 */
export function runGraph(graph: Graph, input: unknown, options: RunGraphOptions = {}): Promise<unknown> {
  const plan = planFor(graph);
  const limit = options.maxConcurrency ?? Infinity;
  if (!(limit >= 1) || (limit !== Infinity && !Number.isInteger(limit))) {
    return Promise.reject(new RangeError(`runGraph: maxConcurrency must be a positive integer, got ${String(options.maxConcurrency)}`));
  }
  const { signal } = options;
  switch (options.scheduler ?? "auto") {
    case "sequential":
      return runSequential(plan, input, signal, false);
    case "parallel":
      return runParallel(plan, input, { limit, signal, measure: false });
    case "auto":
      return chooseStrategy(plan) === "sequential"
        ? runSequential(plan, input, signal, true)
        : runParallel(plan, input, { limit, signal, measure: true });
    default:
      return Promise.reject(new RangeError(`runGraph: scheduler must be "auto", "parallel" or "sequential", got "${String(options.scheduler)}"`));
  }
}
