// The sources of the fresh projects the acceptance test generates: the example's ensemble
// (copied from examples/ensemble-judge), an operator with a deliberate graph break, and an entry
// that prints how both run as one `RESULT {...}` line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../e2e/build-package.js";

const example = (name: string) => readFileSync(join(repoRoot, "examples/ensemble-judge", name), "utf8");

export const BROKEN = `import { Operator, structuralJit } from "xcs-jit";
import { SimulatedAnswerer, type Answer, type Question } from "./operators.js";

// Which operator answers depends on a model's answer: a deliberate graph break.
@structuralJit
export class Escalate extends Operator<Question, Answer> {
  first = new SimulatedAnswerer(0, 1);
  expert = new SimulatedAnswerer(1, 1);

  async forward(inputs: Question): Promise<Answer> {
    const draft = await this.first.invoke({ query: inputs.query });
    if (draft.answer.endsWith("opinion 0")) return this.expert.invoke({ query: inputs.query });
    return draft;
  }
}
`;

/** \`line:column\` of the condition the deliberate break branches on, as the warning must name it. */
export const BREAK_AT = (() => {
  const lines = BROKEN.split("\n");
  const line = lines.findIndex((l) => l.includes("if (draft.answer"));
  return `${line + 1}:${lines[line]!.indexOf("draft.answer") + 1}`;
})();

/** Runs both operators and reports what the caller checks (shared by the script and the Vitest test). */
export const REPORT = `import { explain } from "xcs-jit";
import { Escalate } from "./broken.js";
import { EnsembleJudge } from "./pipeline.js";

export async function report() {
  const pipeline = new EnsembleJudge(1);
  const inputs = { query: "q" };
  const result = await pipeline.invoke(inputs);
  const explained = explain(pipeline);
  const escalate = new Escalate();
  return {
    mode: explained.mode,
    calls: explained.graph ? explained.graph.nodes.filter((n) => n.kind === "call").length : null,
    result,
    eager: await pipeline.forward(inputs),
    escalated: await escalate.invoke(inputs),
    escalateMode: explain(escalate).mode,
    graph: explained.graph ? explained.graph.toJSON() : null,
  };
}
`;

export const MAIN = `import { report } from "./report.js";

console.log("RESULT " + JSON.stringify(await report()));
`;

export const VITEST_TEST = `import { expect, it } from "vitest";
import { report } from "./report.js";

it("runs the ensemble compiled", async () => {
  const r = await report();
  console.log("RESULT " + JSON.stringify(r));
  expect(r.mode).toBe("structural");
});
`;

export function sources(): Record<string, string> {
  return {
    "src/operators.ts": example("operators.ts"),
    "src/pipeline.ts": example("pipeline.ts"),
    "src/broken.ts": BROKEN,
    "src/report.ts": REPORT,
    "src/main.ts": MAIN,
  };
}
