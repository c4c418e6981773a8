import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import { explain, getJitStats, jit, ModelRegistry, ModelUnit, Operator, structuralJit, type ForwardContext, type ModelRequest, type RunEvent } from "xcs-jit";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { simulatedWorld } from "../models/support.js";
import { startProvider, type Provider } from "../models/openai-server.js";

/** Two drafts, then a revision of both: a pipeline the tracing JIT runs. */
class DraftThenRevise extends Operator<{ query: string }, { answer: string }> {
  drafts: ModelUnit[];
  reviser: ModelUnit;
  constructor(registry: ModelRegistry) {
    super();
    this.drafts = [0, 1].map((seed) => new ModelUnit({ model: "simulated:gpt-4o", temperature: 0.7, seed, registry }));
    this.reviser = new ModelUnit({ model: "simulated:claude-3-5-sonnet", registry });
  }
  async forward(inputs: { query: string }, ctx: ForwardContext) {
    const [a, b] = await Promise.all(this.drafts.map((d) => d.invoke(inputs, { signal: ctx.signal })));
    return this.reviser.invoke({ query: `${a!.answer} / ${b!.answer}` }, { signal: ctx.signal });
  }
}

@jit
class Traced extends DraftThenRevise {}

/** Not compiled (no transformer here): `@structuralJit` falls back to the tracing JIT. */
@structuralJit
class FallingBack extends DraftThenRevise {}

/** A traced class calling a traced class: its nodes nest under the call's. */
@jit
class Outer extends Operator<{ query: string }, { answer: string }> {
  constructor(readonly pipeline: Operator<{ query: string }, { answer: string }>) {
    super();
  }
  forward(inputs: { query: string }) {
    return this.pipeline.invoke(inputs);
  }
}

async function collect(stream: AsyncIterable<RunEvent>) {
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/**
 * Every node started before it finished, exactly once each, with the paths expected; each made
 * one model call, whose text streamed under the node's path.
 */
function expectNodes(events: RunEvent[], paths: string[], replyOf: (path: string) => string) {
  const started = events.flatMap((e) => (e.type === "node-started" ? [e.path] : []));
  const finished = events.flatMap((e) => (e.type === "node-finished" ? [e] : []));
  expect([...started].sort()).toEqual([...paths].sort());
  expect(finished.map((e) => e.path).sort()).toEqual([...paths].sort());
  expect(events.some((e) => e.type === "node-failed")).toBe(false);
  for (const end of finished) {
    const start = events.findIndex((e) => e.type === "node-started" && e.path === end.path);
    expect(start).toBeLessThan(events.indexOf(end));
    expect(end.operator).toBe("ModelUnit");
    expect(end.usage).toMatchObject({ requests: 1 });
    const text = events.flatMap((e) => (e.type === "text-delta" && e.path === end.path ? [e.delta] : [])).join("");
    expect(text).toBe(replyOf(end.path));
  }
  // Nothing streamed outside a node: every model call belongs to one.
  expect(events.filter((e) => e.type === "text-delta" && !paths.includes(e.path))).toEqual([]);
}

describe("op.stream on classes the tracing JIT runs: node events as the scheduler's", () => {
  for (const [kind, Pipeline] of [
    ["@jit", Traced],
    ["@structuralJit falling back", FallingBack],
  ] as const) {
    it(`${kind}: traced, replayed and eager runs each report their calls as nodes, named by field, with their text and usage`, async () => {
      const world = simulatedWorld({ latency: 4 });
      const op = new Pipeline(world.registry);
      const eager = simulatedWorld({ latency: 4 });
      const expected = await eager.clock.run(new DraftThenRevise(eager.registry).forward({ query: "q" }, { signal: new AbortController().signal }));
      // The n-th run's replies: the log's records from `from` on, by model and seed.
      const replyIn = (from: number) => (path: string) => {
        const records = world.log.records.slice(from);
        const seedOf = (r: (typeof records)[number]) => (r.inputs as ModelRequest).seed;
        const found = path === "reviser" ? records.find((r) => r.name === "simulated:claude-3-5-sonnet") : records.find((r) => r.name === "simulated:gpt-4o" && seedOf(r) === Number(path.slice(-1)));
        return found!.result as string;
      };
      const kinds: string[] = [];
      for (const options of [{}, {}, { speculate: false }]) {
        const from = world.log.records.length;
        const stream = op.stream({ query: "q" }, options);
        const events = await world.clock.run(collect(stream));
        expect(await stream.result).toEqual(expected);
        expect(events.at(-1)).toMatchObject({ type: "output", value: expected });
        expectNodes(events, ["drafts.0", "drafts.1", "reviser"], replyIn(from));
        expect(world.log.records.length - from).toBe(3); // no wasted early call on these runs
        kinds.push(`${getJitStats(op).lastRun!.kind}:${getJitStats(op).lastRun!.speculation.hits}`);
      }
      // The first run traced; the second answered both drafts from calls dispatched early; the third ran eagerly.
      expect(kinds).toEqual(["trace:0", "replay:2", "eager:0"]);
      // getJitStats times the traced and replayed runs' nodes under the same paths (the eager run is not timed).
      const nodes = getJitStats(op).nodes;
      expect(Object.keys(nodes).sort()).toEqual(["drafts.0", "drafts.1", "reviser"]);
      expect(Object.values(nodes).map((n) => n.count)).toEqual([2, 2, 2]);
      // explain draws the traced graph with the same names.
      expect(explain(op).graph!.nodes.filter((n) => n.kind === "call").map((n) => n.id)).toEqual(["drafts.0", "drafts.1", "reviser"]);
    });
  }

  it("a traced class inside a traced class: the inner calls' paths are under the outer call's", async () => {
    const world = simulatedWorld({ latency: 4 });
    const op = new Outer(new Traced(world.registry));
    for (let run = 0; run < 2; run++) {
      const events = await world.clock.run(collect(op.stream({ query: "q" })));
      const started = events.flatMap((e) => (e.type === "node-started" ? [e.path] : []));
      expect(started.sort()).toEqual(["pipeline", "pipeline/drafts.0", "pipeline/drafts.1", "pipeline/reviser"]);
      const outerEnd = events.findIndex((e) => e.type === "node-finished" && e.path === "pipeline");
      expect(events.findIndex((e) => e.type === "node-finished" && e.path === "pipeline/reviser")).toBeLessThan(outerEnd);
    }
  });

  it("calls of one operator in a loop are named as the compiler names them: field, then #2, #3", async () => {
    const world = simulatedWorld({ latency: 1 });
    @jit
    class Thrice extends Operator<{ query: string }, string[]> {
      unit = new ModelUnit({ model: "simulated:gpt-4o", registry: world.registry });
      async forward(inputs: { query: string }) {
        const answers: string[] = [];
        for (let i = 0; i < 3; i++) answers.push((await this.unit.invoke({ query: `${inputs.query} ${i}` })).answer);
        return answers;
      }
    }
    const events = await world.clock.run(collect(new Thrice().stream({ query: "q" })));
    expect(events.flatMap((e) => (e.type === "node-started" ? [e.path] : []))).toEqual(["unit", "unit#2", "unit#3"]);
  });
});

let running: Provider | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("op.stream on a traced class over HTTP through the AI SDK", () => {
  it("node events per call, and each call's streamed text under its node", async () => {
    running = await startProvider(12, (n, request) => ({ answer: request.temperature === 0 ? `revised answer ${n}` : `draft answer ${n}` }));
    const provider = createOpenAICompatible({ name: "simulated", baseURL: running.baseURL, apiKey: "k" });
    const registry = new ModelRegistry();
    registry.register(aiSdkModel(provider.chatModel("gpt-4o")), { retry: false });
    registry.register(aiSdkModel(provider.chatModel("claude-3-5-sonnet")), { retry: false });
    const op = new Traced(registry);
    for (let run = 0; run < 2; run++) {
      const from = running.received.length;
      const stream = op.stream({ query: "q" });
      const events = await collect(stream);
      const answers = running.received.slice(from).map((r, i) => ({ model: r.model, answer: r.temperature === 0 ? `revised answer ${from + i}` : `draft answer ${from + i}` }));
      expect(answers).toHaveLength(3);
      const texts = (path: string) => events.flatMap((e) => (e.type === "text-delta" && e.path === path ? [e.delta] : [])).join("");
      expect(texts("reviser")).toBe(answers.find((a) => a.model === "claude-3-5-sonnet")!.answer);
      expect([texts("drafts.0"), texts("drafts.1")].sort()).toEqual(answers.filter((a) => a.model === "gpt-4o").map((a) => a.answer).sort());
      expect(await stream.result).toEqual({ answer: texts("reviser") });
      expect(events.filter((e) => e.type === "node-finished").map((e) => e.type === "node-finished" && e.path).sort()).toEqual(["drafts.0", "drafts.1", "reviser"]);
    }
  });
});
