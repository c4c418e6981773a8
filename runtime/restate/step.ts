import { serde, type Context, type RestatePromise } from "@restatedev/restate-sdk";
import { RemoteOperator } from "./remote.js";

/**
 * A journaled step's outcome. A step never rejects inside `ctx.run`: its error is journaled as
 * data, so Restate does not retry an operator failure (eager would not either; retries on rate
 * limits belong to the model layer) and a replay raises the same error.
 */
export type StepOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ErrorRecord };

export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
}

/**
 * The errors steps raised in this process, by step: a run that made the step itself rethrows the
 * original error (its class intact); a replay only has the journaled name and message.
 */
export class StepErrors {
  private readonly originals = new Map<string, unknown>();

  record(step: string, error: unknown): ErrorRecord {
    this.originals.set(step, error);
    const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
    return { name, message };
  }

  /** The error to raise for a failed step: the original when this process made the call. */
  restore(step: string, record: ErrorRecord): unknown {
    if (this.originals.has(step)) return this.originals.get(step);
    const error = new Error(record.message);
    error.name = record.name;
    return error;
  }
}

/**
 * Starts one step: `ctx.run` around `call` for a local operator, a Restate service call for a
 * `RemoteOperator` (the remote invocation journals its own steps). Resolves to the outcome,
 * never rejects on an operator error.
 */
export function startStep(
  ctx: Context,
  step: string,
  target: unknown,
  input: () => unknown,
  call: () => Promise<unknown>,
  errors: StepErrors,
): RestatePromise<StepOutcome> {
  if (target instanceof RemoteOperator) {
    return ctx
      .genericCall({ service: target.service, method: "run", parameter: input(), inputSerde: serde.json, outputSerde: serde.json })
      .map((value, failure): StepOutcome => (failure ? { ok: false, error: errors.record(step, failure) } : { ok: true, value }));
  }
  return ctx.run(step, async (): Promise<StepOutcome> => {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      return { ok: false, error: errors.record(step, error) };
    }
  });
}
