// Self-consistency: sample the same question several times at a high temperature and keep the
// answer most samples agree on. The samples are independent, so the graph runs them all at once;
// MostCommon's tie-break (first in sample order) makes the vote independent of finishing order.
import { ModelUnit, MostCommon, Operator, structuralJit } from "xcs-jit";

export interface Question {
  query: string;
}

export interface Consensus {
  answer: string;
  votes: number;
  samples: number;
}

@structuralJit
export class SelfConsistency extends Operator<Question, Consensus> {
  samplers: ModelUnit[];
  vote = new MostCommon();

  constructor(model: string, samples: number) {
    super();
    // Each sampler has its own seed: the same prompt, different draws.
    this.samplers = Array.from({ length: samples }, (_, seed) => new ModelUnit({ model, temperature: 0.9, seed }));
  }

  async forward(inputs: Question): Promise<Consensus> {
    const replies = await Promise.all(this.samplers.map((s) => s.invoke({ query: inputs.query })));
    const winner = await this.vote.invoke({ candidates: replies.map((r) => r.answer) });
    return { answer: winner.answer, votes: winner.count, samples: this.samplers.length };
  }
}
