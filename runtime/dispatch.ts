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

const runners = new WeakMap<Function, ClassRunner>();

export function setClassRunner(cls: Function, runner: ClassRunner): void {
  runners.set(cls, runner);
}

/** The runner registered for the operator's class or its nearest ancestor, if any. */
export function findClassRunner(op: object): ClassRunner | undefined {
  for (let cls = op.constructor; cls && cls !== Object; cls = Object.getPrototypeOf(cls)) {
    const runner = runners.get(cls);
    if (runner) return runner;
  }
  return undefined;
}
