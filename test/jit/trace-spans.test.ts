import { trace, SpanStatusCode, type Span, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executionOptions, failedNodeOf, structuralJit } from "xcs-jit";
import { CallLog, FakeOperator, LogicalClock } from "../support/index.js";
import { Ensemble, question } from "./ensemble.js";

@structuralJit({ maxConcurrency: 2 })
class Wide extends Ensemble {}

@structuralJit
class Uncompiled extends FakeOperator<{ query: string }, unknown> {}

interface RecordedSpan {
  name: string;
  attributes: unknown;
  exceptions: unknown[];
  status?: { code: SpanStatusCode; message?: string };
  ended: boolean;
}

/** Just enough of an OpenTelemetry SDK to see which spans a run opens and how they end. */
function recordingProvider(spans: RecordedSpan[]): TracerProvider {
  const tracer = {
    startActiveSpan(name: string, options: { attributes?: unknown }, fn: (span: Span) => unknown) {
      const recorded: RecordedSpan = { name, attributes: options.attributes, exceptions: [], ended: false };
      spans.push(recorded);
      const span = {
        recordException: (exception: unknown) => void recorded.exceptions.push(exception),
        setStatus: (status: RecordedSpan["status"]) => void (recorded.status = status),
        end: () => void (recorded.ended = true),
      };
      return fn(span as unknown as Span);
    },
  };
  return { getTracer: () => tracer as unknown as Tracer };
}

describe("trace: spans through @opentelemetry/api", () => {
  let spans: RecordedSpan[];
  beforeEach(() => {
    spans = [];
    trace.setGlobalTracerProvider(recordingProvider(spans));
  });
  afterEach(() => trace.disable());

  function setUp() {
    const clock = new LogicalClock();
    return { clock, log: new CallLog(clock) };
  }

  it("opens one span per traced run, with how it ran", async () => {
    const { clock, log } = setUp();
    const op = new Wide(log, 3);
    await clock.run(op.invoke(question, { trace: true, scheduler: "parallel" }));
    // The run's own span; its nodes have theirs (issue 17), each ended.
    const nodeSpans = spans.filter((s) => s.name.startsWith("xcs-jit node "));
    expect(nodeSpans.map((s) => s.name)).toEqual(expect.arrayContaining(["xcs-jit node judge"]));
    expect(nodeSpans.every((s) => s.ended)).toBe(true);
    expect(spans.filter((s) => !nodeSpans.includes(s))).toEqual([
      {
        name: "xcs-jit Wide",
        attributes: { "xcs.mode": "structural", "xcs.scheduler": "parallel", "xcs.max_concurrency": 2, "xcs.nodes": 7 },
        exceptions: [],
        ended: true,
      },
    ]);
  });

  it("takes trace from the executionOptions scope, and traces the fallback too", async () => {
    const { clock, log } = setUp();
    const op = new Uncompiled(log, { name: "uncompiled" });
    await clock.run(() => executionOptions({ trace: true }, () => op.invoke(question)));
    expect(spans.map((s) => [s.name, s.attributes, s.ended])).toEqual([
      ["xcs-jit uncompiled", { "xcs.mode": "fallback", "xcs.scheduler": "auto" }, true],
    ]);
  });

  it("records a failure on the span and rethrows it unchanged", async () => {
    const { clock, log } = setUp();
    const op = new Wide(log, 2);
    const boom = new Error("judge is down");
    (op as { judge: unknown }).judge = new FakeOperator(log, { name: "judge", fail: () => boom });
    const error = await clock.run(op.invoke(question, { trace: true })).catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(failedNodeOf(error)?.node).toBe("judge");
    const runSpans = spans.filter((s) => !s.name.startsWith("xcs-jit node "));
    expect(runSpans).toHaveLength(1);
    expect(runSpans[0]).toMatchObject({ exceptions: [error], status: { code: SpanStatusCode.ERROR, message: (error as Error).message }, ended: true });
    expect(spans.find((s) => s.name === "xcs-jit node judge")).toMatchObject({ exceptions: [boom], status: { code: SpanStatusCode.ERROR }, ended: true });
  });

  it("opens no span unless asked", async () => {
    const { clock, log } = setUp();
    await clock.run(new Wide(log, 2).invoke(question));
    expect(spans).toEqual([]);
  });
});
