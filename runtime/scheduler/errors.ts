/**
 * Where a run's error came from. A failed run rejects with the failing node's own error — the very
 * value eager `forward` throws, so a caller's `catch` (`instanceof`, `message`, a thrown string)
 * sees what it sees without compiling — and which node raised it is kept beside the error, as
 * `usageOf` keeps usage, rather than in a wrapper.
 */
export interface FailedNode {
  /** The failing node's id, e.g. `members.3/judge` (the innermost run's node, for nested runs). */
  readonly node: string;
  /** The operator's name for call nodes, else the node's label. */
  readonly operator: string;
}

const failedNodes = new WeakMap<object, FailedNode>();

/** The node whose failure a run raised as `error`, when a graph run raised it (objects only). */
export function failedNodeOf(error: unknown): FailedNode | undefined {
  return isObject(error) ? failedNodes.get(error) : undefined;
}

/**
 * Records that `node` raised `error` and returns the error. The first record stands: a nested run
 * records its own node before the run around it sees the same error. (An error object thrown again
 * by a later run keeps the node of the run that first raised it.)
 */
export function raisedBy(error: unknown, failed: FailedNode): unknown {
  if (isObject(error) && !failedNodes.has(error)) failedNodes.set(error, failed);
  return error;
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
