import { readReply } from "../models/response-format.js";
import { Operator, type ForwardContext } from "../operator.js";
import { ModelBinding, type ModelSettings } from "./model-binding.js";
import { JUDGE_FIELDS, judgePrompt } from "./prompts.js";
import { array, object, string, type Infer } from "./schema.js";

const input = object({ query: string(), candidates: array(string(), { minLength: 1 }) });
const output = object({ answer: string(), reasoning: string() });
export type JudgeSynthesisInput = Infer<typeof input>;
export type JudgeSynthesisOutput = Infer<typeof output>;

/**
 * Reads a query and candidate answers and writes one answer with its reasoning. A reply without a
 * "Final Answer:" line is taken whole as the answer (with empty reasoning), as the original did:
 * a model that ignores the format still answered.
 */
export class JudgeSynthesis extends Operator<JudgeSynthesisInput, JudgeSynthesisOutput> {
  static override spec = { input, output };
  readonly binding: ModelBinding;

  constructor(settings: ModelSettings) {
    super();
    this.binding = new ModelBinding("JudgeSynthesis", settings);
  }

  async forward(inputs: JudgeSynthesisInput, ctx: ForwardContext): Promise<JudgeSynthesisOutput> {
    const reply = await this.binding.generate(judgePrompt(inputs.query, inputs.candidates), ctx.signal);
    const fields = readReply(reply.text, [JUDGE_FIELDS.reasoning, JUDGE_FIELDS.answer]);
    const answer = fields[JUDGE_FIELDS.answer];
    if (answer === undefined) return { answer: reply.text.trim(), reasoning: "" };
    return { answer, reasoning: fields[JUDGE_FIELDS.reasoning] ?? "" };
  }
}
