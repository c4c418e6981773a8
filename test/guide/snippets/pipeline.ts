import { JudgeSynthesis, ModelRegistry, ModelUnit, Operator, simulatedModels, structuralJit } from "xcs-jit";

// Every model name resolves to a simulated model: no network, deterministic answers.
export const registry = new ModelRegistry(simulatedModels({ latency: { fixedMs: 5 } }));

@structuralJit
export class AskThenJudge extends Operator<{ query: string }, { answer: string; reasoning: string }> {
  drafters = [0, 1, 2, 3, 4].map((seed) => new ModelUnit({ model: "simulated:gpt-4o", temperature: 0.7, seed, registry }));
  judge = new JudgeSynthesis({ model: "simulated:claude-3-5-sonnet", registry });

  async forward(inputs: { query: string }) {
    // Written sequentially; compiled, the five drafts run at once and the judge starts when
    // the last one arrives.
    const drafts = await Promise.all(this.drafters.map((d) => d.invoke({ query: inputs.query })));
    const verdict = await this.judge.invoke({ query: inputs.query, candidates: drafts.map((d) => d.answer) });
    return { answer: verdict.answer, reasoning: verdict.reasoning };
  }
}
