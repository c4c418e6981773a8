import { CALL, COMPUTE, INPUT, type ExecutionPlan } from "./plan.js";
import { NodeExecutionError } from "./errors.js";
import { withRunScope } from "../options/index.js";
import { invokeFromRun } from "../operator.js";
import { RUN_BUDGET, type CallBudget } from "../run-budget.js";

/** Options handed to a call's `invoke` and a host node's `fn`; one object shared by many nodes. */
export interface NodeOptions {
  readonly signal: AbortSignal;
  /** The whole run's bound, when it has one: nested runs and leaf calls share it. */
  readonly [RUN_BUDGET]?: CallBudget;
}

/** The options for the nodes of one run (or of one of its abort epochs). */
export function nodeOptions(signal: AbortSignal, budget: CallBudget | undefined): NodeOptions {
  return budget === undefined ? { signal } : { signal, [RUN_BUDGET]: budget };
}

/** The node's input: its constants plus the fields its producers' values provide. */
export function assembleInput(plan: ExecutionPlan, i: number, values: unknown[]): any {
  const fills = plan.fills[i]!;
  const template = plan.templates[i];
  if (template === undefined) {
    return fills.length === 0 ? (plan.nodes[i]!.constants as Record<string, unknown>)[""] : read(values[fills[0]!.from], fills[0]!.path);
  }
  const input: any = Array.isArray(template) ? template.slice() : { ...template };
  for (let f = 0; f < fills.length; f++) {
    const fill = fills[f]!;
    input[fill.field] = read(values[fill.from], fill.path);
  }
  return input;
}

/** Reads a field path the way the eager code's property accesses would (and fails the same way). */
function read(value: any, path: readonly string[]): unknown {
  for (let s = 0; s < path.length; s++) value = value[path[s]!];
  return value;
}

/** Runs an input, compute or output node: synchronous, pure. Array-shaped compute inputs are the arguments. */
export function runSyncNode(plan: ExecutionPlan, i: number, values: unknown[], runInput: unknown): unknown {
  const kind = plan.kinds[i];
  if (kind === INPUT) return runInput;
  const input = assembleInput(plan, i, values);
  if (kind === COMPUTE) {
    const fn = plan.nodes[i]!.fn;
    if (fn === undefined) return input;
    return Array.isArray(input) ? fn(...input) : fn(input);
  }
  return input;
}

/**
 * Starts a call (`op.invoke(input, options)`, see `invokeFromRun`) or host node (`fn(input, options)`); may throw
 * synchronously. With `scopeHosts`, a host node runs inside a scope holding the run's signal and
 * budget: the calls its original statements make pass no options, and must still see both.
 * A call returns a promise; a host node returns what its function does: a value when its
 * statements await nothing (they ran to the end now, as eager's statements would), else a promise.
 */
export function startNode(plan: ExecutionPlan, i: number, values: unknown[], options: NodeOptions, scopeHosts: boolean): unknown {
  const node = plan.nodes[i]!;
  const input = assembleInput(plan, i, values);
  if (plan.kinds[i] === CALL) return invokeFromRun(node.op!, input, options);
  if (scopeHosts) return withRunScope(options.signal, options[RUN_BUDGET], () => node.fn!(input, options));
  return node.fn!(input, options);
}

/** `startNode` for schedulers that always wait a turn for a node: its result as a promise. */
export function startAsyncNode(plan: ExecutionPlan, i: number, values: unknown[], options: NodeOptions, scopeHosts: boolean): Promise<unknown> {
  return Promise.resolve(startNode(plan, i, values, options, scopeHosts));
}

/** Whether a started node's result is still to come (a promise or another thenable). */
export function isPending(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

export function nodeError(plan: ExecutionPlan, i: number, cause: unknown): NodeExecutionError {
  const node = plan.nodes[i]!;
  return new NodeExecutionError(node.id, node.label, cause);
}
