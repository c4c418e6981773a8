import { createAsyncScope } from "../async-scope.js";
import {
  checkBoolean,
  checkKnownKeys,
  checkMaxConcurrency,
  checkOptionsObject,
  checkScheduler,
  checkSignal,
  type SchedulerName,
} from "./option-checks.js";
import { RUN_BUDGET } from "../run-budget.js";

/** Options for running operators; scoped with `executionOptions` or given per call to `invoke`. */
export interface ExecutionOptions {
  /** How graphs run: dependency-driven `parallel`, program-order `sequential`, or `auto`. */
  readonly scheduler?: SchedulerName;
  /** Upper bound on operator calls in flight within one run (`Infinity`: unbounded). */
  readonly maxConcurrency?: number;
  /** Aborting it aborts the whole run: running nodes see `ctx.signal` aborted. */
  readonly signal?: AbortSignal;
  /** Open an OpenTelemetry span per operator run (when `@opentelemetry/api` is installed). */
  readonly trace?: boolean;
  /**
   * For runs through the tracing JIT (`@jit`, and `@structuralJit` classes that run traced):
   * `false` runs `forward` as written after the first trace, never dispatching a call early.
   */
  readonly speculate?: boolean;
}

const optionNames = ["scheduler", "maxConcurrency", "signal", "trace", "speculate"] as const;

/**
 * Node enables its async-context bookkeeping (which slows every promise in the process) only on
 * the first `run`, so the store costs nothing until a user actually scopes options.
 */
const scope = createAsyncScope<ExecutionOptions>();

/**
 * Runs `fn` with `opts` in effect for every `invoke` it makes, directly or through awaits.
 * Nested scopes override the outer one field by field; per-call options override both.
 * Concurrent scopes never see each other's options.
 */
export function executionOptions<T>(opts: ExecutionOptions, fn: () => T): T {
  checkExecutionOptions("executionOptions", opts, true);
  const outer = scope.getStore();
  return scope.run(Object.freeze({ ...outer, ...withoutUndefined(opts) }), fn);
}

/**
 * Runs `fn` with a run's signal and budget scoped around it: how they reach the calls that code
 * the runtime does not control makes without options (host nodes, a traced `forward`). Internal:
 * the budget is not an option users can set.
 */
export function withRunScope<T>(signal: AbortSignal, budget: object | undefined, fn: () => T): T {
  const outer = scope.getStore();
  return scope.run(Object.freeze({ ...outer, signal, [RUN_BUDGET]: budget }), fn);
}

/** The options scoped around the caller, if any. */
export function currentExecutionOptions(): ExecutionOptions | undefined {
  return scope.getStore();
}

/**
 * Throws an `InvalidOptionError` naming the first bad option. `invoke` passes
 * `rejectUnknown = false`: it sits on hot paths, where only the values are checked.
 */
export function checkExecutionOptions(source: string, opts: unknown, rejectUnknown: boolean): void {
  checkOptionsObject(source, opts);
  const options = opts as ExecutionOptions;
  if (rejectUnknown) checkKnownKeys(source, options, optionNames);
  checkScheduler(source, "scheduler", options.scheduler);
  checkMaxConcurrency(source, options.maxConcurrency);
  checkSignal(source, options.signal);
  checkBoolean(source, "trace", options.trace);
  checkBoolean(source, "speculate", options.speculate);
}

function withoutUndefined(opts: ExecutionOptions): ExecutionOptions {
  const defined: Record<string, unknown> = {};
  for (const name of optionNames) if (opts[name] !== undefined) defined[name] = opts[name];
  return defined;
}
