import { Operator, type ForwardContext } from "../operator.js";
import { ModelBinding, type ModelSettings } from "./model-binding.js";
import { object, string, type Infer } from "./schema.js";

const input = object({ query: string() });
const output = object({ answer: string() });
export type ModelUnitInput = Infer<typeof input>;
export type ModelUnitOutput = Infer<typeof output>;

/** One model answering the query as asked: the unit ensembles are made of. */
export class ModelUnit extends Operator<ModelUnitInput, ModelUnitOutput> {
  static override spec = { input, output };
  readonly binding: ModelBinding;

  constructor(settings: ModelSettings) {
    super();
    this.binding = new ModelBinding("ModelUnit", settings);
  }

  async forward(inputs: ModelUnitInput, ctx: ForwardContext): Promise<ModelUnitOutput> {
    const reply = await this.binding.generate(inputs.query, ctx.signal);
    return { answer: reply.text.trim() };
  }
}
