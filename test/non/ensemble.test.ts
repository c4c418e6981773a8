import { describe, expect, it } from "vitest";
import { GraphBuilder, JudgeSynthesis, Operator, Ref, UniformEnsemble, VariedEnsemble, XCS_STRUCTURE, explain, structuralJit, type ForwardContext } from "xcs-jit";
import { expectSameAsEager } from "../support/index.js";
import { simulatedWorld } from "../models/support.js";

const neverAborted = new AbortController().signal;

describe("ensembles called eagerly", () => {
  it("run their units in parallel: forward alone, no JIT", async () => {
    const { clock, log, registry } = simulatedWorld({ latency: 5 });
    const ensemble = new UniformEnsemble({ numUnits: 8, model: "openai:gpt-4o", temperature: 0.7, registry });
    const { answers } = await clock.run(() => ensemble.forward({ query: "q" }, { signal: neverAborted }));
    expect(answers).toHaveLength(8);
    expect(log.peak).toBe(8);
    expect(clock.now).toBe(5); // one latency, not eight
  });

  it("VariedEnsemble calls each model once, in parallel, answers in member order", async () => {
    const { clock, log, registry } = simulatedWorld({ latency: 3 });
    const members = [{ model: "openai:gpt-4o" }, { model: "anthropic:claude-3-5-sonnet", temperature: 1 }, { model: "google:gemini-2.0-flash" }];
    const ensemble = new VariedEnsemble(members.map((m) => ({ ...m, registry })));
    const { answers } = await clock.run(() => ensemble.forward({ query: "q" }, { signal: neverAborted }));
    expect(log.records.map((r) => r.name)).toEqual(["openai:gpt-4o", "anthropic:claude-3-5-sonnet", "google:gemini-2.0-flash"]);
    expect(log.peak).toBe(3);
    expect(answers).toEqual(log.records.map((r) => r.result));
  });

  it("abort reaches every unit through ctx.signal", async () => {
    const { clock, log, registry } = simulatedWorld({ latency: 10 });
    const ensemble = new UniformEnsemble({ numUnits: 4, model: "openai:gpt-4o", registry });
    const controller = new AbortController();
    const run = ensemble.invoke({ query: "q" }, { signal: controller.signal });
    const abort = clock.sleep(4).then(() => controller.abort(new Error("stop")));
    await expect(clock.run(Promise.all([run, abort]))).rejects.toThrow("stop");
    expect(clock.now).toBe(4);
    expect(log.records.map((r) => r.outcome)).toEqual(["aborted", "aborted", "aborted", "aborted"]);
  });
});

/** What a user writes, with the structure the transformer would emit for its `forward`. */
class EnsembleThenJudge extends Operator<{ query: string }, { answer: string }> {
  constructor(
    readonly ensemble: UniformEnsemble,
    readonly judge: JudgeSynthesis,
  ) {
    super();
  }

  async forward(inputs: { query: string }, ctx: ForwardContext) {
    const { answers } = await this.ensemble.invoke({ query: inputs.query }, { signal: ctx.signal });
    const verdict = await this.judge.invoke({ query: inputs.query, candidates: answers }, { signal: ctx.signal });
    return { answer: verdict.answer };
  }

  static [XCS_STRUCTURE](self: EnsembleThenJudge, g: GraphBuilder, inputs: Ref) {
    const ensembled = g.call(self.ensemble, { query: inputs.get("query") });
    const verdict = g.call(self.judge, { query: inputs.get("query"), candidates: ensembled.get("answers") });
    return g.output({ answer: verdict.get("answer") });
  }
}
structuralJit(EnsembleThenJudge);

describe("ensembles inside a structural pipeline", () => {
  const make = (latency: number) => () => {
    const world = simulatedWorld({ latency });
    const { registry } = world;
    const op = new EnsembleThenJudge(
      new UniformEnsemble({ numUnits: 6, model: "openai:gpt-4o", temperature: 0.9, registry }),
      new JudgeSynthesis({ model: "anthropic:claude-3-5-sonnet", registry }),
    );
    return { op, log: world.log, world };
  };

  it("give eager's result with the units overlapping: six calls, then the judge", async () => {
    const { eager, compiled } = await expectSameAsEager(make(10), { query: "Why is the sky blue?" });
    expect(explain(make(10)().op).mode).toBe("structural");
    for (const outcome of [eager, compiled]) {
      expect(outcome.peak).toBe(6);
      expect(outcome.makespan).toBe(20); // critical path: one unit, then the judge
      expect(outcome.log.records.map((r) => r.name)).toEqual([...Array(6).fill("openai:gpt-4o"), "anthropic:claude-3-5-sonnet"]);
    }
  });
});
