import { CALL, COMPUTE, INPUT, type ExecutionPlan } from "./plan.js";
import { raisedBy } from "./errors.js";
import { withRunScope } from "../options/index.js";
import { invokeFromRun } from "../operator.js";
import { RUN_BUDGET, RunSlots, type CallBudget } from "../run-budget.js";

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

/**
 * Whether node `i` reads an object an earlier effect was given (`GraphNode.mayBeChanged`): then it
 * waits, as an effect does, until eager would reach it. Its producers are done, so the values are
 * there; the holder an effect reaches a part through (`via`) may not be (its `status` is not `done`),
 * and then it waits.
 */
export function readsChanged(plan: ExecutionPlan, i: number, values: unknown[], status: ArrayLike<number>, done: number): boolean {
  const parts = plan.changedParts?.[i];
  if (parts === undefined) return false;
  for (const part of parts) {
    if (!isObject(valueAt(values[part.from], part.path))) continue;
    // Reached through a holder: not when the holder is no object; when it is not there yet, maybe.
    const via = part.via;
    if (via === undefined || status[via.from] !== done || isObject(valueAt(values[via.from], via.path))) return true;
  }
  return false;
}

function valueAt(value: any, path: readonly string[]): unknown {
  for (let s = 0; s < path.length && value != null; s++) value = value[path[s]!];
  return value;
}

function isObject(value: unknown): boolean {
  return (typeof value === "object" && value !== null) || typeof value === "function";
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
 * synchronously. A call gives a promise; a host node gives what `fn` returns: a promise, or its
 * values when it ran to its end at once (a host that never awaits: see `isPromiseLike`). With
 * `scopeHosts`, a host node runs inside a scope holding the run's signal and budget: the calls
 * its original statements make pass no options, and must still see both.
 */
export function startAsyncNode(plan: ExecutionPlan, i: number, values: unknown[], options: NodeOptions, scopeHosts: boolean): unknown {
  const node = plan.nodes[i]!;
  const input = assembleInput(plan, i, values);
  if (plan.kinds[i] === CALL) return invokeFromRun(node.op!, input, options);
  if (!scopeHosts) return node.fn!(input, options);
  const budget = options[RUN_BUDGET];
  if (budget === undefined) return withRunScope(options.signal, undefined, () => node.fn!(input, options));
  // Bounded: the host ends once the calls its statements made have started, as they had when
  // eager's statements ended (a `Promise.all` failure they caught leaves the others waiting).
  const slots = new RunSlots(budget);
  const out = withRunScope(options.signal, slots, () => node.fn!(input, options));
  return isPromiseLike(out) ? Promise.resolve(out).then((values) => slots.whenAllStarted(values)) : slots.whenAllStarted(out);
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** The error a run raises for node `i`'s failure: the node's own error, which records the node (`failedNodeOf`). */
export function nodeError(plan: ExecutionPlan, i: number, cause: unknown): unknown {
  const node = plan.nodes[i]!;
  return raisedBy(cause, { node: node.id, operator: node.label });
}
