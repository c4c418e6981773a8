import type { ForwardContext, Operator } from "../operator.js";
import type { Graph } from "../graph/index.js";
import type { RunOptions } from "../options/index.js";
import { runTraced, type TracingJitOptions } from "./tracing-engine.js";
import { describeTrace } from "./tracing-explain.js";

/**
 * How a `@structuralJit` instance runs when it has no structure it may use: through the tracing
 * JIT, with speculation, exactly like `@jit`.
 */
export function runFallback(
  op: Operator<any, any>,
  inputs: unknown,
  ctx: ForwardContext,
  options: RunOptions,
  classOptions: Pick<TracingJitOptions, "speculate">,
): Promise<unknown> {
  return runTraced(op, inputs, ctx, options, { speculate: classOptions.speculate });
}

/** What `explain` reports for an instance that runs through `runFallback`. */
export function explainFallback(op: Operator<any, any>): {
  mode: "traced" | "eager";
  graph?: Graph;
  reason: string;
} {
  const { graph, reasons } = describeTrace(op);
  const reason = reasons.join("; ");
  return graph ? { mode: "traced", graph, reason } : { mode: "traced", reason };
}
