import type { StandardSchemaV1 } from "@standard-schema/spec";
import { findClassRunner } from "./dispatch.js";

/** What `forward` receives besides its inputs. */
export interface ForwardContext {
  readonly signal: AbortSignal;
}

/** Per-call options; they override the ones scoped with `executionOptions`. */
export interface InvokeOptions {
  scheduler?: "auto" | "parallel" | "sequential";
  maxConcurrency?: number;
  signal?: AbortSignal;
  trace?: boolean;
}

export interface OperatorSpec {
  readonly input?: StandardSchemaV1;
  readonly output?: StandardSchemaV1;
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

  async invoke(inputs: In, options: InvokeOptions = {}): Promise<Out> {
    const ctx: ForwardContext = { signal: options.signal ?? neverAborted };
    const runner = findClassRunner(this);
    if (runner) return (await runner(this, inputs, options, ctx)) as Out;
    return await this.forward(inputs, ctx);
  }
}

const neverAborted = new AbortController().signal;

/** The name nodes and errors use: the instance's own `name` when it is a string, else the class name. */
export function operatorName(op: object): string {
  const own = (op as { name?: unknown }).name;
  return typeof own === "string" && own.length > 0 ? own : op.constructor.name;
}

/** Whether the operator declared effects beyond its result (`static effects = true`). */
export function hasEffects(op: object): boolean {
  return (op.constructor as { effects?: boolean }).effects === true;
}
