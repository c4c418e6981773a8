import { describe, expect, it } from "vitest";
import { Graph, GraphValidationError, type GraphEdge, type GraphNode } from "xcs-jit";

const op = { invoke: async (x: unknown) => x };
const node = (id: string, kind: GraphNode["kind"] = "call"): GraphNode => ({ id, kind, label: id, ...(kind === "call" && { op }) });
const edge = (from: string, to: string, fields: [string, string][] = [["", ""]]): GraphEdge => ({ from, to, fields });

function problemsOf(spec: ConstructorParameters<typeof Graph>[0]): readonly string[] {
  try {
    new Graph(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphValidationError);
    return (error as GraphValidationError).problems;
  }
  throw new Error("the graph was accepted");
}

describe("graph validation", () => {
  it("accepts a sound graph and keeps nodes in program order", () => {
    const graph = new Graph({
      nodes: [{ ...node("b"), order: 2 }, { ...node("in", "input"), order: 0 }, { ...node("a"), order: 1 }, { ...node("out", "output"), order: 3 }],
      edges: [edge("in", "a"), edge("a", "b", [["x", "q"]]), edge("b", "out")],
      output: "out",
    });
    expect(graph.nodes.map((n) => n.id)).toEqual(["in", "a", "b", "out"]);
    expect(graph.input).toBe("in");
    expect(graph.node("a")?.order).toBe(1);
  });

  it("names the nodes of a cycle", () => {
    expect(
      problemsOf({
        nodes: [node("a"), node("b"), node("c"), node("out", "output")],
        edges: [edge("a", "b"), edge("b", "c", [["x", "q"]]), edge("c", "a"), edge("c", "out")],
        output: "out",
      }),
    ).toEqual(['cycle: "a" → "b" → "c" → "a"']);
  });

  it("names an edge to an unknown node", () => {
    expect(problemsOf({ nodes: [node("a"), node("out", "output")], edges: [edge("a", "ghost"), edge("a", "out")], output: "out" })).toEqual([
      'edge from "a" to "ghost": unknown node "ghost"',
    ]);
  });

  it("requires an explicit output node", () => {
    expect(problemsOf({ nodes: [node("a")], edges: [], output: "" })).toEqual(["missing output: the graph names no output node"]);
    expect(problemsOf({ nodes: [node("a")], edges: [], output: "out" })).toEqual(['missing output: "out" is not a node of the graph']);
    expect(problemsOf({ nodes: [node("a")], edges: [], output: "a" })).toEqual(['missing output: "a" is a call node, not an output node']);
  });

  it("rejects two producers for one input field, a constant included, and a whole input next to fields", () => {
    const problems = problemsOf({
      nodes: [node("a"), node("b"), { ...node("c"), constants: { k: 1 } }, node("out", "output")],
      edges: [edge("a", "c", [["x", "q"], ["", "k"]]), edge("b", "c", [["y", "q"], ["", ""]]), edge("c", "out")],
      output: "out",
    });
    expect(problems).toEqual([
      'node "c": input field "k" has two producers: a constant and "a"',
      'node "c": input field "q" has two producers: "a" (x) and "b" (y)',
      'node "c": the whole input has two producers: "a" and "b"',
    ]);
  });

  it("rejects edges against program order, duplicate ids, a second input, nodes without what they run", () => {
    const problems = problemsOf({
      nodes: [node("i1", "input"), node("i2", "input"), node("a"), { id: "a", kind: "call", label: "a" }, { id: "h", kind: "host", label: "h" }, node("out", "output")],
      edges: [edge("out", "a")],
      output: "out",
    });
    expect(problems).toEqual([
      'duplicate node id "a"',
      'call node "a" has no operator',
      'host node "h" has no function',
      'more than one input node: "i1", "i2"',
      'edge from "out" (#5) to "a" (#3) goes against program order',
    ]);
  });

  it("lists every problem in the error message", () => {
    expect(() => new Graph({ nodes: [node("a")], edges: [edge("a", "b")], output: "" })).toThrow(
      'invalid graph:\n  - missing output: the graph names no output node\n  - edge from "a" to "b": unknown node "b"',
    );
  });
});
