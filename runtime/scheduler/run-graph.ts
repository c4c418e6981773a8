import type { Graph } from "../graph/index.js";
import { chooseStrategy, measuresRun } from "./auto.js";
import { runParallel } from "./parallel.js";
import { planFor } from "./plan.js";
import { observedPlan, type NodeObserver } from "./observe.js";
import { runSequential } from "./sequential.js";
import type { CallBudget } from "../run-budget.js";

export interface RunGraphOptions {
  /** `auto` (the default) picks from the graph's width and measured node costs. */
  readonly scheduler?: "auto" | "parallel" | "sequential";
  /** Most calls in flight at once (parallel runs; host nodes hold no slot); unbounded by default. */
  readonly maxConcurrency?: number;
  /** Aborts the whole run: running nodes see it through `ctx.signal`, the run rejects with its reason. */
  readonly signal?: AbortSignal;
  /** The enclosing run's bound on calls in flight, shared with every call this run starts. */
  readonly budget?: CallBudget;
  /** Sees every call and host node start and end (run events, `op.stream`); absent, it costs nothing. */
  readonly observeNode?: NodeObserver;
}

/**
 * Runs a graph on one input and resolves to the output node's value, with eager `forward`'s
 * semantics: same result; host nodes and effectful calls in program order; on failure, the error
 * eager would raise (program order between awaits, first in time within an await group): the
 * failing node's own error, with the node kept beside it (`failedNodeOf`).
 */
export function runGraph(graph: Graph, input: unknown, options: RunGraphOptions = {}): Promise<unknown> {
  const plan = options.observeNode ? observedPlan(planFor(graph), options.observeNode) : planFor(graph);
  const limit = options.maxConcurrency ?? Infinity;
  if (!(limit >= 1) || (limit !== Infinity && !Number.isInteger(limit))) {
    return Promise.reject(new RangeError(`runGraph: maxConcurrency must be a positive integer, got ${String(options.maxConcurrency)}`));
  }
  const { signal, budget } = options;
  switch (options.scheduler ?? "auto") {
    case "sequential":
      return runSequential(plan, input, signal, budget, false);
    case "parallel":
      return runParallel(plan, input, { limit, signal, budget, measure: false });
    case "auto": {
      const strategy = chooseStrategy(plan);
      const measure = measuresRun(plan, strategy);
      return strategy === "sequential"
        ? runSequential(plan, input, signal, budget, measure)
        : runParallel(plan, input, { limit, signal, budget, measure });
    }
    default:
      return Promise.reject(new RangeError(`runGraph: scheduler must be "auto", "parallel" or "sequential", got "${String(options.scheduler)}"`));
  }
}
