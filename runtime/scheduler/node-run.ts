import { CALL, COMPUTE, INPUT, type ExecutionPlan } from "./plan.js";
import { NodeExecutionError } from "./errors.js";

/** Options handed to a call's `invoke` and a host node's `fn`; one object shared by many nodes. */
export interface NodeOptions {
  readonly signal: AbortSignal;
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

/** Starts a call (`op.invoke(input, options)`) or host node (`fn(input, options)`); may throw synchronously. */
export function startAsyncNode(plan: ExecutionPlan, i: number, values: unknown[], options: NodeOptions): Promise<unknown> {
  const node = plan.nodes[i]!;
  const input = assembleInput(plan, i, values);
  if (plan.kinds[i] === CALL) return node.op!.invoke(input, options);
  return Promise.resolve(node.fn!(input, options));
}

export function nodeError(plan: ExecutionPlan, i: number, cause: unknown): NodeExecutionError {
  const node = plan.nodes[i]!;
  return new NodeExecutionError(node.id, node.label, cause);
}
