import { XCS_STRUCTURE, type GraphBuilder, type Ref } from "../builder/index.js";
import { structuralJit } from "../jit/index.js";
import { Operator, type ForwardContext } from "../operator.js";
import type { ModelSettings } from "./model-binding.js";
import { ModelUnit } from "./model-unit.js";
import { MAX_ENTRY_COUNT } from "./compact/parse-entry.js";
import { array, number, object, optional, string, type Infer } from "./schema.js";
import { collectOutcomes, SettledUnit, type UnitOutcome } from "./tolerance.js";

const input = object({ query: string() });
const output = object({
  answers: array(string()),
  /** Only when the ensemble tolerates failures (`minSuccesses`): the units it did without. */
  failures: optional(array(object({ unit: number({ integer: true }), message: string() }))),
});
export type EnsembleInput = Infer<typeof input>;
export type EnsembleOutput = Infer<typeof output>;

/**
 * Several model units answering the same query; `answers` is in unit order whatever order they
 * finish in. The units run in parallel when called eagerly (`Promise.all` in `forward`) and, in a
 * structural pipeline, become one call node each.
 */
export abstract class Ensemble extends Operator<EnsembleInput, EnsembleOutput> {
  static override spec = { input, output };
  /** The units wrapped so that a failure is a value, when the ensemble tolerates failures. */
  private readonly settled: readonly SettledUnit[] | undefined;

  /**
   * @param minSuccesses when set, the ensemble answers as long as this many units do: the others'
   *   failures are listed in `failures` instead of failing the run (and every unit runs to its
   *   end, as `Promise.allSettled`). Unset, the first failure fails the run, as `Promise.all`.
   */
  constructor(
    readonly units: readonly ModelUnit[],
    readonly minSuccesses?: number,
  ) {
    super();
    if (minSuccesses !== undefined && !(Number.isInteger(minSuccesses) && minSuccesses >= 1 && minSuccesses <= units.length)) {
      throw new RangeError(`${new.target.name}: minSuccesses must be an integer from 1 to the ${units.length} units, got ${String(minSuccesses)}`);
    }
    this.settled = minSuccesses === undefined ? undefined : units.map((unit) => new SettledUnit(unit));
  }

  async forward(inputs: EnsembleInput, ctx: ForwardContext): Promise<EnsembleOutput> {
    const options = { signal: ctx.signal };
    if (this.settled) {
      const outcomes = await Promise.all(this.settled.map((unit) => unit.invoke({ query: inputs.query }, options)));
      return this.collect(outcomes);
    }
    const replies = await Promise.all(this.units.map((unit) => unit.invoke({ query: inputs.query }, options)));
    return { answers: replies.map((reply) => reply.answer) };
  }

  private collect(outcomes: UnitOutcome[]): EnsembleOutput {
    return collectOutcomes(this.constructor.name, this.minSuccesses!, outcomes);
  }

  // What the transformer would emit for `forward` above.
  static [XCS_STRUCTURE](self: Ensemble, g: GraphBuilder, inputs: Ref) {
    if (self.settled) {
      const outcomes = self.settled.map((unit, i) => g.call(unit, { query: inputs.get("query") }, `units.${i}`));
      return g.output(g.compute((list: UnitOutcome[]) => self.collect(list), [g.list(outcomes)], "quorum"));
    }
    const replies = self.units.map((unit) => g.call(unit, { query: inputs.get("query") }));
    return g.output({ answers: g.list(replies.map((reply) => reply.get("answer"))) });
  }
}
structuralJit(Ensemble);

export interface UniformEnsembleSettings extends Omit<ModelSettings, "seed"> {
  /** At most `MAX_ENTRY_COUNT` (1,000). */
  readonly numUnits: number;
  /** Unit i samples with seed `seed + i`; default 0. */
  readonly seed?: number;
  /** Answer when at least this many units do, listing the others in `failures`; default all of them. */
  readonly minSuccesses?: number;
}

/** `numUnits` units of one model at one temperature, differing only in their sampling seed. */
export class UniformEnsemble extends Ensemble {
  constructor(settings: UniformEnsembleSettings) {
    const { numUnits, seed = 0 } = settings;
    // Units are built here and now: the ceiling of a compact spec's entry (`"1000:E:…"` builds this).
    if (!Number.isInteger(numUnits) || numUnits < 1 || numUnits > MAX_ENTRY_COUNT) {
      throw new RangeError(`UniformEnsemble: numUnits must be a positive integer of at most ${MAX_ENTRY_COUNT}, got ${String(numUnits)}`);
    }
    super(
      Array.from({ length: numUnits }, (_, i) => new ModelUnit({ ...settings, seed: seed + i })),
      settings.minSuccesses,
    );
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
