import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GraphBuilder, Operator, XCS_DIAGNOSTICS, XCS_STRUCTURE, type Ref } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { CallLog, Ensemble, LogicalClock, buildWith, ensembleOfEnsembles, fakeLeaves, wide } from "../support/index.js";

const leaves = () => fakeLeaves(new CallLog(new LogicalClock()));

class Echo extends Operator<unknown, unknown> {
  forward(inputs: unknown) {
    return inputs;
  }
}

describe("GraphBuilder", () => {
  it("symbols are registered, so every copy of the runtime agrees", () => {
    expect(XCS_STRUCTURE).toBe(Symbol.for("xcs-jit.structure"));
    expect(XCS_DIAGNOSTICS).toBe(Symbol.for("xcs-jit.diagnostics"));
  });

  it("emits the design's example as call nodes, a list node and field edges", () => {
    const graph = buildStructure(wide(leaves(), 2));
    expect(graph.toJSON()).toEqual({
      nodes: [
        { id: "inputs", kind: "input", label: "inputs", order: 0 },
        { id: "members.0", kind: "call", label: "unit0", order: 1 },
        { id: "members.1", kind: "call", label: "unit1", order: 2 },
        { id: "list", kind: "compute", label: "list", order: 3 },
        { id: "judge", kind: "call", label: "judge", order: 4 },
        { id: "output", kind: "output", label: "output", order: 5 },
      ],
      edges: [
        { from: "inputs", to: "members.0", fields: [["query", "query"]] },
        { from: "inputs", to: "members.1", fields: [["query", "query"]] },
        { from: "members.0", to: "list", fields: [["answer", "0"]] },
        { from: "members.1", to: "list", fields: [["answer", "1"]] },
        { from: "inputs", to: "judge", fields: [["query", "query"]] },
        { from: "list", to: "judge", fields: [["", "candidates"]] },
        { from: "judge", to: "output", fields: [["answer", "answer"]] },
      ],
      output: "output",
    });
  });

  it("inlines structural operators into one flat graph with path-like ids and no nodes for inner inputs or outputs", () => {
    const graph = buildStructure(ensembleOfEnsembles(leaves()));
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toContain("members.3/judge");
    expect(ids).toContain("members.3/members.9");
    // 111 calls, one list per ensemble (11), the input and the output.
    expect(graph.nodes).toHaveLength(111 + 11 + 2);
    expect(graph.edges).toContainEqual({ from: "inputs", to: "members.3/members.9", fields: [["query", "query"]] });
    expect(graph.edges).toContainEqual({ from: "members.3/judge", to: "list", fields: [["answer", "3"]] });
  });

  it("names calls by label, else by their place in self, else by operator name; repeats get #2", () => {
    const echo = new Echo();
    const graph = buildWith(
      (g, inputs) => g.output([g.call(echo, inputs), g.call(echo, inputs), g.call(new Echo(), inputs), g.call(echo, inputs, "custom")]),
      { tools: [new Echo(), echo] },
    );
    expect(graph.nodes.map((n) => n.id)).toEqual(["inputs", "tools.1", "tools.1#2", "Echo", "custom", "output"]);
  });

  it("keeps constants, packs nested structures holding refs, and reads nested paths", async () => {
    const graph = buildWith((g, inputs) => {
      const echo = g.call(new Echo(), { k: 3, nested: { a: inputs.get("x.y"), b: [inputs.get(0 as never)] }, whole: inputs });
      const sum = g.compute((a: number, b: number, c: number) => a + b + c, [echo.get("nested.a"), 10, inputs.get("x.y")], "sum");
      return g.output({ sum, k: echo.get("k"), first: echo.get("nested.b.0") });
    });
    expect(graph.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual([
      "input:inputs", "compute:list", "compute:object", "call:Echo", "compute:sum", "output:output",
    ]);
    const input = Object.assign([5], { x: { y: 2 } });
    expect(await runGraph(graph, input, { scheduler: "parallel" })).toEqual({ sum: 14, k: 3, first: 5 });
  });

  it("passes an inlined operator's constant arguments on as constants", async () => {
    class Inner extends Operator<{ n: number; q: string }, unknown> {
      echo = new Echo();
      forward(): never {
        throw new Error("unused");
      }
      static [XCS_STRUCTURE](self: Inner, g: GraphBuilder, inputs: Ref) {
        return g.output({ got: g.call(self.echo, { n: inputs.get("n"), q: inputs.get("q"), all: inputs }) });
      }
    }
    const inner = new Inner();
    const graph = buildWith((g, inputs) => g.output(g.call(inner, { n: 1, q: inputs })), { inner });
    // `all: inputs` needs the argument object itself: one packing node, as eager builds it too.
    expect(graph.nodes.map((n) => n.id)).toEqual(["inputs", "inner/object", "inner/echo", "output"]);
    expect(await runGraph(graph, "q", { scheduler: "sequential" })).toEqual({ got: { n: 1, q: "q", all: { n: 1, q: "q" } } });
  });

  it("inlines operators that validate (static spec) between boundary checks, but not those that declare effects", () => {
    class Validated extends Ensemble {
      static override spec = { input: z.object({ query: z.string() }), output: z.string() };
    }
    class Effectful extends Ensemble {
      static override effects = true;
    }
    const leaf = leaves();
    const validated = new Validated([leaf("a")], leaf("j"));
    const inlined = buildWith((g, inputs) => g.output(g.call(validated, { query: inputs })), { op: validated });
    expect(inlined.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual([
      "input:inputs",
      "call:op/input",
      "call:op/members.0",
      "compute:op/list",
      "call:op/judge",
      "call:op/output",
      "output:output",
    ]);
    const effectful = new Effectful([leaf("a")], leaf("j"));
    const kept = buildWith((g, inputs) => g.output(g.call(effectful, { query: inputs })), { op: effectful });
    expect(kept.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual(["input:inputs", "call:op", "output:output"]);
  });

  it("reports structures that never call g.output, call it twice, contain themselves, or use foreign refs", () => {
    expect(() => buildWith(() => undefined as never)).toThrow(/never called g.output/);
    expect(() => buildWith((g, inputs) => (g.output(inputs), g.output(inputs)))).toThrow(/called g.output twice/);
    expect(() => buildStructure(new Echo())).toThrow("Echo has no structure (static [XCS_STRUCTURE])");
    class Loop extends Operator {
      forward(): never {
        throw new Error("unused");
      }
      static [XCS_STRUCTURE](self: Loop, g: GraphBuilder, inputs: Ref) {
        return g.output(g.call(self, inputs));
      }
    }
    expect(() => buildStructure(new Loop())).toThrow("Loop contains itself: its structure calls it again");
    let foreign: Ref | undefined;
    buildWith((g, inputs) => (foreign = inputs, g.output(inputs)));
    expect(() => buildWith((g) => g.output({ x: foreign }))).toThrow(/a Ref from another graph/);
  });
});

describe("a call started without await (g.start) and its moment", () => {
  const groups = (graph: ReturnType<typeof buildWith>) => graph.nodes.filter((n) => n.kind === "call").map((n) => `${n.id}:${n.group ?? "-"}`);

  it("makes one await group of the started call and what comes before the next await; g.await ends it", () => {
    const leaf = fakeLeaves(new CallLog(new LogicalClock()));
    const self = { a: leaf("a"), b: leaf("b"), c: leaf("c"), d: leaf("d") };
    const graph = buildWith((g, inputs) => {
      const p = g.start(self.a, { query: inputs.get("query") });
      const b = g.call(self.b, { query: inputs.get("query") });
      const a = g.await(p);
      const c = g.call(self.c, { query: a.get("answer") });
      const q = g.start(self.d, { query: b.get("answer") });
      return g.output({ c: c.get("answer"), d: g.await(q).get("answer") });
    }, self);
    expect(groups(graph)).toEqual(["a:0", "b:0", "c:-", "d:1"]);
  });

  it("opens a group nested in the member it is started in, and ends it with the member", () => {
    const leaf = fakeLeaves(new CallLog(new LogicalClock()));
    const self = { a: leaf("a"), b: leaf("b"), c: leaf("c") };
    const graph = buildWith((g, inputs) => {
      const [x] = g.all(() => [1, 2].map(() => g.member(() => {
        const p = g.start(self.a, { query: inputs.get("query") });
        return g.call(self.b, { query: p.get("answer") });
      })));
      return g.output(g.call(self.c, { query: (x as Ref).get("answer") }));
    }, self);
    const scoped = graph.nodes.filter((n) => n.kind === "call").map((n) => `${n.id}:${n.group ?? "-"}:${n.scope ? `${n.scope.group}/${n.scope.member}` : "-"}`);
    // Each member's started call and the call after it share a group nested in that member.
    expect(scoped).toEqual(["a:0:1/-1", "b:0:1/-1", "a#2:0:2/-1", "b#2:0:2/-1", "c:-:-"]);
  });
});

describe("what an effect is given", () => {
  class Effectful extends Operator {
    static override effects = true;
    forward(): never {
      throw new Error("unused: only the graph is built");
    }
  }
  class Pure extends Operator {
    forward(): never {
      throw new Error("unused: only the graph is built");
    }
  }

  it("a local array a loop reads after giving it away is kept while only pure calls were given it, and not once an effect was (nested too)", () => {
    const [audit, model] = [new Effectful(), new Pure()];
    const kept = (giveTo: Operator, take: (list: unknown[]) => unknown) => () =>
      buildWith((g, inputs) => {
        const inner = [inputs.get("query")];
        const list = [inner, "b"];
        g.call(model, { items: list }, "pure");
        expect(g.kept(list)).toBe(list);
        g.call(giveTo, { part: take(list) }, "given");
        g.kept(list);
        return g.output(null);
      });
    expect(kept(model, (list) => list)).not.toThrow();
    expect(kept(audit, (list) => list)).toThrow(/a loop goes over a local array or object after an operator declaring effects/);
    // An effect given only what the list holds changed something the loop would read.
    expect(kept(audit, (list) => list[0])).toThrow(/known only at run time/);
  });

  it("a node names the changed parts it reads: an operator's result holds nothing of its input, a compute node's may hold its arguments, a packing node its fields", () => {
    const [audit, model] = [new Effectful(), new Pure()];
    const graph = buildWith((g, inputs) => {
      const draft = g.call(model, { q: inputs.get("query") }, "draft");
      const notes = g.compute(() => ({ tags: [] as string[] }), [], "notes");
      const picked = g.compute((d: unknown) => d, [draft], "picked");
      g.call(audit, { draft: picked, tags: notes.get("tags") }, "audit");
      g.call(model, { q: inputs.get("query") }, "again");
      g.call(model, { d: draft, n: g.list([notes]) }, "after");
      return g.output(null);
    });
    const changed = (id: string) => graph.nodes.find((n) => n.id === id)!.mayBeChanged;
    // The audit was given `picked` (which may be `draft`, whole: reached through it) and
    // `notes.tags`; `inputs.query` was read by `draft`'s call, whose result holds none of it.
    expect(changed("again")).toBeUndefined();
    expect(changed("after")).toEqual([
      { from: "draft", path: "", via: { from: "picked", path: "" } },
      { from: "notes", path: "tags" },
    ]);
    expect(changed("list")).toEqual([{ from: "notes", path: "tags" }]);
  });

  it("an array or object read again with nothing changed since is the same node's value; changed (or holding one changed, or a constant object), a new copy", () => {
    const model = new Pure();
    const packs = (graph: ReturnType<typeof buildWith>, id: string) => graph.edges.filter((e) => e.to === id).map((e) => e.from);
    const graph = buildWith((g, inputs) => {
      const inner: unknown[] = [inputs.get("query")];
      const req: Record<string, unknown> = { q: inputs.get("query"), inner };
      g.call(model, { r: req }, "first");
      g.call(model, { r: req }, "same");
      inner.push("more");
      g.call(model, { r: req }, "inner-changed");
      g.call(model, { r: req }, "again");
      req.q = "edited";
      g.call(model, { r: req }, "changed");
      const withConstant = { q: inputs.get("query"), tags: ["a"] };
      g.call(model, { r: withConstant }, "constant-1");
      g.call(model, { r: withConstant }, "constant-2");
      return g.output(null);
    });
    const [first] = packs(graph, "first");
    expect(packs(graph, "same")).toEqual([first]);
    const [innerChanged] = packs(graph, "inner-changed");
    expect(innerChanged).not.toBe(first);
    expect(packs(graph, "again")).toEqual([innerChanged]);
    expect(packs(graph, "changed")).not.toEqual([innerChanged]);
    expect(packs(graph, "constant-2")).not.toEqual(packs(graph, "constant-1"));
  });

  it("an effect at every other step of a 1,000-call chain leaves each node naming what it reads, not all before it", () => {
    const [audit, model] = [new Effectful(), new Pure()];
    const graph = buildWith((g, inputs) => {
      let prev = g.call(model, { q: inputs });
      for (let k = 0; k < 499; k++) {
        g.call(audit, { r: prev });
        prev = g.call(model, { q: prev.get("v"), all: prev });
      }
      return g.output(prev);
    });
    const sizes = graph.nodes.map((n) => n.mayBeChanged?.length ?? 0);
    expect(Math.max(...sizes)).toBe(1);
    expect(sizes.filter((n) => n === 1)).toHaveLength(499);
  });
});
