import { describe, expect, it } from "vitest";
import { Graph } from "xcs-jit";

const graph = new Graph({
  nodes: [
    { id: "inputs", kind: "input", label: "inputs" },
    { id: "members.0", kind: "call", label: "Answer", op: { invoke: async () => ({}) } },
    { id: "list", kind: "compute", label: "list", shape: "array" },
    { id: 'say "hi"', kind: "host", label: "host", fn: () => ({}) },
    { id: "output", kind: "output", label: "output" },
  ],
  edges: [
    { from: "inputs", to: "members.0", fields: [["query", "query"]] },
    { from: "members.0", to: "list", fields: [["answer", "0"]] },
    { from: "list", to: 'say "hi"', fields: [["", "all"]] },
    { from: 'say "hi"', to: "output", fields: [["", ""]] },
  ],
  output: "output",
});

describe("graph printers", () => {
  it("toJSON: nodes without functions or operators, edges with field mappings, the output", () => {
    expect(JSON.parse(JSON.stringify(graph))).toEqual({
      nodes: [
        { id: "inputs", kind: "input", label: "inputs", order: 0 },
        { id: "members.0", kind: "call", label: "Answer", order: 1 },
        { id: "list", kind: "compute", label: "list", order: 2 },
        { id: 'say "hi"', kind: "host", label: "host", order: 3 },
        { id: "output", kind: "output", label: "output", order: 4 },
      ],
      edges: [
        { from: "inputs", to: "members.0", fields: [["query", "query"]] },
        { from: "members.0", to: "list", fields: [["answer", "0"]] },
        { from: "list", to: 'say "hi"', fields: [["", "all"]] },
        { from: 'say "hi"', to: "output", fields: [["", ""]] },
      ],
      output: "output",
    });
  });

  it("toMermaid: a flowchart with a shape per kind and field labels", () => {
    expect(graph.toMermaid()).toBe(
      [
        "flowchart TD",
        '  n0(["inputs (input)"])',
        '  n1["members.0: Answer (call)"]',
        '  n2{{"list (compute)"}}',
        '  n3[["say #quot;hi#quot;: host (host)"]]',
        '  n4(["output (output)"])',
        '  n0 -->|"query→query"| n1',
        '  n1 -->|"answer→0"| n2',
        '  n2 -->|"*→all"| n3',
        '  n3 -->|"*→*"| n4',
        "",
      ].join("\n"),
    );
  });

  it("toDot: a digraph with escaped labels", () => {
    expect(graph.toDot()).toBe(
      [
        "digraph xcs {",
        "  rankdir=TB;",
        '  "inputs" [label="inputs (input)", shape=ellipse];',
        '  "members.0" [label="members.0: Answer (call)", shape=box];',
        '  "list" [label="list (compute)", shape=hexagon];',
        '  "say \\"hi\\"" [label="say \\"hi\\": host (host)", shape=box3d];',
        '  "output" [label="output (output)", shape=doubleoctagon];',
        '  "inputs" -> "members.0" [label="query→query"];',
        '  "members.0" -> "list" [label="answer→0"];',
        '  "list" -> "say \\"hi\\"" [label="*→all"];',
        '  "say \\"hi\\"" -> "output" [label="*→*"];',
        "}",
        "",
      ].join("\n"),
    );
  });
});
