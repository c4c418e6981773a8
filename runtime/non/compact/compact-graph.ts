import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "../../builder/index.js";
import { structuralJit } from "../../jit/index.js";
import { Operator, type ForwardContext } from "../../operator.js";
import { array, object, optional, string, type Infer } from "../schema.js";
import type { Stage } from "./stages.js";

const input = object({ query: string(), answers: optional(array(string())) });
const output = object({ answer: string(), answers: array(string()) });
/** `answers` seeds the first stage's incoming answers (a spec that starts with a judge needs them). */
export type CompactGraphInput = Infer<typeof input>;
/** The last stage's answers, and the first of them as `answer`. */
export type CompactGraphOutput = Infer<typeof output>;

/** What `buildGraph` makes: its stages, run in order, each reading the answers of the one before. */
export class CompactGraph extends Operator<CompactGraphInput, CompactGraphOutput> {
  static override spec = { input, output };
  /** Named specs carry their name, so their nodes and errors say which one they are. */
  readonly name: string | undefined;

  constructor(
    readonly stages: readonly Stage[],
    name?: string,
  ) {
    super();
    this.name = name;
  }

  /** How many answers the last stage gives, when known before running. */
  get width(): number | undefined {
    return this.stages[this.stages.length - 1]?.width;
  }

  async forward(inputs: CompactGraphInput, ctx: ForwardContext): Promise<CompactGraphOutput> {
    let answers = initialAnswers(inputs);
    for (const stage of this.stages) answers = await stage.run({ query: inputs.query, answers }, ctx);
    return result(answers);
  }

  // What the transformer would emit for `forward` above.
  static [XCS_STRUCTURE](self: CompactGraph, g: GraphBuilder, inputs: Ref) {
    const query = inputs.get("query");
    let answers = g.compute(initialAnswers, [inputs], "answers");
    for (const stage of self.stages) answers = stage.wire(g, query, answers);
    return g.output(g.compute(result, [answers], "result"));
  }
}
structuralJit(CompactGraph);

function initialAnswers(inputs: CompactGraphInput): string[] {
  return inputs.answers ?? [];
}

function result(answers: string[]): CompactGraphOutput {
  return { answer: answers[0]!, answers };
}
