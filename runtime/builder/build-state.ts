import { Graph, type FieldMapping, type GraphNode, type Invokable, type NodeKind } from "../graph/index.js";
import { Ref, constantOf, holdsRef, isPlainStructure, type Value } from "./ref.js";

interface NodeDraft {
  id: string;
  kind: NodeKind;
  label: string;
  op?: Invokable;
  fn?: (...args: any[]) => unknown;
  shape: "object" | "array";
  constants: Record<string, unknown> | unknown[];
  fieldOrder: string[];
  /** Incoming field mappings grouped by producer node index, in the order they were wired. */
  sources: Map<number, FieldMapping[]>;
}

export interface NodeInit {
  readonly kind: NodeKind;
  readonly id: string;
  readonly label: string;
  readonly op?: Invokable;
  readonly fn?: (...args: any[]) => unknown;
}

/**
 * The graph under construction, shared by the builder of a structure and the builders of the
 * operators it inlines: nodes in program order (creation order), unique ids, field wiring.
 */
export class BuildState {
  private readonly drafts: NodeDraft[] = [];
  private readonly ids = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  private outputNode: number | undefined;
  /** The operators whose structures are being run, to refuse an operator that contains itself. */
  readonly inlining = new Set<object>();
  /** Id prefix of the structure being built (`members.3/`), set by the builder around inlining. */
  currentPrefix = "";

  /** `base`, or `base#2`, `base#3`, … when taken. */
  uniqueId(base: string): string {
    let next = this.nextSuffix.get(base) ?? 2;
    let id = base;
    while (this.ids.has(id)) id = `${base}#${next++}`;
    this.nextSuffix.set(base, next);
    this.ids.add(id);
    return id;
  }

  /** Adds a node whose input is `input` (object fields, positional items, or one whole value). */
  addNode(init: NodeInit, input: Value, shape: "object" | "array" | "whole"): Ref {
    const draft: NodeDraft = {
      ...init,
      shape: shape === "array" ? "array" : "object",
      constants: shape === "array" ? [] : {},
      fieldOrder: [],
      sources: new Map(),
    };
    // Wiring first: packing nodes for nested arguments come before the node, as eager evaluates them.
    if (shape === "whole") this.wireWhole(draft, input);
    else this.wireFields(draft, input as Record<string, Value> | Value[]);
    draft.id = this.uniqueId(init.id);
    const index = this.drafts.push(draft) - 1;
    if (init.kind === "output") this.outputNode = index;
    return new Ref(this, { node: index, path: [] });
  }

  get hasOutput(): boolean {
    return this.outputNode !== undefined;
  }

  toGraph(): Graph {
    const nodes: GraphNode[] = this.drafts.map(({ id, kind, label, op, fn, shape, constants, fieldOrder }, order) => ({
      id, kind, label, order, shape, constants, ...(shape === "object" && { fieldOrder }), ...(op && { op }), ...(fn && { fn }),
    }));
    const edges = this.drafts.flatMap((draft) =>
      [...draft.sources].map(([from, fields]) => ({ from: this.drafts[from]!.id, to: draft.id, fields })),
    );
    return new Graph({ nodes, edges, output: this.outputNode === undefined ? "" : this.drafts[this.outputNode]!.id });
  }

  /** A whole input: a call's `args` given as one ref, or a value that unwraps to fields. */
  private wireWhole(draft: NodeDraft, input: Value): void {
    const value = unwrapView(input);
    if (isPlainStructure(value)) {
      if (Array.isArray(value)) draft.shape = "array";
      draft.constants = Array.isArray(value) ? [] : {};
      this.wireFields(draft, value);
    } else {
      this.wireField(draft, "", value);
    }
  }

  private wireFields(draft: NodeDraft, fields: Record<string, Value> | Value[]): void {
    const entries = Array.isArray(fields) ? fields.map((v, i) => [String(i), v] as const) : Object.entries(fields);
    for (const [field, value] of entries) this.wireField(draft, field, value);
  }

  /** One input field: an edge from the node a ref points at, a packed structure, or a constant. */
  private wireField(draft: NodeDraft, field: string, value: Value): void {
    draft.fieldOrder.push(field);
    const source = this.resolve(unwrapView(value));
    if (source) {
      const fields = draft.sources.get(source.node) ?? [];
      fields.push([source.path.join("."), field]);
      draft.sources.set(source.node, fields);
    } else {
      (draft.constants as Record<string, unknown>)[field] = constantOf(value);
    }
  }

  /** Where a value comes from at run time, or undefined for a constant. */
  private resolve(value: Value): { node: number; path: readonly string[] } | undefined {
    if (value instanceof Ref) {
      if (value.owner !== this) throw new Error("a Ref from another graph was used; refs belong to the GraphBuilder that made them");
      return value.target as { node: number; path: readonly string[] };
    }
    if (!holdsRef(value)) return undefined;
    const packed = this.addNode(
      { kind: "compute", id: this.currentPrefix + (Array.isArray(value) ? "list" : "object"), label: Array.isArray(value) ? "list" : "object" },
      value,
      Array.isArray(value) ? "array" : "object",
    );
    return packed.target as { node: number; path: readonly string[] };
  }
}

/** A view ref stands for its value; a view over a view, likewise. */
function unwrapView(value: Value): Value {
  while (value instanceof Ref && "view" in value.target) value = value.target.view;
  return value;
}
