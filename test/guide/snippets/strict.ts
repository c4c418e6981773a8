import { ModelUnit, MostCommon, Operator, structuralJit } from "xcs-jit";
import { registry } from "./pipeline.js";

// strict: a graph break or bail-out in this class fails the build (and, if the class was never
// compiled, its first invoke) instead of quietly running part of it as host code.
@structuralJit({ strict: true })
export class Vote extends Operator<{ query: string }, { answer: string }> {
  voters = [0, 1, 2, 3, 4].map((seed) => new ModelUnit({ model: "simulated:gpt-4o", temperature: 0.9, seed, registry }));
  tally = new MostCommon();

  async forward(inputs: { query: string }) {
    const votes = await Promise.all(this.voters.map((v) => v.invoke({ query: inputs.query })));
    const winner = await this.tally.invoke({ candidates: votes.map((v) => v.answer) });
    return { answer: winner.answer };
  }
}
