/**
 * Spans below a traced run: one per call or host node (the scheduler's observer), one per model
 * call with the GenAI semantic conventions (`gen_ai.*`), each the child of the span active where
 * it starts, so they nest as the graph does.
 */
import type { NodeObserver } from "../scheduler/observe.js";
import type { ModelRequest, ModelResponse } from "../models/types.js";
import { endWith, loadedOpenTelemetry } from "./otel.js";

/** The node observer a traced run adds: a span `xcs-jit node <id>` around each node. */
export const nodeSpans: NodeObserver = (node, start) => {
  const otel = loadedOpenTelemetry();
  if (!otel) return start();
  const attributes = { "xcs.node.id": node.id, "xcs.operator": node.label };
  return otel.trace.getTracer("xcs-jit").startActiveSpan(`xcs-jit node ${node.id}`, { attributes }, (span) => endWith(otel, span, start()));
};

/** Two observers as one: `outer` sees the node first and runs `inner` inside. */
export function bothObservers(outer: NodeObserver, inner: NodeObserver): NodeObserver {
  return (node, start) => outer(node, () => inner(node, start));
}

/**
 * Runs a model call in a `chat <model>` span when a span is active (inside a traced run, or the
 * caller's own); otherwise just runs it.
 */
export function modelCallSpan(
  modelId: string,
  request: ModelRequest,
  costOf: (response: ModelResponse) => number | undefined,
  call: () => Promise<ModelResponse>,
): Promise<ModelResponse> {
  const otel = loadedOpenTelemetry();
  if (!otel || otel.trace.getActiveSpan() === undefined) return call();
  const colon = modelId.indexOf(":");
  const model = modelId.slice(colon + 1);
  const attributes: Record<string, string | number> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": modelId.slice(0, colon),
    "gen_ai.request.model": model,
  };
  if (request.temperature !== undefined) attributes["gen_ai.request.temperature"] = request.temperature;
  if (request.seed !== undefined) attributes["gen_ai.request.seed"] = request.seed;
  const options = { kind: otel.SpanKind.CLIENT, attributes };
  return otel.trace.getTracer("xcs-jit").startActiveSpan(`chat ${model}`, options, (span) =>
    endWith(otel, span, call(), (response) => {
      span.setAttribute("gen_ai.usage.input_tokens", response.usage.inputTokens);
      span.setAttribute("gen_ai.usage.output_tokens", response.usage.outputTokens);
      const cost = costOf(response);
      // Not a GenAI convention (it has none for cost): the project's own attribute.
      if (cost !== undefined) span.setAttribute("xcs.cost_usd", cost);
    }),
  );
}
