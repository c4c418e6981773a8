import { ModelUnit, Operator, Verifier, explain, structuralJit } from "xcs-jit";
import { registry } from "./pipeline.js";

@structuralJit
export class CheckedAnswer extends Operator<{ query: string }, { answer: string; checked: boolean }> {
  drafter = new ModelUnit({ model: "simulated:gpt-4o", registry });
  verifier = new Verifier({ model: "simulated:gpt-4o", registry });
  reviser = new ModelUnit({ model: "simulated:claude-3-5-sonnet", registry });

  async forward(inputs: { query: string }) {
    const draft = await this.drafter.invoke({ query: inputs.query });
    const check = await this.verifier.invoke({ query: inputs.query, answer: draft.answer });
    // Whether to revise depends on the verdict, known only at run time: this `if` becomes a
    // host node (XCS1001) that runs these statements as written, after its inputs are ready.
    if (check.verdict === "incorrect") {
      const revised = await this.reviser.invoke({ query: `${inputs.query}\nAvoid: ${draft.answer}` });
      return { answer: revised.answer, checked: false };
    }
    return { answer: draft.answer, checked: true };
  }
}

export async function explainCheckedAnswer() {
  const op = new CheckedAnswer();
  await op.invoke({ query: "What is 17 × 23?" }); // the graph is built on the first invoke
  const { mode, diagnostics, graph } = explain(op);
  // mode: "structural"; diagnostics: ["…/graph-break.ts:15:9 XCS1001 The condition …"]
  return { mode, diagnostics, hostNodes: graph?.nodes.filter((n) => n.kind === "host").length ?? 0 };
}
