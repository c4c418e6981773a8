/** The vocabulary of a graph: node kinds, nodes, edges with field mappings. */

export type NodeKind = "input" | "call" | "compute" | "host" | "output";

/**
 * `[outputPath, inputField]`: the producer's value at `outputPath` (`"a.b"` reads nested fields,
 * `""` the whole value) becomes the consumer's input field `inputField` (`""`: the whole input).
 */
export type FieldMapping = readonly [outputPath: string, inputField: string];

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly fields: readonly FieldMapping[];
}

/** What a call node calls. The graph module stays free of imports, so it only knows `invoke`. */
export interface Invokable {
  invoke(inputs: any, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface GraphNode {
  /** Unique, path-like for inlined operators: `members.3/judge`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** What the node shows: the operator's name for calls, else what it computes. */
  readonly label: string;
  /** Program order: the order eager `forward` reaches the node. Defaults to the position in `nodes`. */
  readonly order?: number;
  /**
   * The await group: nodes one `Promise.all` awaits together (`g.all`), contiguous in program
   * order. Within a group the first failure in time is the run's error, at once. For a group
   * nested in an inlined member of another, the outermost one (the nesting is in `scope`).
   */
  readonly group?: number;
  /**
   * Where the node sits inside its group when that is more than "a member by itself": in an
   * operator inlined as one member (whose steps run in their own program order), possibly inside
   * a `Promise.all` of that member's own. Absent for a lone member of a top-level group.
   */
  readonly scope?: GroupScope;
  /**
   * In a member with steps (`scope` names one): how many times the member's eager code has waited
   * for a call when it reaches the node (an awaited call, a `Promise.all` of its own holding one,
   * a boundary check of a schema that validates asynchronously). Eager runs every member up to its
   * first such wait when the group starts, before any call the group started can settle. Default 0.
   */
  readonly step?: number;
  /**
   * Every `await` the member's code has passed when it reaches the node, `step`'s included and
   * also those that may settle within the moment (an operator's result that needed no call, a
   * boundary check, host code that awaits): within one moment, code after fewer runs first. Default 0.
   */
  readonly awaits?: number;
  /**
   * Parts of what the node reads that an effect before it in program order (a call declaring
   * effects, or host code) was given, and so may have changed: the producer's id and the path of
   * what the effect got, each producer one the node reads from, directly or through what a node it
   * reads holds. Eager reads them after that effect ran; so when the value there is an object (a
   * string or number cannot be changed through it), the node starts only once every node before
   * it has succeeded, as an effect does.
   */
  readonly mayBeChanged?: readonly ChangedPart[];
  /**
   * A call started without `await` (`g.start`): the id of the first node eager's code makes once
   * it awaits the call (`await p`, a `Promise.all` of it), or `null` when it never does. Eager's
   * code in between runs while the call runs: the nodes before that one wait for it to start, not
   * to end.
   */
  readonly joinedBefore?: string | null;
  /**
   * Host nodes that only read state on an operator (`g.state`): they change nothing. Eager reads
   * there when its code gets there, which `sequential` keeps before an effect of the same moment
   * (`plan.sequentialOrder`).
   */
  readonly readsState?: boolean;
  /**
   * Host nodes whose statements may change a part of what they read (`g.host`'s `changes`): one
   * that changes none of it cannot change what a call beside it was given.
   */
  readonly changesWhatItReads?: boolean;
  /** Call nodes: the operator. */
  readonly op?: Invokable;
  /**
   * Compute nodes: `fn(...inputs)` (without `fn`, the node's value is its assembled input: a list
   * or object packing node). Host nodes: `fn(inputs, ctx)` resolving to the values it defines.
   */
  readonly fn?: (...args: any[]) => unknown;
  /**
   * How the input is assembled: `"object"` (named fields, the default) or `"array"` (positional
   * fields `"0"`, `"1"`, …, as a compute node's arguments).
   */
  readonly shape?: "object" | "array";
  /** Input fields that are constants, merged with the fields edges bring in. */
  readonly constants?: Readonly<Record<string, unknown>> | readonly unknown[];
  /**
   * Object-shaped inputs: the field names in the order the source wrote them, so the assembled
   * input has eager's key order. Default: the constants' keys, then the edges' fields.
   */
  readonly fieldOrder?: readonly string[];
}

/**
 * A node's place in nested await groups, innermost first. Eager starts a group's members
 * together; a member that is an inlined operator then runs its steps in order, and a
 * `Promise.all` among those steps is a group of its own, nested in that member. Objects are
 * shared by every node of the same place.
 */
export interface GroupScope {
  /** The innermost group holding the node (ids are unique across nesting levels). */
  readonly group: number;
  /** The first node of the member the node belongs to in that group, or -1 when the node is a member by itself. */
  readonly member: number;
  /** Where the innermost group itself sits, when it is nested in a member of another group. */
  readonly outer: GroupScope | undefined;
  /** When nested: where the group starts in the member around it (`outer`), as `GraphNode.step` and `awaits` say. */
  readonly step?: number;
  readonly awaits?: number;
}

/**
 * A part of a producer's value an effect was given, or reaches: `path` as in a `FieldMapping`
 * (`""`: the whole value). `via`: the part through which the effect reaches it (one that holds
 * it); when the value there is no object, the effect cannot reach this part through it.
 */
export interface ChangedPart {
  readonly from: string;
  readonly path: string;
  readonly via?: { readonly from: string; readonly path: string };
}

export interface GraphSpec {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The id of the output node; never guessed. */
  readonly output: string;
}

/** A field path as property keys: `"a.b"` → `["a", "b"]`, `""` → `[]`. */
export function splitPath(path: string): string[] {
  return path === "" ? [] : path.split(".");
}

/** A node as `toJSON` shows it: what it is, without functions or operator instances. */
export interface NodeJSON {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly order: number;
  /** Present for members of an await group. */
  readonly group?: number;
}

export interface GraphJSON {
  readonly nodes: readonly NodeJSON[];
  readonly edges: readonly GraphEdge[];
  readonly output: string;
}
