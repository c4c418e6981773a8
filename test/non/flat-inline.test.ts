import { describe, expect, it } from "vitest";
import { GraphBuilder, JudgeSynthesis, Operator, Ref, UniformEnsemble, XCS_STRUCTURE, buildGraph, explain, structuralJit, type ForwardContext } from "xcs-jit";
import { expectSameAsEager } from "../support/index.js";
import { simulatedWorld } from "../models/support.js";

/** The design's depth-2 scenario: an outer ensemble of branches, each an ensemble then a judge, then a judge. */
class Branch extends Operator<{ query: string }, { answer: string }> {
  constructor(
    readonly ensemble: UniformEnsemble,
    readonly judge: JudgeSynthesis,
  ) {
    super();
  }
  async forward(inputs: { query: string }, ctx: ForwardContext) {
    const { answers } = await this.ensemble.invoke({ query: inputs.query }, { signal: ctx.signal });
    return { answer: (await this.judge.invoke({ query: inputs.query, candidates: answers }, { signal: ctx.signal })).answer };
  }
  static [XCS_STRUCTURE](self: Branch, g: GraphBuilder, inputs: Ref) {
    const ensembled = g.call(self.ensemble, { query: inputs.get("query") });
    const verdict = g.call(self.judge, { query: inputs.get("query"), candidates: ensembled.get("answers") });
    return g.output({ answer: verdict.get("answer") });
  }
}
structuralJit(Branch);

describe("ensembles inline into one flat graph", () => {
  // An inlined operator's `static spec` is checked by boundary nodes (`<name> input` / `<name> output`).
  it("a pipeline's graph has a node per unit, not one per ensemble", () => {
    const { registry } = simulatedWorld();
    const branch = new Branch(new UniformEnsemble({ numUnits: 3, model: "gpt-4o", registry }), new JudgeSynthesis({ model: "gpt-4o", registry }));
    const calls = explain(branch).graph!.nodes.filter((n) => n.kind === "call").map((n) => n.label);
    expect(calls).toEqual(["UniformEnsemble input", "ModelUnit", "ModelUnit", "ModelUnit", "UniformEnsemble output", "JudgeSynthesis"]);
  });

  it("buildGraph's E stage and $name references inline too", () => {
    const graph = explain(buildGraph(["$b", "1:J:gpt-4o:0"], { named: { b: ["2:E:gpt-4o:0.5", "1:MC"] } })).graph!;
    expect(graph.nodes.filter((n) => n.kind === "call").map((n) => n.label)).toEqual([
      "b input",
      "UniformEnsemble input",
      "ModelUnit",
      "ModelUnit",
      "UniformEnsemble output",
      "MostCommon",
      "b output",
      "JudgeSynthesis",
    ]);
  });

  it("an inlined ensemble still validates its input, with eager's error", async () => {
    const make = () => {
      const world = simulatedWorld();
      const op = new Branch(new UniformEnsemble({ numUnits: 2, model: "gpt-4o", registry: world.registry }), new JudgeSynthesis({ model: "gpt-4o", registry: world.registry }));
      return { op, log: world.log };
    };
    const { compiled } = await expectSameAsEager(make, { query: 42 as unknown as string });
    expect(compiled.ok).toBe(false);
    expect(compiled.log.records).toHaveLength(0);
  });
});
