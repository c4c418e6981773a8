// Verify and revise: draft answers in parallel, synthesize one, then check and revise it until
// the verifier accepts it (at most `maxRounds` times). How many rounds run depends on the
// verifier's verdict, known only at run time, so the loop cannot become fixed graph nodes: the
// transformer keeps it as one host node (a graph break, XCS1003) that runs the original
// statements in program order, and says so at compile time and through `explain`.
import { JudgeSynthesis, ModelUnit, Operator, Verifier, structuralJit } from "xcs-jit";

export interface Question {
  query: string;
}

export interface Checked {
  answer: string;
  rounds: number;
  accepted: boolean;
}

@structuralJit
export class VerifyAndRevise extends Operator<Question, Checked> {
  drafters: ModelUnit[];
  synthesizer: JudgeSynthesis;
  verifier: Verifier;

  constructor(
    model: string,
    readonly maxRounds: number,
  ) {
    super();
    this.drafters = [0, 1, 2].map((seed) => new ModelUnit({ model, temperature: 0.7, seed }));
    this.synthesizer = new JudgeSynthesis({ model });
    this.verifier = new Verifier({ model });
  }

  async forward(inputs: Question): Promise<Checked> {
    const drafts = await Promise.all(this.drafters.map((d) => d.invoke({ query: inputs.query })));
    const synthesized = await this.synthesizer.invoke({ query: inputs.query, candidates: drafts.map((d) => d.answer) });
    let answer = synthesized.answer;
    let rounds = 0;
    let accepted = false;
    while (!accepted && rounds < this.maxRounds) {
      const check = await this.verifier.invoke({ query: inputs.query, answer });
      rounds += 1;
      accepted = check.verdict === "correct";
      answer = check.revisedAnswer;
    }
    return { answer, rounds, accepted };
  }
}
