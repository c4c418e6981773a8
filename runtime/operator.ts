import type { StandardSchemaV1 } from "@standard-schema/spec";
import { findClassRunner, INVOKE_HOOK_BYPASS, invokeHook } from "./dispatch.js";
import { checkExecutionOptions, currentExecutionOptions, type ExecutionOptions } from "./options/index.js";
import { validateInput, validateOutput } from "./schema/index.js";
import { neverAborted } from "./shared-abort.js";

/** What `forward` receives besides its inputs. */
export interface ForwardContext {
  readonly signal: AbortSignal;
}

/** Per-call options; each one given overrides the same option scoped with `executionOptions`. */
export type InvokeOptions = ExecutionOptions;

export interface OperatorSpec {
  readonly input?: StandardSchemaV1;
  readonly output?: StandardSchemaV1;
}

interface OperatorStatics {
  spec?: OperatorSpec;
}

/**
 * The unit of composition. Users write `forward`; everybody calls `invoke`.
 * Subclasses may declare `static spec` (Standard Schema validators) and `static effects = true`
 * (the operator does more than compute its result, so it is never started early).
 */
export abstract class Operator<In = unknown, Out = unknown> {
  static spec?: OperatorSpec;
  static effects?: boolean;

  abstract forward(inputs: In, ctx: ForwardContext): Promise<Out> | Out;

  /**
   * Validates the input against `spec.input`, runs the class runner a decorator registered (or
   * `forward`), then validates the result against `spec.output`. Schedulers call this once per
   * node, so it reads the options scope only when no signal was passed.
   */
  async invoke(inputs: In, options: InvokeOptions = noOptions): Promise<Out> {
    if (invokeHook !== undefined && (options as Record<symbol, unknown>)[INVOKE_HOOK_BYPASS] !== this) {
      return (await invokeHook(this, inputs, options)) as Out;
    }
    checkExecutionOptions("invoke", options, false);
    const signal = options.signal ?? currentExecutionOptions()?.signal ?? neverAborted;
    signal.throwIfAborted();
    const spec = (this.constructor as OperatorStatics).spec;
    const input = (spec?.input ? await validateInput(operatorName(this), spec.input, inputs) : inputs) as In;
    const ctx: ForwardContext = { signal };
    const runner = findClassRunner(this);
    const output = runner ? await runner(this, input, options, ctx) : await this.forward(input, ctx);
    return (spec?.output ? await validateOutput(operatorName(this), spec.output, output) : output) as Out;
  }
}

const noOptions: InvokeOptions = Object.freeze({});

/** The name nodes and errors use: the instance's own `name` when it is a string, else the class name. */
export function operatorName(op: object): string {
  const own = (op as { name?: unknown }).name;
  return typeof own === "string" && own.length > 0 ? own : op.constructor.name;
}

/** Whether the operator declared effects beyond its result (`static effects = true`). */
export function hasEffects(op: object): boolean {
  return (op.constructor as { effects?: boolean }).effects === true;
}
