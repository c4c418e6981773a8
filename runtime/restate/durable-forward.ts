import type { Context } from "@restatedev/restate-sdk";
import { operatorName, type Operator } from "../operator.js";
import { proceedWithin, withInterceptor, type Interceptor } from "../tracing/interception.js";
import { quietSignal } from "../shared-abort.js";
import { startStep, StepErrors } from "./step.js";
import { StepPump } from "./step-pump.js";

/**
 * Runs an operator without a structure (never compiled, or `@jit`) durably: its `forward` runs as
 * written and every `invoke` it makes is one journaled step (the whole sub-call, not the calls
 * inside it). `forward` is re-run on a replay, so it must take its decisions from its inputs and
 * the steps' results only (the same rule Restate sets for any handler). Tracing is not used here:
 * speculation would start calls in an order the journal cannot replay.
 */
export async function runForwardDurably(ctx: Context, op: Operator<any, any>, input: unknown): Promise<unknown> {
  const errors = new StepErrors();
  const counts = new Map<string, number>();
  const pump = new StepPump();
  const interceptor: Interceptor = {
    async intercept(sub, inputs, options) {
      // Named by callee and call number: stable across replays because forward is deterministic.
      const callee = operatorName(sub);
      const n = counts.get(callee) ?? 0;
      counts.set(callee, n + 1);
      const step = `${callee}#${n}`;
      const outcome = await pump.await(startStep(ctx, step, sub, () => inputs, () => proceedWithin(undefined, sub, inputs, options), errors));
      if (!outcome.ok) throw errors.restore(step, outcome.error);
      return outcome.value;
    },
  };
  return withInterceptor(interceptor, () => op.forward(input, { signal: quietSignal() }));
}
