import { describe, expect, it } from "vitest";
import { Operator, compose, explain, jit, pmap, vmap } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator, fakeLeaves } from "../support/fake-operators.js";
import { Diamond, type LeafFactory } from "../support/scenarios.js";

function newLog() {
  return new CallLog(new LogicalClock());
}

/** `{ query, style }` → `{ answer, style }`: shows which item and which broadcast value it saw. */
function answerer(log: CallLog, fail?: (query: string) => boolean) {
  return new FakeOperator<{ query: string; style: string }, { answer: string; style: string }>(log, {
    name: "answer",
    compute: (i: { query: string; style: string }) => ({ answer: `${i.style}:${i.query}`, style: i.style }),
    fail: (i: { query: string }) => (fail?.(i.query) ? new Error(`answer refused ${i.query}`) : undefined),
  });
}

describe("vmap", () => {
  it("runs one call per item, in parallel, broadcasting the other fields, twice with different batches", async () => {
    const log = newLog();
    const batched = vmap(answerer(log));
    for (const [queries, style] of [[["a", "b", "c"], "short"], [["d", "e"], "long"]] as const) {
      const from = log.records.length;
      const start = log.clock.now;
      const out = await log.clock.run(batched.invoke({ query: [...queries], style }));
      expect(out).toEqual({ answer: queries.map((q) => `${style}:${q}`), style: queries.map(() => style) });
      expect(log.records.slice(from).map((r) => r.inputs)).toEqual(queries.map((query) => ({ query, style })));
      expect(log.clock.now - start).toBe(1);
    }
    expect(log.peak).toBe(3);
  });

  it("returns an empty stack for an empty batch without calling anything", async () => {
    const log = newLog();
    const batched = vmap(answerer(log));
    const declared = vmap(answerer(log), { outAxes: ["answer"] });
    for (const style of ["x", "y"]) {
      expect(await log.clock.run(batched.invoke({ query: [], style }))).toEqual({});
      expect(await log.clock.run(declared.invoke({ query: [], style }))).toEqual({ answer: [] });
    }
    expect(log.records).toHaveLength(0);
  });

  it("batches several fields together and keeps each item's structure (nothing flattened)", async () => {
    const log = newLog();
    const pairs = new FakeOperator(log, { name: "pairs", compute: (i: { a: number; b: string[] }) => ({ both: [i.a, i.b], nested: { a: i.a } }) });
    const batched = vmap(pairs, { inAxes: ["a", "b"] });
    const first = await log.clock.run(batched.invoke({ a: [1, 2], b: [["x", "y"], ["z"]] }));
    expect(first).toEqual({ both: [[1, ["x", "y"]], [2, ["z"]]], nested: [{ a: 1 }, { a: 2 }] });
    const second = await log.clock.run(batched.invoke({ a: [7, 8, 9], b: [[], ["p"], ["q", "r"]] }));
    expect(second).toEqual({ both: [[7, []], [8, ["p"]], [9, ["q", "r"]]], nested: [{ a: 7 }, { a: 8 }, { a: 9 }] });
    expect(log.records).toHaveLength(5);
  });

  it("names the field when batched lengths differ or a batched field is not an array", async () => {
    const log = newLog();
    const batched = vmap(answerer(log), { inAxes: ["query", "style"] });
    await expect(batched.invoke({ query: ["a", "b"], style: ["s"] } as never)).rejects.toThrow(
      'vmap(answer): batched fields differ in length: "query" has 2 items, "style" has 1',
    );
    await expect(batched.invoke({ query: ["a"], style: "s" } as never)).rejects.toThrow('vmap(answer): batched field "style" must be an array, got the string "s"');
    await expect(vmap(answerer(log)).invoke({ query: "a" } as never)).rejects.toThrow(/vmap\(answer\): no batched field/);
    expect(log.records).toHaveLength(0);
  });

  it("chunks by batchSize without dropping the remainder, keeping input order", async () => {
    const log = newLog();
    const batched = vmap(answerer(log), { batchSize: 2 });
    for (const [queries, chunks] of [[["1", "2", "3", "4", "5"], 3], [["6", "7"], 1]] as const) {
      const start = log.clock.now;
      const out = (await log.clock.run(batched.invoke({ query: [...queries], style: "s" }))) as { answer: string[] };
      expect(out.answer).toEqual(queries.map((q) => `s:${q}`));
      expect(log.clock.now - start).toBe(chunks);
    }
    expect(log.peak).toBe(2);
    expect(log.records).toHaveLength(7);
  });

  it("an output field outside outAxes is given once, and must agree across items", async () => {
    const log = newLog();
    const out = await log.clock.run(vmap(answerer(log), { outAxes: ["answer"] }).invoke({ query: ["p", "q"], style: "s" }));
    expect(out).toEqual({ answer: ["s:p", "s:q"], style: "s" });
    const disagreeing = vmap(answerer(log), { inAxes: ["query", "style"], outAxes: ["answer"] });
    await expect(log.clock.run(disagreeing.invoke({ query: ["p", "q"], style: ["s", "t"] } as never))).rejects.toThrow(
      'output field "style" is not in outAxes',
    );
  });

  it("raises the error of the first failing item, as a loop over the items would", async () => {
    const log = newLog();
    const batched = vmap(answerer(log, (q) => q.startsWith("bad")));
    for (const [queries, first] of [[["ok", "bad1", "bad2"], "bad1"], [["bad3", "ok", "bad4"], "bad3"]] as const) {
      const error = await log.clock.run(batched.invoke({ query: [...queries], style: "s" })).catch((e: Error) => e);
      expect((error as Error).message).toBe(`answer refused ${first}`);
    }
  });

  it("of a structural operator is one flat graph with a branch per item", async () => {
    const log = newLog();
    const diamond = new Diamond(fakeLeaves(log) as LeafFactory);
    const batched = vmap(diamond);
    const graph = batched.graphFor(3).toJSON();
    const calls = graph.nodes.filter((n) => n.kind === "call").map((n) => n.id);
    expect([...calls].sort()).toEqual([0, 1, 2].flatMap((i) => ["top", "left", "right", "bottom"].map((leaf) => `item${i}/${leaf}`)).sort());
    const start = log.clock.now;
    const out = await log.clock.run(batched.invoke({ query: ["x", "y", "z"] }));
    expect(out).toEqual({ answer: ["x", "y", "z"].map((q) => `bottom(${q}; left(top(${q})), right(top(${q})))`) });
    // Three diamonds side by side: the critical path of one (3), all twelve calls, peak 6.
    expect(log.clock.now - start).toBe(3);
    expect(log.records).toHaveLength(12);
    expect(log.peak).toBe(6);
  });
});

describe("vmap ∘ pmap and composition with other operators", () => {
  it("vmap of pmap keeps the nesting: a batch of batches", async () => {
    const log = newLog();
    const double = new FakeOperator(log, { name: "double", compute: (i: { n: number }) => ({ n: i.n * 2 }) });
    const nested = vmap(pmap(double, { maxConcurrency: 2 }));
    for (const rows of [[[1, 2, 3], [4]], [[5], [6, 7]]]) {
      const from = log.records.length;
      expect(await log.clock.run(nested.invoke({ n: rows }))).toEqual({ n: rows.map((row) => row.map((v) => v * 2)) });
      expect(log.records.length - from).toBe(rows.flat().length);
    }
  });

  it("compose feeds each part's output to the next, and its graph is the concatenation of theirs", async () => {
    const log = newLog();
    const leaf = fakeLeaves(log);
    const first = new Diamond(leaf as LeafFactory);
    const second = new FakeOperator<{ answer: string }, { answer: string }>(log, { name: "polish", compute: (i) => ({ answer: `polished ${i.answer}` }) });
    const chain = compose(first, second);
    const ids = explain(chain).graph!.toJSON().nodes.filter((n) => n.kind === "call").map((n) => n.id);
    expect(ids).toEqual(["parts.0/top", "parts.0/left", "parts.0/right", "parts.0/bottom", "parts.1"]);
    for (const query of ["q1", "q2"]) {
      const eager = await log.clock.run(async () => second.invoke(await first.forward({ query })));
      const from = log.records.length;
      expect(eager).toEqual({ answer: `polished bottom(${query}; left(top(${query})), right(top(${query})))` });
      expect(await log.clock.run(chain.invoke({ query }))).toEqual(eager);
      expect(log.records.length - from).toBe(5);
    }
  });

  it("a transformed operator is an ordinary operator: @jit traces through it", async () => {
    const log = newLog();
    const batched = vmap(answerer(log));
    class UsesVmap extends Operator<{ queries: string[] }, unknown> {
      async forward(inputs: { queries: string[] }) {
        return batched.invoke({ query: inputs.queries, style: "s" });
      }
    }
    jit(UsesVmap);
    const op = new UsesVmap();
    for (const queries of [["a"], ["b", "c"]]) {
      expect(await log.clock.run(op.invoke({ queries }))).toEqual({ answer: queries.map((q) => `s:${q}`), style: queries.map(() => "s") });
    }
    expect(log.records.map((r) => (r.inputs as { query: string }).query)).toEqual(["a", "b", "c"]);
  });
});
