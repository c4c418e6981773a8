import { operatorName } from "../operator.js";
import { loadOpenTelemetry } from "../telemetry/otel.js";
import type { Graph } from "../graph/index.js";
import type { RunOptions } from "../options/index.js";

export type SpanAttributes = Record<string, string | number>;

/**
 * A run span's attributes: how the class ran (`structural`, `fallback` to the tracing JIT, or
 * `traced` by `@jit`), its scheduler and bound, and its graph's size when it has one.
 */
export function runSpanAttributes(mode: "structural" | "fallback" | "traced", run: RunOptions, graph?: Graph): SpanAttributes {
  const attributes: SpanAttributes = { "xcs.mode": mode, "xcs.scheduler": run.scheduler };
  if (run.maxConcurrency !== undefined) attributes["xcs.max_concurrency"] = run.maxConcurrency;
  if (graph) attributes["xcs.nodes"] = graph.nodes.length;
  return attributes;
}

/**
 * Runs `run` inside a span `xcs-jit <operator>` carrying `attributes`, when the run asked for
 * `trace`. A failure is recorded on the span (exception and error status) and rethrown unchanged.
 * Without a registered tracer provider the API's tracer is a no-op, so this costs next to nothing.
 */
export async function traceRun(op: object, attributes: SpanAttributes, run: () => Promise<unknown>): Promise<unknown> {
  const otel = await loadOpenTelemetry();
  if (!otel) return run();
  const tracer = otel.trace.getTracer("xcs-jit");
  return tracer.startActiveSpan(`xcs-jit ${operatorName(op)}`, { attributes }, async (span) => {
    try {
      return await run();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: otel.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
