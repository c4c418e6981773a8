import { Operator, type ForwardContext } from "../operator.js";
import type { ModelUnit } from "./model-unit.js";

/** One unit's outcome in an ensemble that tolerates failures: its answer, or why it failed. */
export type UnitOutcome = { readonly answer: string } | { readonly error: unknown };

/** A unit the ensemble did without, in its result: which one (0-based) and why. */
export interface UnitFailure {
  readonly unit: number;
  readonly message: string;
}

/** Fewer units answered than the ensemble needs: every failure is in `errors`, in unit order. */
export class EnsembleQuorumError extends AggregateError {
  override readonly name = "EnsembleQuorumError";
  constructor(
    readonly operator: string,
    readonly required: number,
    readonly succeeded: number,
    errors: unknown[],
  ) {
    super(errors, `${operator}: ${succeeded} of ${succeeded + errors.length} units answered, ${required} needed (minSuccesses); first failure: ${messageOf(errors[0])}`);
  }
}

/**
 * A unit whose failure is a value, not a rejection, so that the ensemble's graph (one call node
 * per unit, in parallel) lets the others finish as `Promise.allSettled` does. The run's own abort
 * is still a rejection: a cancelled run is not a unit that failed.
 */
export class SettledUnit extends Operator<{ query: string }, UnitOutcome> {
  constructor(readonly unit: ModelUnit) {
    super();
  }

  async forward(inputs: { query: string }, ctx: ForwardContext): Promise<UnitOutcome> {
    try {
      return { answer: (await this.unit.invoke(inputs, { signal: ctx.signal })).answer };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return { error };
    }
  }
}

/** The ensemble's result from its units' outcomes: the answers in unit order and the failures, or the quorum error. */
export function collectOutcomes(operator: string, minSuccesses: number, outcomes: readonly UnitOutcome[]) {
  const answers: string[] = [];
  const errors: unknown[] = [];
  const failures: UnitFailure[] = [];
  outcomes.forEach((outcome, unit) => {
    if ("answer" in outcome) answers.push(outcome.answer);
    else {
      errors.push(outcome.error);
      failures.push({ unit, message: messageOf(outcome.error) });
    }
  });
  if (answers.length < minSuccesses) throw new EnsembleQuorumError(operator, minSuccesses, answers.length, errors);
  return { answers, failures };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
