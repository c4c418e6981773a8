import { AsyncLocalStorage } from "node:async_hooks";
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Context, type ContextManager, type Span, type Tracer } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildGraph, jit, meterUsage, ModelUnit, Operator, type ForwardContext } from "xcs-jit";
import { simulatedWorld } from "./support.js";

interface Recorded {
  name: string;
  parent: Recorded | undefined;
  attributes: Record<string, unknown>;
  exceptions: unknown[];
  status?: { code: SpanStatusCode };
  ended: boolean;
}

/** The context manager an OpenTelemetry SDK registers on Node (what makes spans nest), in brief. */
function asyncContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  return {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      storage.disable();
      return this;
    },
  };
}

/** A tracer recording each span with the span active where it started as its parent. */
function recordingTracer(spans: Recorded[]): Tracer {
  const bySpan = new WeakMap<object, Recorded>();
  return {
    startActiveSpan(name: string, options: { attributes?: Record<string, unknown> }, fn: (span: Span) => unknown) {
      const active = trace.getActiveSpan();
      const recorded: Recorded = { name, parent: active && bySpan.get(active), attributes: { ...options.attributes }, exceptions: [], ended: false };
      spans.push(recorded);
      const span = {
        spanContext: () => ({ traceId: "t", spanId: String(spans.length), traceFlags: 1 }),
        setAttribute: (key: string, value: unknown) => void (recorded.attributes[key] = value),
        recordException: (exception: unknown) => void recorded.exceptions.push(exception),
        setStatus: (status: { code: SpanStatusCode }) => void (recorded.status = status),
        end: () => void (recorded.ended = true),
        isRecording: () => true,
      } as unknown as Span;
      bySpan.set(span, recorded);
      return context.with(trace.setSpan(context.active(), span), () => fn(span));
    },
  } as unknown as Tracer;
}

describe("telemetry: spans per run, per node and per model call (GenAI conventions)", () => {
  let spans: Recorded[];
  beforeEach(() => {
    spans = [];
    context.setGlobalContextManager(asyncContextManager());
    const tracer = recordingTracer(spans);
    trace.setGlobalTracerProvider({ getTracer: () => tracer });
  });
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  it("model call spans are children of their node's span, which is a child of the run's; usage and cost on them", async () => {
    const world = simulatedWorld({ latency: 5 });
    const graph = buildGraph(["2:E:openai:gpt-4o:0.7", "1:J:anthropic:claude-3-5-sonnet:0"], { registry: world.registry });
    const { usage } = await world.clock.run(meterUsage(() => graph.invoke({ query: "q" }, { trace: true })));

    const run = spans.find((s) => s.name === "xcs-jit CompactGraph")!;
    expect(run.parent).toBeUndefined();
    const chats = spans.filter((s) => s.name.startsWith("chat "));
    expect(chats.map((s) => s.name).sort()).toEqual(["chat claude-3-5-sonnet", "chat gpt-4o", "chat gpt-4o"]);
    for (const chat of chats) {
      expect(chat.parent?.name).toMatch(/^xcs-jit node (E0\/units\.\d|J1\.0)$/);
      expect(chat.parent?.parent).toBe(run);
      expect(chat.ended).toBe(true);
    }
    const judge = chats.find((s) => s.name === "chat claude-3-5-sonnet")!;
    expect(judge.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-3-5-sonnet",
      "gen_ai.request.temperature": 0,
      "gen_ai.usage.input_tokens": usage.byModel["anthropic:claude-3-5-sonnet"]!.inputTokens,
      "gen_ai.usage.output_tokens": usage.byModel["anthropic:claude-3-5-sonnet"]!.outputTokens,
      "xcs.cost_usd": usage.byModel["anthropic:claude-3-5-sonnet"]!.costUsd,
    });
    expect(spans.every((s) => s.ended)).toBe(true);
  });

  it("a class the tracing JIT runs (traced, replayed, eager): a run span, a span per call node named by field, model call spans under them", async () => {
    const world = simulatedWorld({ latency: 5 });
    @jit
    class DraftThenRevise extends Operator<{ query: string }, { answer: string }> {
      drafts = [0, 1].map((seed) => new ModelUnit({ model: "openai:gpt-4o", temperature: 0.7, seed, registry: world.registry }));
      reviser = new ModelUnit({ model: "anthropic:claude-3-5-sonnet", registry: world.registry });
      async forward(inputs: { query: string }, ctx: ForwardContext) {
        const [a, b] = await Promise.all(this.drafts.map((d) => d.invoke(inputs, { signal: ctx.signal })));
        return this.reviser.invoke({ query: `${a!.answer} / ${b!.answer}` }, { signal: ctx.signal });
      }
    }
    const op = new DraftThenRevise();
    for (const speculate of [true, true, false]) {
      spans.length = 0;
      await world.clock.run(op.invoke({ query: "q" }, { trace: true, speculate }));
      const run = spans.find((s) => s.name === "xcs-jit DraftThenRevise")!;
      expect(run).toMatchObject({ parent: undefined, attributes: { "xcs.mode": "traced", "xcs.scheduler": "auto" }, ended: true });
      const nodes = spans.filter((s) => s.name.startsWith("xcs-jit node "));
      expect(nodes.map((s) => s.name).sort()).toEqual(["xcs-jit node drafts.0", "xcs-jit node drafts.1", "xcs-jit node reviser"]);
      for (const node of nodes) expect(node.parent).toBe(run);
      const chats = spans.filter((s) => s.name.startsWith("chat "));
      expect(chats.map((s) => `${s.parent?.name} > ${s.name}`).sort()).toEqual([
        "xcs-jit node drafts.0 > chat gpt-4o",
        "xcs-jit node drafts.1 > chat gpt-4o",
        "xcs-jit node reviser > chat claude-3-5-sonnet",
      ]);
      expect(spans.every((s) => s.ended)).toBe(true);
    }
  });

  it("a failing model call records its error on its span and on its node's", async () => {
    const world = simulatedWorld({ simulated: { failures: { rateLimit: 1, retryAfterMs: 1 } }, policy: { retry: false } });
    const graph = buildGraph(["1:E:openai:gpt-4o:0"], { registry: world.registry });
    await world.clock.run(graph.invoke({ query: "q" }, { trace: true }).catch(() => undefined));
    const chat = spans.find((s) => s.name === "chat gpt-4o")!;
    expect(chat.status?.code).toBe(SpanStatusCode.ERROR);
    expect(String((chat.exceptions[0] as Error).message)).toContain("rate limited (429)");
    expect(chat.parent?.status?.code).toBe(SpanStatusCode.ERROR);
  });

  it("without a traced run (no active span), model calls open no span", async () => {
    const world = simulatedWorld();
    await world.clock.run(buildGraph(["2:E:openai:gpt-4o:0"], { registry: world.registry }).invoke({ query: "q" }));
    expect(spans).toEqual([]);
  });
});
