import { describe, expect, it } from "vitest";
import { buildGraph, explain, failedNodeOf, jit, meterUsage, StreamClosedError, structuralJit, type RunEvent } from "xcs-jit";
import { simulatedWorld } from "../models/support.js";
import { CallLog, Ensemble, failingOperator, LogicalClock } from "../support/index.js";
import { Leaf } from "../contract/paths.js";

const spec = ["3:E:gpt-4o:0.7", "1:J:claude-3-5-sonnet:0"];

/** Every event of a streamed run, and how the run ended. */
async function collect<Out>(stream: AsyncIterable<RunEvent<Out>>) {
  const events: RunEvent<Out>[] = [];
  let error: unknown;
  try {
    for await (const event of stream) events.push(event);
  } catch (caught) {
    error = caught;
  }
  return { events, error };
}

describe("op.stream: the run's events, in order, and the same result as invoke", () => {
  it("an ensemble + judge graph: nodes start and finish with their usage, the judge's text streams, the output comes last", async () => {
    const world = simulatedWorld({ latency: 10 });
    const graph = buildGraph(spec, { registry: world.registry });
    const stream = graph.stream({ query: "Why is the sky blue?" });
    const { events, error } = await world.clock.run(collect(stream));
    expect(error).toBeUndefined();

    const reference = simulatedWorld({ latency: 10 });
    const invoked = await reference.clock.run(meterUsage(() => buildGraph(spec, { registry: reference.registry }).invoke({ query: "Why is the sky blue?" })));
    expect(await stream.result).toEqual(invoked.result);

    expect(events[0]).toEqual({ type: "run-started", operator: "CompactGraph" });
    expect(events.at(-1)).toEqual({ type: "output", value: invoked.result, usage: invoked.usage });

    // One start and one end per call and host node of the graph (the inlined ensemble's input and
    // output checks are nodes too), the start first.
    const nodes = explain(graph).graph!.nodes;
    const asyncNodes = nodes.filter((n) => n.kind === "call" || n.kind === "host").map((n) => n.id);
    const callNodes = ["E0/units.0", "E0/units.1", "E0/units.2", "J1.0"]; // the nodes calling models
    const started = events.flatMap((e) => (e.type === "node-started" ? [e.path] : []));
    const finished = events.flatMap((e) => (e.type === "node-finished" ? [e] : []));
    expect(started.sort()).toEqual([...asyncNodes].sort());
    expect(finished.map((e) => e.path).sort()).toEqual([...asyncNodes].sort());
    expect(asyncNodes).toEqual(expect.arrayContaining(callNodes));
    for (const end of finished.filter((e) => callNodes.includes(e.path))) {
      expect(events.findIndex((e) => e.type === "node-started" && e.path === end.path)).toBeLessThan(events.indexOf(end));
      expect(end.usage?.requests).toBe(1); // each node made one model call
      expect(end.usage!.inputTokens).toBeGreaterThan(0);
      expect(end.durationMs).toBeGreaterThanOrEqual(0);
    }
    const usageSum = finished.reduce((sum, e) => sum + (e.usage?.outputTokens ?? 0), 0);
    expect(usageSum).toBe(invoked.usage.total.outputTokens);

    // Every model call streamed its text under its node's path; the pieces make its reply.
    const deltas = events.flatMap((e) => (e.type === "text-delta" ? [e] : []));
    const judgePath = "J1.0";
    const judgeText = deltas.filter((d) => d.path === judgePath).map((d) => d.delta).join("");
    const judgeReply = world.log.records.find((r) => r.name === "simulated:claude-3-5-sonnet")!.result;
    expect(judgeText).toBe(judgeReply);
    // The judge streams after the ensemble's units all finished (it reads their answers).
    const firstJudgeDelta = events.findIndex((e) => e.type === "text-delta" && e.path === judgePath);
    const lastUnitEnd = Math.max(...finished.filter((e) => e.path.startsWith("E0/units.")).map((e) => events.indexOf(e)));
    for (const unit of ["E0/units.0", "E0/units.1", "E0/units.2"]) {
      const text = deltas.filter((d) => d.path === unit).map((d) => d.delta).join("");
      expect(text.length).toBeGreaterThan(0);
    }
    expect(firstJudgeDelta).toBeGreaterThan(lastUnitEnd);
  });

  it("a failing run ends with run-failed and its usage, and the loop throws what invoke throws", async () => {
    const world = simulatedWorld({ simulated: { failures: { rateLimit: 1, retryAfterMs: 1 } }, policy: { retry: false } });
    const graph = buildGraph(spec, { registry: world.registry });
    const stream = graph.stream({ query: "q" });
    const { events, error } = await world.clock.run(collect(stream));
    const invoked = await world.clock.run(graph.invoke({ query: "q" }).catch((e: unknown) => e));
    expect((error as Error).message).toBe((invoked as Error).message);
    await expect(stream.result).rejects.toBe(error);
    const last = events.at(-1)!;
    expect(last.type).toBe("run-failed");
    expect(last.type === "run-failed" && last.usage?.total.failures).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "node-failed")).toBe(true);
  });
});

describe("a reader that stops reading", () => {
  it("aborts the run through the signal: calls in flight see it, none starts after", async () => {
    const world = simulatedWorld({ latency: 10 });
    const graph = buildGraph(["3:E:gpt-4o:0.7", "1:J:claude-3-5-sonnet:0"], { registry: world.registry });
    const stream = graph.stream({ query: "q" });
    let seen = 0;
    await world.clock.run(async () => {
      for await (const event of stream) {
        if (event.type === "text-delta") seen++;
        if (seen === 2) break; // two pieces of the units' answers, mid-stream
      }
    });
    const error = await world.clock.run(stream.result.catch((e: unknown) => e));
    expect(error).toBeInstanceOf(StreamClosedError);
    const outcomes = world.log.records.map((r) => r.outcome);
    expect(outcomes).toEqual(["aborted", "aborted", "aborted"]); // the three units; the judge never started
  });
});

describe("nodes left running", () => {
  @structuralJit({ strategy: "parallel" })
  class Wide extends Ensemble {}

  it("after another node's failure: the members that ignore the abort are reported, the one that stops is not", async () => {
    const log = new CallLog(new LogicalClock());
    // m0 fails at tick 1; m1 ignores its signal (runs to tick 3), m2 honours it.
    const members = [failingOperator(log, "m0"), new Leaf(log, "m1", true), new Leaf(log, "m2", false)];
    const op = new Wide(members as never, new Leaf(log, "judge", false) as never);
    const stream = op.stream({ query: "q" });
    const { events, error } = await log.clock.run(collect(stream));
    expect(failedNodeOf(error)).toEqual({ node: "members.0", operator: "m0" });
    expect(events.slice(-2)).toEqual([
      { type: "node-left-running", path: "members.1", operator: "m1", durationMs: expect.any(Number) },
      expect.objectContaining({ type: "run-failed", error }),
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: "node-failed", path: "members.2", operator: "m2" }));
    await log.clock.drain();
    expect(log.only("m1").outcome).toBe("ok"); // it finished in the background, its outcome dropped
  });

  it("a traced class's calls are nodes of its events (named as the compiler names call nodes), so what it leaves running is reported too", async () => {
    const log = new CallLog(new LogicalClock());
    class Traced extends Ensemble {}
    jit(Traced);
    const op = new Traced([new Leaf(log, "m0", true), new Leaf(log, "m1", false)] as never, new Leaf(log, "judge", false) as never);
    const reason = new Error("gave up");
    const controller = new AbortController();
    void log.clock.sleep(1).then(() => controller.abort(reason));
    const { events, error } = await log.clock.run(collect(op.stream({ query: "q" }, { signal: controller.signal })));
    expect(error).toBe(reason);
    expect(events.filter((e) => e.type !== "run-failed")).toEqual([
      { type: "run-started", operator: "Traced" },
      { type: "node-started", path: "members.0", operator: "m0" },
      { type: "node-started", path: "members.1", operator: "m1" },
      expect.objectContaining({ type: "node-failed", path: "members.1", operator: "m1", error: reason }),
      { type: "node-left-running", path: "members.0", operator: "m0", durationMs: expect.any(Number) },
    ]);
  });
});
