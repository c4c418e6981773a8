import { readReply } from "../models/response-format.js";
import { Operator, type ForwardContext } from "../operator.js";
import { ModelReplyError } from "./errors.js";
import { ModelBinding, type ModelSettings } from "./model-binding.js";
import { VERDICTS, VERIFIER_FIELDS, verifierPrompt } from "./prompts.js";
import { object, oneOf, string, type Infer } from "./schema.js";

const input = object({ query: string(), answer: string() });
const output = object({ verdict: oneOf(VERDICTS), explanation: string(), revisedAnswer: string() });
export type VerifierInput = Infer<typeof input>;
export type VerifierOutput = Infer<typeof output>;

/**
 * Judges one answer: a verdict, an explanation, and a revised answer. The verdict is required (a
 * reply without one is an error, not a guess); a missing explanation is empty and a missing
 * revised answer is the answer checked.
 */
export class Verifier extends Operator<VerifierInput, VerifierOutput> {
  static override spec = { input, output };
  readonly binding: ModelBinding;

  constructor(settings: ModelSettings) {
    super();
    this.binding = new ModelBinding("Verifier", settings);
  }

  async forward(inputs: VerifierInput, ctx: ForwardContext): Promise<VerifierOutput> {
    const reply = await this.binding.generate(verifierPrompt(inputs.query, inputs.answer), ctx.signal);
    const fields = readReply(reply.text, Object.values(VERIFIER_FIELDS));
    const verdict = fields[VERIFIER_FIELDS.verdict]?.toLowerCase().replace(/[^a-z]/g, "");
    if (verdict !== "correct" && verdict !== "incorrect") {
      throw new ModelReplyError("Verifier", VERIFIER_FIELDS.verdict, `gives no verdict (${VERDICTS.join(" or ")})`, reply.text);
    }
    return {
      verdict,
      explanation: fields[VERIFIER_FIELDS.explanation] ?? "",
      revisedAnswer: fields[VERIFIER_FIELDS.revised] || inputs.answer,
    };
  }
}
