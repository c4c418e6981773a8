// The standard "10-unit ensemble + judge at depth 2" scenario, written the natural way: plain
// async code that awaits operators. The transformer turns both `forward`s into graph structures,
// and the runtime inlines each Branch into the outer graph, so all 100 answerers run at once:
// 111 calls, a critical path of 3 (answer -> branch judge -> final judge).
import { Operator, structuralJit } from "xcs-jit";
import { SimulatedAnswerer, SimulatedJudge, type Answer, type Question } from "./operators.js";

export const WIDTH = 10;

@structuralJit
export class Branch extends Operator<Question, Answer> {
  members: SimulatedAnswerer[];
  judge: SimulatedJudge;

  constructor(branchIndex: number, latencyMs: number) {
    super();
    this.members = Array.from(
      { length: WIDTH },
      (_, i) => new SimulatedAnswerer(branchIndex + i, latencyMs),
    );
    this.judge = new SimulatedJudge(latencyMs);
  }

  async forward(inputs: Question): Promise<Answer> {
    const answers = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    const verdict = await this.judge.invoke({
      query: inputs.query,
      candidates: answers.map((a) => a.answer),
    });
    return { answer: verdict.answer };
  }
}

@structuralJit
export class EnsembleJudge extends Operator<Question, Answer> {
  branches: Branch[];
  judge: SimulatedJudge;

  constructor(latencyMs: number) {
    super();
    this.branches = Array.from({ length: WIDTH }, (_, i) => new Branch(i, latencyMs));
    this.judge = new SimulatedJudge(latencyMs);
  }

  async forward(inputs: Question): Promise<Answer> {
    const verdicts = await Promise.all(this.branches.map((b) => b.invoke({ query: inputs.query })));
    const final = await this.judge.invoke({
      query: inputs.query,
      candidates: verdicts.map((v) => v.answer),
    });
    return { answer: final.answer };
  }
}
