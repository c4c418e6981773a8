import { toDot, toMermaid } from "./print.js";
import type { GraphEdge, GraphJSON, GraphNode, GraphSpec } from "./types.js";
import { GraphValidationError, findProblems } from "./validate.js";

/**
 * A validated dataflow graph: nodes in program order, edges carrying field mappings, and an
 * explicit output node. Immutable once built; a graph can be run any number of times.
 */
export class Graph {
  /** Nodes sorted by program order; `order` is filled in. */
  readonly nodes: readonly (GraphNode & { readonly order: number })[];
  readonly edges: readonly GraphEdge[];
  readonly output: string;
  /** The input node's id, when the graph reads an input. */
  readonly input: string | undefined;
  private readonly byId: Map<string, GraphNode & { readonly order: number }>;

  /** Throws GraphValidationError listing every problem (cycle, unknown node, missing output, …). */
  constructor(spec: GraphSpec) {
    const problems = findProblems(spec);
    if (problems.length > 0) throw new GraphValidationError(problems);
    this.nodes = inProgramOrder(spec.nodes);
    this.edges = spec.edges;
    this.output = spec.output;
    this.input = this.nodes.find((n) => n.kind === "input")?.id;
    this.byId = new Map(this.nodes.map((n) => [n.id, n]));
  }

  node(id: string): (GraphNode & { readonly order: number }) | undefined {
    return this.byId.get(id);
  }

  toJSON(): GraphJSON {
    return {
      nodes: this.nodes.map(({ id, kind, label, order, group }) => (group === undefined ? { id, kind, label, order } : { id, kind, label, order, group })),
      edges: this.edges.map(({ from, to, fields }) => ({ from, to, fields: fields.map(([o, i]) => [o, i] as const) })),
      output: this.output,
    };
  }

  toMermaid(): string {
    return toMermaid(this.toJSON());
  }

  toDot(): string {
    return toDot(this.toJSON());
  }
}

/** The nodes sorted by program order, `order` filled in; as given when they already are (the builder's). */
function inProgramOrder(nodes: readonly GraphNode[]): readonly (GraphNode & { readonly order: number })[] {
  if (nodes.every((n, i) => n.order === i)) return nodes as readonly (GraphNode & { readonly order: number })[];
  return nodes.map((n, i) => ({ ...n, order: n.order ?? i })).sort((a, b) => a.order - b.order);
}
