import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "../builder/index.js";
import { structuralJit } from "../jit/index.js";
import { Operator, type ForwardContext } from "../operator.js";
import type { ModelSettings } from "./model-binding.js";
import { ModelUnit } from "./model-unit.js";
import { array, object, string, type Infer } from "./schema.js";

const input = object({ query: string() });
const output = object({ answers: array(string()) });
export type EnsembleInput = Infer<typeof input>;
export type EnsembleOutput = Infer<typeof output>;

/**
 * Several model units answering the same query; `answers` is in unit order whatever order they
 * finish in. The units run in parallel when called eagerly (`Promise.all` in `forward`) and, in a
 * structural pipeline, become one call node each.
 */
export abstract class Ensemble extends Operator<EnsembleInput, EnsembleOutput> {
  static override spec = { input, output };

  constructor(readonly units: readonly ModelUnit[]) {
    super();
  }

  async forward(inputs: EnsembleInput, ctx: ForwardContext): Promise<EnsembleOutput> {
    const options = { signal: ctx.signal };
    const replies = await Promise.all(this.units.map((unit) => unit.invoke({ query: inputs.query }, options)));
    return { answers: replies.map((reply) => reply.answer) };
  }

  // What the transformer would emit for `forward` above.
  static [XCS_STRUCTURE](self: Ensemble, g: GraphBuilder, inputs: Ref) {
    const replies = self.units.map((unit) => g.call(unit, { query: inputs.get("query") }));
    return g.output({ answers: g.list(replies.map((reply) => reply.get("answer"))) });
  }
}
structuralJit(Ensemble);

export interface UniformEnsembleSettings extends Omit<ModelSettings, "seed"> {
  readonly numUnits: number;
  /** Unit i samples with seed `seed + i`; default 0. */
  readonly seed?: number;
}

/** `numUnits` units of one model at one temperature, differing only in their sampling seed. */
export class UniformEnsemble extends Ensemble {
  constructor(settings: UniformEnsembleSettings) {
    const { numUnits, seed = 0 } = settings;
    if (!Number.isInteger(numUnits) || numUnits < 1) {
      throw new RangeError(`UniformEnsemble: numUnits must be a positive integer, got ${String(numUnits)}`);
    }
    super(Array.from({ length: numUnits }, (_, i) => new ModelUnit({ ...settings, seed: seed + i })));
  }
}

/** One unit per entry: different models, temperatures or prompts side by side. */
export class VariedEnsemble extends Ensemble {
  constructor(members: readonly ModelSettings[]) {
    if (!Array.isArray(members) || members.length === 0) {
      throw new RangeError("VariedEnsemble: members must be a non-empty array of model settings");
    }
    super(members.map((member, i) => new ModelUnit({ seed: i, ...member })));
  }
}
