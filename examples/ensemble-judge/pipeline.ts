// The standard "10-unit ensemble + judge at depth 2" scenario, written the way one would write it
// without xcs-jit: plain loops and one `await` after another. Ten panels of ten answerers, each
// panel's answers judged, then the panels' verdicts judged: 111 calls that, run as written, take
// turns. The transformer proves the loops static and the calls independent, so the compiled graph
// runs every answerer at once: a critical path of 3 calls (answer -> panel judge -> final judge).
import { Operator, structuralJit } from "xcs-jit";
import { SimulatedAnswerer, SimulatedJudge, type Answer, type Question } from "./operators.js";

export const WIDTH = 10;

@structuralJit
export class EnsembleJudge extends Operator<Question, Answer> {
  /** Ten panels of ten answerers. */
  panels: SimulatedAnswerer[][];
  /** Judges each panel's answers: one call per panel. */
  panelJudge: SimulatedJudge;
  /** Judges the panels' verdicts. */
  judge: SimulatedJudge;

  constructor(latencyMs: number) {
    super();
    this.panels = Array.from({ length: WIDTH }, (_, p) =>
      Array.from({ length: WIDTH }, (_, i) => new SimulatedAnswerer(p + i, latencyMs)),
    );
    this.panelJudge = new SimulatedJudge(latencyMs);
    this.judge = new SimulatedJudge(latencyMs);
  }

  async forward(inputs: Question): Promise<Answer> {
    const verdicts: string[] = [];
    for (const panel of this.panels) {
      const answers: string[] = [];
      for (const member of panel) {
        const reply = await member.invoke({ query: inputs.query });
        answers.push(reply.answer);
      }
      const verdict = await this.panelJudge.invoke({ query: inputs.query, candidates: answers });
      verdicts.push(verdict.answer);
    }
    const final = await this.judge.invoke({ query: inputs.query, candidates: verdicts });
    return { answer: final.answer };
  }
}
