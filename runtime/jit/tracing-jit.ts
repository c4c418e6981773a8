/**
 * `@jit`: the runtime tracing JIT for operators the transformer never compiled. Bare (`@jit`) or
 * with options (`@jit({ speculate, sampleInput, strategy, maxConcurrency })`), under TC39
 * decorators or `experimentalDecorators`; `jit(SomeClass)` called directly registers the same way.
 */
import { setClassRunner, type ClassRunner } from "../dispatch.js";
import type { Operator } from "../operator.js";
import {
  checkBoolean,
  checkKnownKeys,
  checkMaxConcurrency,
  checkOptionsObject,
  checkScheduler,
  resolveRun,
  type SchedulerName,
} from "../options/index.js";
import { setRunnerExplainer } from "./explain.js";
import { runTraced, warmUp, type TracingJitOptions } from "./tracing-engine.js";
import { explainTraced } from "./tracing-explain.js";
import { runSpanAttributes, traceRun } from "./run-span.js";

export interface JitOptions extends TracingJitOptions {
  /** The class's default scheduler (`"sequential"`: no speculation); call and scope options override it. */
  readonly strategy?: SchedulerName;
  /** The class's default bound on calls dispatched early and in flight. */
  readonly maxConcurrency?: number;
}

type OperatorClass = abstract new (...args: any[]) => Operator<any, any>;

export function jit<C extends OperatorClass>(target: C, context?: ClassDecoratorContext<C>): C | void;
export function jit(options?: JitOptions): <C extends OperatorClass>(target: C, context?: ClassDecoratorContext<C>) => C | void;
export function jit(targetOrOptions?: OperatorClass | JitOptions, context?: ClassDecoratorContext): unknown {
  if (typeof targetOrOptions === "function") return register(targetOrOptions, {}, context);
  const options = checkJitOptions(targetOrOptions ?? {});
  return (target: OperatorClass, decoratorContext?: ClassDecoratorContext) => register(target, options, decoratorContext);
}

function register<C extends OperatorClass>(target: C, options: JitOptions, context: ClassDecoratorContext | undefined): C | void {
  if (context !== undefined && (context as { kind?: unknown }).kind !== "class") {
    const { kind, name } = context as { kind?: unknown; name?: unknown };
    throw new TypeError(`@jit decorates operator classes, not the ${String(kind)} ${String(name)}`);
  }
  if (typeof target.prototype?.forward !== "function") {
    throw new TypeError(`@jit decorates operator classes: ${target.name || "this class"} has no forward method`);
  }
  const runner: ClassRunner = (op, inputs, perCall, ctx) => {
    const run = resolveRun(perCall, options);
    const execute = () => runTraced(op, inputs, ctx, run, options);
    return run.trace ? traceRun(op, runSpanAttributes("traced", run), execute) : execute();
  };
  setRunnerExplainer(runner, explainTraced);
  setClassRunner(target, runner);
  if (!("sampleInput" in options)) return;
  const sampleInput = options.sampleInput;
  const traced = class extends (target as unknown as new (...args: any[]) => object) {
    constructor(...args: any[]) {
      super(...args);
      warmUp(this as unknown as Operator<any, any>, sampleInput);
    }
  };
  Object.defineProperty(traced, "name", { value: target.name });
  setClassRunner(traced, runner);
  return traced as unknown as C;
}

function checkJitOptions(options: unknown): JitOptions {
  const source = "@jit";
  checkOptionsObject(source, options);
  checkKnownKeys(source, options, ["speculate", "sampleInput", "strategy", "maxConcurrency"]);
  const { speculate, strategy, maxConcurrency } = options as JitOptions;
  checkBoolean(source, "speculate", speculate);
  checkScheduler(source, "strategy", strategy);
  checkMaxConcurrency(source, maxConcurrency);
  return Object.freeze({ ...(options as JitOptions) });
}
