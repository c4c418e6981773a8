/**
 * How a class decorator (structuralJit, jit) takes over `invoke` for the operators of a class,
 * without `operator.ts` importing the JITs (which import `operator.ts`).
 */
import type { ForwardContext, InvokeOptions, Operator } from "./operator.js";

export type ClassRunner = (
  op: Operator<any, any>,
  inputs: unknown,
  options: InvokeOptions,
  ctx: ForwardContext,
) => Promise<unknown>;

/**
 * The runner lives on the class as a hidden static: subclasses inherit statics, so one property
 * read finds the runner of the class or its nearest ancestor (every call of every operator asks).
 */
const CLASS_RUNNER = Symbol("xcs-jit.classRunner");

export function setClassRunner(cls: Function, runner: ClassRunner): void {
  Object.defineProperty(cls, CLASS_RUNNER, { value: runner, configurable: true, enumerable: false, writable: false });
}

/** The runner registered for the operator's class or its nearest ancestor, if any. */
export function findClassRunner(op: object): ClassRunner | undefined {
  return (op.constructor as { [CLASS_RUNNER]?: ClassRunner } | undefined)?.[CLASS_RUNNER];
}

/**
 * How tracing and autograph see every `invoke` without `operator.ts` importing them. Installed
 * only while a trace or autograph scope is open somewhere, so a plain `invoke` pays one
 * `undefined` check. The hook runs the call itself, if at all, with `invokeBypassingHook`.
 */
export type InvokeHook = (op: Operator<any, any>, inputs: unknown, options: InvokeOptions) => Promise<unknown>;

export let invokeHook: InvokeHook | undefined;

/** `options[INVOKE_HOOK_BYPASS] === op`: this call of `op` is the hook running it. */
export const INVOKE_HOOK_BYPASS = Symbol.for("xcs-jit.invokeHookBypass");

export function setInvokeHook(hook: InvokeHook | undefined): void {
  invokeHook = hook;
}

/** Runs `op.invoke` as if no hook were installed (for this call only, not the calls it makes). */
export function invokeBypassingHook(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
  return op.invoke(inputs, { ...options, [INVOKE_HOOK_BYPASS]: op } as InvokeOptions);
}
