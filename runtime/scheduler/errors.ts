/**
 * The error a graph run raises when a node fails: which node (its path-like id), which operator,
 * and the original error as `cause`.
 */
export class NodeExecutionError extends Error {
  override readonly name = "NodeExecutionError";

  constructor(
    /** The failing node's id, e.g. `members.3/judge`. */
    readonly node: string,
    /** The operator's name for call nodes, else the node's label. */
    readonly operator: string,
    override readonly cause: unknown,
  ) {
    super(`node "${node}" (${operator}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
