import type { StandardSchemaV1 } from "@standard-schema/spec";
import { findClassRunner, INVOKE_HOOK_BYPASS, invokeHook } from "./dispatch.js";
import { checkExecutionOptions, currentExecutionOptions, resolveRun, withRunScope, type ExecutionOptions } from "./options/index.js";
import { budgetOf, PASSES_BUDGET, RUN_BUDGET, type CallBudget } from "./run-budget.js";
import { validateInput, validateOutput } from "./schema/index.js";
import { nextTurn, quietSignal } from "./shared-abort.js";
import { streamRun, type RunStream } from "./events/stream.js";
import { leftAsWritten } from "./builder/structure-lookup.js";
import { copyOfPlainData } from "./plain-data-copy.js";

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
    const scoped = options.signal === undefined || budgetOf(options) !== undefined ? currentExecutionOptions() : undefined;
    const signal = options.signal ?? scoped?.signal ?? quietSignal();
    signal.throwIfAborted();
    const spec = (this.constructor as OperatorStatics).spec;
    const input = (spec?.input ? await validateInput(operatorName(this), spec.input, inputs) : inputs) as In;
    const ctx: ForwardContext = { signal };
    const runner = findClassRunner(this);
    const budget = runner ? undefined : (budgetOf(options) ?? budgetOf(scoped) ?? ownBudget(this, options));
    const output = runner
      ? await runner(this, input, options, ctx)
      : budget
        ? await forwardWithin(this, budget, input, ctx, budgetOf(scoped) !== undefined)
        : await this.forward(input, ctx);
    return (spec?.output ? await validateOutput(operatorName(this), spec.output, output) : output) as Out;
  }

  /**
   * `invoke`, reporting what happens as it happens: an async iterable of run events (nodes
   * starting and ending with their usage, models' text as it streams, the output), and `result`,
   * which settles as `invoke` would. Breaking out of the loop aborts the run.
   */
  stream(inputs: In, options: InvokeOptions = noOptions): RunStream<Out> {
    return streamRun(this, inputs, options);
  }
}

const baseInvoke = Operator.prototype.invoke;

/**
 * `op.invoke(input, options)` for a call a scheduler starts, with options it made itself: a signal
 * that has not aborted (a scheduler starts nothing once its signal has; `invoke` would reject at
 * once otherwise), and the run's budget when it has one. For a plain leaf — no invoke hook
 * installed, no budget, `invoke` not overridden, no schema, no class runner, not an operator that
 * passes a budget on — everything `invoke` does comes down to `forward(input, { signal })`, so
 * that is all this does: no async frame, option checks, scope lookups or abort check per node
 * (the per-node cost of a run is mostly its calls' `invoke`; reading `signal.aborted` alone was a
 * twentieth of a 0 ms node). A synchronous throw still becomes a rejection, as from `invoke`.
 */
export function invokeFromRun(op: { invoke(inputs: any, options?: InvokeOptions): Promise<unknown> }, input: unknown, options: InvokeOptions): Promise<unknown> {
  const cls = op.constructor as unknown as OperatorStatics & Record<symbol, unknown>;
  if (
    invokeHook !== undefined || budgetOf(options) !== undefined || op.invoke !== baseInvoke ||
    cls.spec !== undefined || cls[PASSES_BUDGET] === true || findClassRunner(op) !== undefined
  ) {
    return op.invoke(input, options);
  }
  try {
    return Promise.resolve((op as Operator).forward(input, { signal: options.signal! }));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A `vmap`/`pmap` called outside any run is a run of its own: bounded by its options. */
function ownBudget(op: object, options: InvokeOptions): CallBudget | undefined {
  return passesBudget(op) ? resolveRun(options, {}).budget : undefined;
}

function passesBudget(op: object): boolean {
  return (op.constructor as unknown as Record<symbol, unknown>)[PASSES_BUDGET] === true;
}

/**
 * A leaf call of a bounded run holds one of the run's slots while `forward` runs; the calls its
 * `forward` makes run under that slot (the scoped budget is cleared for them, else a bound of
 * one would deadlock). Operators that run calls as a run does (`vmap`, `pmap`) hold no slot
 * and pass the budget on instead.
 */
async function forwardWithin<In, Out>(op: Operator<In, Out>, budget: CallBudget, input: In, ctx: ForwardContext, scopedBudget: boolean): Promise<Out> {
  if (passesBudget(op)) {
    const passing = { signal: ctx.signal, [RUN_BUDGET]: budget };
    return scopedBudget ? withRunScope(ctx.signal, undefined, () => op.forward(input, passing)) : op.forward(input, passing);
  }
  const waiting = budget.take(ctx.signal);
  if (waiting) {
    // Eager's call reads what it is given when it is made; a pure one that waits for a slot is
    // given the plain data as it was then (an effect of its moment may change it meanwhile).
    if (!hasEffects(op)) input = copyOfPlainData(input);
    await waiting;
  }
  let failed = false;
  try {
    ctx.signal.throwIfAborted();
    return await (scopedBudget ? withRunScope(ctx.signal, undefined, () => op.forward(input, ctx)) : op.forward(input, ctx));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A failure may end the run: the slot is handed on once the run has heard of it (a later
    // turn), so no waiting call of a failed run starts in between.
    if (failed) nextTurn(() => budget.give());
    else budget.give();
  }
}

const noOptions: InvokeOptions = Object.freeze({});

/** The name nodes and errors use: the instance's own `name` when it is a string, else the class name. */
export function operatorName(op: object): string {
  const own = (op as { name?: unknown }).name;
  return typeof own === "string" && own.length > 0 ? own : op.constructor.name;
}

/**
 * Whether a graph must keep the operator's calls in program order with its other effects: it
 * declared effects beyond its result (`static effects = true`), or, declaring nothing, it is a
 * `@structuralJit` class the transformer left as written. The transformer saw code in that
 * `forward` it could not prove pure (that is why it bailed out), and calls to it are to the
 * graphs around it what a host node is to its own: code run as written, kept in order.
 */
export function hasEffects(op: object): boolean {
  const declared = (op.constructor as { effects?: boolean }).effects;
  return declared === undefined ? leftAsWritten(op) : declared === true;
}
