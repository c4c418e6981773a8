import type { FieldMapping, GraphJSON, NodeKind } from "./types.js";

/** Printers for people: Mermaid (renders on GitHub) and Graphviz DOT. Both read `Graph.toJSON()`. */

const mermaidShapes: Record<NodeKind, readonly [string, string]> = {
  input: ["([", "])"],
  output: ["([", "])"],
  call: ["[", "]"],
  compute: ["{{", "}}"],
  host: ["[[", "]]"],
};

const dotShapes: Record<NodeKind, string> = {
  input: "ellipse",
  output: "doubleoctagon",
  call: "box",
  compute: "hexagon",
  host: "box3d",
};

export function toMermaid(graph: GraphJSON): string {
  const names = shortNames(graph);
  const lines = ["flowchart TD"];
  for (const node of graph.nodes) {
    const [open, close] = mermaidShapes[node.kind];
    lines.push(`  ${names.get(node.id)}${open}"${mermaidText(nodeText(node))}"${close}`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${names.get(edge.from)} -->|"${mermaidText(fieldsText(edge.fields))}"| ${names.get(edge.to)}`);
  }
  return lines.join("\n") + "\n";
}

export function toDot(graph: GraphJSON): string {
  const lines = ["digraph xcs {", "  rankdir=TB;"];
  for (const node of graph.nodes) {
    lines.push(`  ${dotString(node.id)} [label=${dotString(nodeText(node))}, shape=${dotShapes[node.kind]}];`);
  }
  for (const edge of graph.edges) {
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(fieldsText(edge.fields))}];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Mermaid ids must be simple words; graph ids hold `/` and `.`, so number them. */
function shortNames(graph: GraphJSON): Map<string, string> {
  return new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
}

function nodeText(node: { id: string; kind: NodeKind; label: string }): string {
  return node.label === node.id ? `${node.id} (${node.kind})` : `${node.id}: ${node.label} (${node.kind})`;
}

/** `answer→query, *→candidates`: `*` stands for the whole value or the whole input. */
function fieldsText(fields: readonly FieldMapping[]): string {
  return fields.map(([output, input]) => `${output || "*"}→${input || "*"}`).join(", ");
}

function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;");
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
