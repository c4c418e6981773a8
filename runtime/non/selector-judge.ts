import { readReply } from "../models/response-format.js";
import { Operator, type ForwardContext } from "../operator.js";
import { ModelReplyError } from "./errors.js";
import { ModelBinding, type ModelSettings } from "./model-binding.js";
import { SELECTOR_FIELDS, selectorPrompt } from "./prompts.js";
import { array, number, object, string, type Infer } from "./schema.js";

const input = object({ query: string(), candidates: array(string(), { minLength: 1 }) });
const output = object({ answer: string(), index: number({ integer: true, min: 0 }), reasoning: string() });
export type SelectorJudgeInput = Infer<typeof input>;
export type SelectorJudgeOutput = Infer<typeof output>;

/**
 * Picks one of the candidates, unchanged (unlike JudgeSynthesis, which may write a new answer).
 * `index` is 0-based; the model is shown and answers 1-based numbers.
 */
export class SelectorJudge extends Operator<SelectorJudgeInput, SelectorJudgeOutput> {
  static override spec = { input, output };
  readonly binding: ModelBinding;

  constructor(settings: ModelSettings) {
    super();
    this.binding = new ModelBinding("SelectorJudge", settings);
  }

  async forward(inputs: SelectorJudgeInput, ctx: ForwardContext): Promise<SelectorJudgeOutput> {
    const reply = await this.binding.generate(selectorPrompt(inputs.query, inputs.candidates), ctx.signal);
    const fields = readReply(reply.text, [SELECTOR_FIELDS.reasoning, SELECTOR_FIELDS.selected]);
    const selected = /^\D*(\d+)/.exec(fields[SELECTOR_FIELDS.selected] ?? "")?.[1];
    const index = selected === undefined ? -1 : Number(selected) - 1;
    if (!(index >= 0 && index < inputs.candidates.length)) {
      const expected = `a candidate number from 1 to ${inputs.candidates.length}`;
      throw new ModelReplyError("SelectorJudge", SELECTOR_FIELDS.selected, `does not select ${expected}`, reply.text);
    }
    return { answer: inputs.candidates[index]!, index, reasoning: fields[SELECTOR_FIELDS.reasoning] ?? "" };
  }
}
