import { currentExecutionOptions, type ExecutionOptions } from "./execution-options.js";
import type { SchedulerName } from "./option-checks.js";

/** The options one run uses, after precedence has been applied. */
export interface RunOptions {
  scheduler: SchedulerName;
  /** Absent: unbounded. */
  maxConcurrency?: number;
  signal?: AbortSignal;
  trace?: boolean;
  /** Absent: the class's own default (speculate, unless its decorator says `speculate: false`). */
  speculate?: boolean;
}

/** What a decorator contributes: the class's defaults, below any per-call or scoped option. */
export interface ClassRunDefaults {
  readonly strategy?: SchedulerName;
  readonly maxConcurrency?: number;
}

/**
 * Field by field, the nearest option wins: per call, then the `executionOptions` scope, then
 * the class's decorator options, then `"auto"` with no bound. Called once per run, never per node.
 */
export function resolveRunOptions(perCall: ExecutionOptions, defaults: ClassRunDefaults): RunOptions {
  const scoped = currentExecutionOptions();
  const maxConcurrency = perCall.maxConcurrency ?? scoped?.maxConcurrency ?? defaults.maxConcurrency;
  const signal = perCall.signal ?? scoped?.signal;
  const trace = perCall.trace ?? scoped?.trace;
  const speculate = perCall.speculate ?? scoped?.speculate;
  const run: RunOptions = { scheduler: perCall.scheduler ?? scoped?.scheduler ?? defaults.strategy ?? "auto" };
  if (maxConcurrency !== undefined && maxConcurrency !== Infinity) run.maxConcurrency = maxConcurrency;
  if (signal !== undefined) run.signal = signal;
  if (trace !== undefined) run.trace = trace;
  if (speculate !== undefined) run.speculate = speculate;
  return run;
}
