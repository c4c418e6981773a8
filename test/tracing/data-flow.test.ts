import { describe, expect, it } from "vitest";
import { Operator, explain, jit, type GraphJSON } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";
import { tracePlanOf } from "../../runtime/jit/tracing-engine.js";

/** Edges as `from.outputPath -> to.inputField` strings, for readable assertions. */
function edgesOf(graph: GraphJSON): string[] {
  return graph.edges.flatMap((e) => e.fields.map(([out, field]) => `${e.from}${out ? "." + out : ""} -> ${e.to}${field ? "." + field : ""}`)).sort();
}

function makeFlow() {
  const log = new CallLog(new LogicalClock());
  const items = (q: string) => [`${q}-1`, `${q}-2`];
  const title = new FakeOperator(log, { name: "title", compute: (i: { q: string }) => ({ title: `T(${i.q})`, score: 0.5 }) });
  const body = new FakeOperator(log, { name: "body", compute: (i: { doc: { text: string }; title: string }) => ({ items: items(i.doc.text + i.title) }) });
  const merge = new FakeOperator(log, { name: "merge", compute: (i: unknown) => ({ answer: JSON.stringify(i) }) });
  class Flow extends Operator<{ query: string; doc: { text: string } }, { answer: string; items: string[] }> {
    readonly title = title;
    readonly body = body;
    readonly merge = merge;
    async forward(inputs: { query: string; doc: { text: string } }) {
      const t = await this.title.invoke({ q: inputs.query });
      const b = await this.body.invoke({ doc: inputs.doc, title: t.title });
      const m = await this.merge.invoke({ nested: { list: [t.title, b.items], fixed: "constant text" } });
      return { answer: m.answer, items: b.items };
    }
  }
  jit(Flow);
  return { log, op: new Flow() };
}

describe("field-level data flow from provenance", () => {
  it("draws an edge for every field read from the run input or an earlier output, nested values included", async () => {
    const { log, op } = makeFlow();
    expect(explain(op).mode).toBe("traced");
    expect(explain(op).graph).toBeUndefined();
    await log.clock.run(op.invoke({ query: "why", doc: { text: "sky" } }));
    const graph = explain(op).graph!.toJSON();
    expect(graph.nodes.filter((n) => n.kind === "call").map((n) => n.id)).toEqual(["title", "body", "merge"]);
    const edges = edgesOf(graph);
    // The run input: a primitive by the path it sat at, an object by identity.
    expect(edges).toContain("inputs.query -> title.q");
    expect(edges).toContain("inputs.doc -> body.doc");
    // An earlier output's field, directly and inside nested structures (packed by the builder).
    expect(edges).toContain("title.title -> body.title");
    const listNode = graph.nodes.find((n) => n.label === "list")!.id;
    expect(edges).toContain(`title.title -> ${listNode}.0`);
    expect(edges).toContain(`body.items -> ${listNode}.1`);
    // The result: output edges too.
    expect(edges).toContain("merge.answer -> output.answer");
    expect(edges).toContain("body.items -> output.items");
    // Nothing invented: the constant has no edge, and title's score was never read.
    expect(edges.some((e) => e.includes("score"))).toBe(false);
  });

  it("keeps every place an ambiguous primitive could have come from", async () => {
    const log = new CallLog(new LogicalClock());
    const echo = new FakeOperator(log, { name: "echo", compute: (i: { v: string }) => ({ same: i.v }) });
    const sink = new FakeOperator(log, { name: "sink", compute: () => ({ ok: "yes" }) });
    class Ambiguous extends Operator<{ a: string; b: string }, unknown> {
      readonly echo = echo;
      readonly sink = sink;
      async forward(inputs: { a: string; b: string }) {
        const e = await this.echo.invoke({ v: inputs.a });
        return this.sink.invoke({ v: inputs.b === e.same ? e.same : inputs.b });
      }
    }
    jit(Ambiguous);
    const op = new Ambiguous();
    await log.clock.run(op.invoke({ a: "same", b: "same" }));
    const sinkInput = tracePlanOf(op)!.calls[1]!.input;
    expect(sinkInput.kind).toBe("object");
    const leaf = (sinkInput as unknown as { entries: Array<[string, { origins: Array<{ source: number; path: unknown[] }> }]> }).entries[0]![1];
    // "same" sat in the input at a, at b, and in echo's output: all three are origins.
    expect(leaf.origins).toEqual([
      { source: -1, path: ["a"] },
      { source: -1, path: ["b"] },
      { source: 0, path: ["same"] },
    ]);
    expect(tracePlanOf(op)!.calls[1]!.dependsOn).toEqual([0]);
  });
});
