import { setClassRunner } from "../dispatch.js";
import type { Operator } from "../operator.js";
import { checkStructuralJitOptions } from "../options/structural-jit-options.js";
import { setRunnerExplainer } from "./explain.js";
import { structuralExplainer, structuralRunner, type StructuralJitOptions } from "./structural-runner.js";

type OperatorClass = abstract new (...args: any[]) => Operator<any, any>;

/** A class decorator in either mode: TC39 passes `(value, context)`, `experimentalDecorators` `(target)`. */
export type OperatorClassDecorator = <C extends OperatorClass>(target: C, context?: ClassDecoratorContext<C>) => void;

/**
 * Marks an operator class for structural compilation. Use it bare (`@structuralJit`) or with
 * options (`@structuralJit({ strategy, maxConcurrency, strict, speculate })`), under TC39 decorators or
 * `experimentalDecorators`. Called directly, `structuralJit(SomeClass)` is the same registration
 * (what a bundler plugin emits where decorator syntax cannot survive).
 */
export function structuralJit<C extends OperatorClass>(target: C, context?: ClassDecoratorContext<C>): void;
export function structuralJit(options?: StructuralJitOptions): OperatorClassDecorator;
export function structuralJit(
  targetOrOptions?: OperatorClass | StructuralJitOptions,
  context?: ClassDecoratorContext,
): OperatorClassDecorator | void {
  if (typeof targetOrOptions === "function") return register(targetOrOptions, {}, context);
  if (context !== undefined) {
    // experimentalDecorators on a member: (prototype, key, descriptor), not options.
    throw new TypeError(`@structuralJit decorates operator classes, not the member ${String(context)}`);
  }
  const options = targetOrOptions ?? {};
  checkStructuralJitOptions(options);
  const frozen = Object.freeze({ ...options });
  return (target, decoratorContext) => register(target, frozen, decoratorContext);
}

function register(target: OperatorClass, options: StructuralJitOptions, context: ClassDecoratorContext | undefined): void {
  if (context !== undefined && (context as { kind?: unknown }).kind !== "class") {
    const { kind, name } = context as { kind?: unknown; name?: unknown };
    throw new TypeError(`@structuralJit decorates operator classes, not the ${String(kind)} ${String(name)}`);
  }
  if (typeof target.prototype?.forward !== "function") {
    throw new TypeError(`@structuralJit decorates operator classes: ${target.name || "this class"} has no forward method`);
  }
  const runner = structuralRunner(options);
  setRunnerExplainer(runner, structuralExplainer(options));
  setClassRunner(target, runner);
}
