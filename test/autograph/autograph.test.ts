import { describe, expect, it } from "vitest";
import { Graph, autograph, execute, type Operator } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { fakeLeaves } from "../support/fake-operators.js";
import { Diamond, type LeafFactory } from "../support/scenarios.js";

type Leaf = Operator<{ query: string; candidates?: string[] }, { answer: string }>;

function setup() {
  const log = new CallLog(new LogicalClock());
  const leaf = fakeLeaves(log);
  const members = [leaf("m0"), leaf("m1"), leaf("m2")];
  const judge = leaf("judge");
  /** The program, written once: recorded by autograph, and run eagerly for reference. */
  const program = async (inputs: { query: string }) => {
    const answers = await Promise.all(members.map((m: Leaf) => m.invoke({ query: inputs.query })));
    const verdict = await judge.invoke({ query: inputs.query, candidates: answers.map((a) => a.answer) });
    return { answer: verdict.answer, first: answers[0]!.answer, fixed: "constant" };
  };
  return { log, program };
}

describe("autograph", () => {
  it("records invoke calls into a graph with field edges and an explicit output, runnable many times", async () => {
    const recorded = setup();
    const graph = await autograph(recorded.program);
    expect(graph).toBeInstanceOf(Graph);
    expect(recorded.log.records).toHaveLength(0);
    const json = graph.toJSON();
    expect(json.output).toBe("output");
    expect(json.nodes.filter((n) => n.kind === "call").map((n) => n.label)).toEqual(["m0", "m1", "m2", "judge"]);
    expect(json.edges).toContainEqual({ from: "inputs", to: "m0", fields: [["query", "query"]] });
    expect(json.edges).toContainEqual({ from: "m0", to: "output", fields: [["answer", "first"]] });

    const eager = setup();
    for (const query of ["why", "how"]) {
      const expected = await eager.log.clock.run(() => eager.program({ query }));
      const from = recorded.log.records.length;
      const start = recorded.log.clock.now;
      // `parallel`, not `auto`: `auto` times a first run on the wall clock and may find these 0 ms
      // leaves cheap enough to run the next one at a time (a warm process did); what is asserted
      // here is the recorded graph's shape, on the logical clock.
      const actual = await recorded.log.clock.run(execute(graph, { query }, { scheduler: "parallel" }));
      expect(actual).toEqual(expected);
      expect(recorded.log.records.slice(from).map((r) => [r.name, r.inputs])).toEqual(eager.log.records.slice(from).map((r) => [r.name, r.inputs]));
      // Members in parallel, then the judge.
      expect(recorded.log.clock.now - start).toBe(2);
    }
    expect(recorded.log.peak).toBe(3);
  });

  it("prints as Mermaid, DOT and JSON", async () => {
    const graph = await autograph(setup().program);
    expect(graph.toMermaid()).toMatch(/^flowchart TD/);
    expect(graph.toMermaid()).toContain("judge");
    expect(graph.toDot()).toMatch(/^digraph/);
    expect(JSON.parse(JSON.stringify(graph.toJSON())).nodes).toHaveLength(graph.nodes.length);
  });

  it("inlines a structural operator called inside it", async () => {
    const log = new CallLog(new LogicalClock());
    const diamond = new Diamond(fakeLeaves(log) as LeafFactory);
    const graph = await autograph(async (inputs: { query: string }) => diamond.invoke({ query: inputs.query }));
    expect(graph.nodes.filter((n) => n.kind === "call").map((n) => n.label)).toEqual(["top", "left", "right", "bottom"]);
    for (const query of ["a", "b"]) {
      const expected = await log.clock.run(() => Promise.resolve(diamond.forward({ query })));
      expect(await log.clock.run(execute(graph, { query }))).toEqual(expected);
    }
  });

  it("refuses to use a recorded value as if it existed already, saying why", async () => {
    const log = new CallLog(new LogicalClock());
    const leaf = fakeLeaves(log)("leaf");
    await expect(autograph(async (inputs: { query: string }) => leaf.invoke({ query: `Q: ${inputs.query}` }))).rejects.toThrow(
      /autograph: the graph input\.query is a value of the graph being recorded.*converted to a primitive/,
    );
    await expect(
      autograph(async (inputs: { query: string }) => {
        const r = await leaf.invoke({ query: inputs.query });
        return [...(r.answer as unknown as string[])];
      }),
    ).rejects.toThrow(/the result of leaf \(call 0\)\.answer .*iterated/);
  });

  it("execute validates its options and names a bad one", async () => {
    const graph = await autograph(setup().program);
    expect(() => execute(graph, { query: "q" }, { scheduler: "eventually" as never })).toThrow(/scheduler.*"eventually"/);
  });
});
