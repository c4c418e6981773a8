import type { GraphEdge, GraphNode, GraphSpec } from "./types.js";

/** Why a graph was rejected: every problem found, one per line. */
export class GraphValidationError extends Error {
  override readonly name = "GraphValidationError";

  constructor(readonly problems: readonly string[]) {
    super(`invalid graph:\n  - ${problems.join("\n  - ")}`);
  }
}

const kinds = new Set(["input", "call", "compute", "host", "output"]);

/** Every problem of the graph, in a stable order; empty when the graph is sound. */
export function findProblems(spec: GraphSpec): string[] {
  const problems: string[] = [];
  const byId = new Map<string, GraphNode>();
  for (const node of spec.nodes) {
    if (byId.has(node.id)) problems.push(`duplicate node id "${node.id}"`);
    byId.set(node.id, node);
    problems.push(...nodeProblems(node));
  }
  problems.push(...outputProblems(spec, byId));
  const inputs = spec.nodes.filter((n) => n.kind === "input").map((n) => `"${n.id}"`);
  if (inputs.length > 1) problems.push(`more than one input node: ${inputs.join(", ")}`);

  const known = spec.edges.filter((edge) => {
    const unknown = [edge.from, edge.to].filter((id) => !byId.has(id));
    for (const id of new Set(unknown)) problems.push(`edge from "${edge.from}" to "${edge.to}": unknown node "${id}"`);
    return unknown.length === 0;
  });
  for (const edge of known) {
    if (edge.fields.length === 0) problems.push(`edge from "${edge.from}" to "${edge.to}" maps no fields`);
    if (byId.get(edge.to)!.kind === "input") problems.push(`input node "${edge.to}" has an incoming edge from "${edge.from}"`);
  }
  problems.push(...producerProblems(spec.nodes, known));

  // Every edge going forward in one program order (as the builder makes them) leaves no room for a
  // cycle: only a graph out of order is searched for one, which then says more than the order does.
  const order = orderProblems(spec.nodes, known);
  const cycle = order.length === 0 ? undefined : findCycle(spec.nodes, known);
  if (cycle) problems.push(`cycle: ${cycle.map((id) => `"${id}"`).join(" → ")}`);
  else problems.push(...order);
  problems.push(...groupProblems(spec.nodes));
  problems.push(...changedPartProblems(spec.nodes));
  return problems;
}

/**
 * A part an effect may have changed comes from a node before this one. (The builder names only
 * producers the node depends on, whose values are there when it is ready; that is not checked,
 * since it costs a walk of every node's ancestors.)
 */
function changedPartProblems(nodes: readonly GraphNode[]): string[] {
  const order = new Map<string, number>(nodes.map((n, i) => [n.id, n.order ?? i]));
  const problems: string[] = [];
  nodes.forEach((node, i) => {
    for (const from of (node.mayBeChanged ?? []).flatMap((part) => (part.via ? [part.from, part.via.from] : [part.from]))) {
      const at = order.get(from);
      if (at === undefined) problems.push(`node "${node.id}": a part it may read changed comes from "${from}", which is not a node of the graph`);
      else if (at >= (node.order ?? i)) problems.push(`node "${node.id}": a part it may read changed comes from "${from}", which does not come before it`);
    }
    if (node.joinedBefore !== undefined && node.joinedBefore !== null) {
      const at = order.get(node.joinedBefore);
      if (at === undefined || at <= (node.order ?? i)) problems.push(`node "${node.id}": it is awaited before "${node.joinedBefore}", which is not a node after it`);
    }
  });
  return problems;
}

/** The members of an await group are contiguous in program order, as `g.all` makes them. */
function groupProblems(nodes: readonly GraphNode[]): string[] {
  const sorted = nodes.map((n, i) => ({ node: n, at: n.order ?? i })).sort((a, b) => a.at - b.at);
  const closed = new Set<number>();
  const problems: string[] = [];
  let open: number | undefined;
  for (const { node } of sorted) {
    const group = node.group;
    if (group !== undefined && !Number.isInteger(group)) problems.push(`node "${node.id}": group must be an integer, got ${String(group)}`);
    if (group === open) continue;
    if (open !== undefined) closed.add(open);
    if (group !== undefined && closed.has(group)) problems.push(`node "${node.id}": await group ${group} is not contiguous in program order`);
    open = group;
  }
  return problems;
}

function nodeProblems(node: GraphNode): string[] {
  if (!kinds.has(node.kind)) return [`node "${node.id}" has an unknown kind "${node.kind}"`];
  if (node.kind === "call" && typeof node.op?.invoke !== "function") return [`call node "${node.id}" has no operator`];
  if (node.kind === "host" && typeof node.fn !== "function") return [`host node "${node.id}" has no function`];
  return [];
}

function outputProblems(spec: GraphSpec, byId: Map<string, GraphNode>): string[] {
  if (spec.output === undefined || spec.output === "") return ["missing output: the graph names no output node"];
  const output = byId.get(spec.output);
  if (!output) return [`missing output: "${spec.output}" is not a node of the graph`];
  if (output.kind !== "output") return [`missing output: "${spec.output}" is a ${output.kind} node, not an output node`];
  return [];
}

/** Each input field has one producer: an edge field or a constant; `""` (the whole input) excludes all others. */
function producerProblems(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string[] {
  // A producer is named only when two clash: a constant, or an edge's source and output path.
  type Producer = { from: string; outputPath: string } | "a constant";
  const producers = new Map<string, Map<string, Producer>>();
  for (const node of nodes) {
    const fields = new Map<string, Producer>();
    for (const key of Object.keys(node.constants ?? {})) fields.set(key, "a constant");
    producers.set(node.id, fields);
  }
  const name = (p: Producer) => (p === "a constant" ? p : `"${p.from}"${p.outputPath === "" ? "" : ` (${p.outputPath})`}`);
  const problems: string[] = [];
  for (const edge of edges) {
    const fields = producers.get(edge.to)!;
    for (const [outputPath, inputField] of edge.fields) {
      const producer: Producer = { from: edge.from, outputPath };
      const clash = fields.get(inputField) ?? (inputField === "" ? first(fields) : fields.get(""));
      if (clash) {
        const field = inputField === "" ? "the whole input" : `input field "${inputField}"`;
        problems.push(`node "${edge.to}": ${field} has two producers: ${name(clash)} and ${name(producer)}`);
      }
      fields.set(inputField, producer);
    }
  }
  return problems;
}

function first<T>(fields: Map<string, T>): T | undefined {
  for (const producer of fields.values()) return producer;
  return undefined;
}

/** A cycle as the ids along it (first id repeated at the end), or undefined. */
function findCycle(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string[] | undefined {
  const successors = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const edge of edges) successors.get(edge.from)!.push(edge.to);
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, "open");
    stack.push(id);
    for (const next of successors.get(id)!) {
      if (state.get(next) === "open") return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const node of nodes) {
    if (!state.has(node.id)) {
      const cycle = visit(node.id);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** Program order must be a topological order: eager code only reads what it already computed. */
function orderProblems(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string[] {
  const order = new Map<string, number>(nodes.map((n, i) => [n.id, n.order ?? i]));
  const seen = new Map<number, string>();
  const problems: string[] = [];
  for (const [i, node] of nodes.entries()) {
    const at = node.order ?? i;
    const other = seen.get(at);
    if (other !== undefined) problems.push(`nodes "${other}" and "${node.id}" have the same program order ${at}`);
    seen.set(at, node.id);
  }
  for (const edge of edges) {
    const from = order.get(edge.from)!;
    const to = order.get(edge.to)!;
    if (from >= to) {
      problems.push(`edge from "${edge.from}" (#${from}) to "${edge.to}" (#${to}) goes against program order`);
    }
  }
  return problems;
}
