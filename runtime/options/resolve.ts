import { currentExecutionOptions, type ExecutionOptions } from "./execution-options.js";
import type { SchedulerName } from "./option-checks.js";
import { budgetOf, SharedBudget, type CallBudget } from "../run-budget.js";
import { currentNode } from "../events/node-scope.js";
import type { NodeObserver } from "../scheduler/observe.js";
import { bothObservers, nodeSpans } from "../telemetry/spans.js";

/** The options one run uses, after precedence has been applied. */
export interface RunOptions {
  scheduler: SchedulerName;
  /** Absent: unbounded. */
  maxConcurrency?: number;
  signal?: AbortSignal;
  trace?: boolean;
  /** Absent: the class's own default (speculate, unless its decorator says `speculate: false`). */
  speculate?: boolean;
  /**
   * The whole run's bound on calls in flight: the enclosing run's, when this run is nested in one
   * (handed down on the options or the scope), else a new one when this run is bounded.
   */
  budget?: CallBudget;
  /** Inside `op.stream`: sees the run's nodes, for its events. */
  observeNode?: NodeObserver;
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

/**
 * `resolveRunOptions` plus the run's budget: the enclosing run's, handed down on the per-call
 * options or the scope, else a new one when this run is bounded. What runners call, once per run.
 */
export function resolveRun(perCall: ExecutionOptions, defaults: ClassRunDefaults): RunOptions {
  const run = resolveRunOptions(perCall, defaults);
  const budget = budgetOf(perCall) ?? budgetOf(currentExecutionOptions()) ?? newBudget(run);
  if (budget !== undefined) run.budget = budget;
  // Nested in a sequential run: program order, as the design says `sequential` means.
  if (budget?.inOrder) run.scheduler = "sequential";
  const node = currentNode();
  if (node !== undefined) run.observeNode = node.observer();
  // A traced run has a span per node too, inside the node's stream scope when it has one.
  if (run.trace) run.observeNode = run.observeNode ? bothObservers(run.observeNode, nodeSpans) : nodeSpans;
  return run;
}

/** `sequential` means one call in flight, nested ones included. */
function newBudget(run: RunOptions): CallBudget | undefined {
  if (run.scheduler === "sequential") return new SharedBudget(1, true);
  return run.maxConcurrency === undefined ? undefined : new SharedBudget(run.maxConcurrency);
}
