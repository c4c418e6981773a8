import { describe, expect, it } from "vitest";
import { runGraph } from "../../runtime/scheduler/index.js";
import { Operator, structuralJit, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, buildWith } from "../support/index.js";

/** An operator inlined with two steps: eager's `forward` is `await this.first.invoke(q); return this.then.invoke(q)`. */
class TwoSteps extends Operator {
  constructor(
    readonly first: Operator,
    readonly then: Operator,
  ) {
    super();
  }
  forward(): never {
    throw new Error("unused: the graph runs its structure");
  }
  static [XCS_STRUCTURE](self: TwoSteps, g: GraphBuilder, inputs: Ref) {
    g.call(self.first, { q: inputs });
    return g.output(g.call(self.then, { q: inputs }));
  }
}

function setup() {
  const log = new CallLog(new LogicalClock());
  const op = (name: string, latency = 1) => new FakeOperator(log, { name, latency, compute: () => ({ value: name }) });
  const effect = (name: string, latency = 1) => new EffectfulFakeOperator(log, { name, latency, compute: () => ({ value: name }) });
  return { log, op, effect };
}

describe("dependency-driven parallel scheduling", () => {
  it("starts a node the moment its inputs exist, not wave by wave", async () => {
    const { log, op } = setup();
    const graph = buildWith((g, inputs) => {
      const slow = g.call(op("slow", 3), { q: inputs });
      const b = g.call(op("b"), { q: inputs });
      const c = g.call(op("c"), { q: b.get("value") });
      const d = g.call(op("d"), { q: c.get("value") });
      return g.output({ slow: slow.get("value"), d: d.get("value") });
    });
    const result = await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(result).toEqual({ slow: "slow", d: "d" });
    expect(log.only("c").start).toBe(1);
    expect(log.only("d").start).toBe(2);
    expect(log.clock.now).toBe(3);
  });

  it("overlaps independent calls that eager code awaits one after another", async () => {
    const { log, op } = setup();
    const graph = buildWith((g, inputs) => {
      const a = g.call(op("a"), { q: inputs });
      const b = g.call(op("b"), { q: inputs });
      return g.output([a, b]);
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(log.peak).toBe(2);
    expect(log.clock.now).toBe(1);
  });

  it("under maxConcurrency, starts the ready node with the longest remaining path first", async () => {
    const { log, op } = setup();
    const graph = buildWith((g, inputs) => {
      const singles = ["b1", "b2", "b3"].map((name) => g.call(op(name), { q: inputs }));
      let chain = g.call(op("a1"), { q: inputs });
      chain = g.call(op("a2"), { q: chain.get("value") });
      chain = g.call(op("a3"), { q: chain.get("value") });
      return g.output({ singles: g.list(singles), chain });
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel", maxConcurrency: 2 }));
    expect(log.only("a1").start).toBe(0);
    expect(log.only("b1").start).toBe(0);
    expect(log.peak).toBe(2);
    expect(log.clock.now).toBe(3); // program order (b1, b2 first) would take 4
  });
});

describe("effects keep program order", () => {
  it("an effectful call starts only after every earlier node has succeeded; later pure calls do not wait", async () => {
    const { log, op, effect } = setup();
    const graph = buildWith((g, inputs) => {
      const slow = g.call(op("slow", 3), { q: inputs });
      const write = g.call(effect("write"), { q: inputs });
      const later = g.call(op("later"), { q: inputs });
      return g.output([slow, write, later]);
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(log.only("write").start).toBe(3);
    expect(log.only("later").start).toBe(0);
  });

  it("host nodes run in program order with effectful calls, read their inputs and define values", async () => {
    const { log, op, effect } = setup();
    const order: string[] = [];
    const graph = buildWith((g, inputs) => {
      const a = g.call(op("a", 2), { q: inputs });
      const host = g.host(
        async ({ value }: { value: string }) => {
          order.push(`host@${log.clock.now}`);
          return { upper: value.toUpperCase() };
        },
        { value: a.get("value") },
        "shout",
      );
      const write = g.call(effect("write"), { text: host.get("upper") });
      return g.output({ upper: host.get("upper"), write: write.get("value") });
    });
    const result = await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(result).toEqual({ upper: "A", write: "write" });
    expect(order).toEqual(["host@2"]);
    expect(log.only("write").inputs).toEqual({ text: "A" });
  });

  it("a host node that returns at once lets the effect after it start in the same moment, as eager's statements do", async () => {
    const { log, effect } = setup();
    const graph = buildWith((g, inputs) => {
      const host = g.host(({ q }: { q: string }) => ({ text: `${q}!` }), { q: inputs }, "exclaim");
      return g.output(g.call(effect("write"), { text: host.get("text") }));
    });
    const run = runGraph(graph, "x", { scheduler: "parallel" });
    // Nothing has yielded yet: the write started while runGraph ran, before any microtask.
    expect(log.started()).toEqual(["write"]);
    await log.clock.run(run);
    // The same when the run is observed (op.stream, trace, node timings): observing changes no order.
    const seen: string[] = [];
    const observed = runGraph(graph, "x", { scheduler: "parallel", observeNode: (node, start) => (seen.push(node.id), start()) });
    expect(log.started()).toEqual(["write", "write"]);
    expect(seen).toEqual(["exclaim", "write"]);
    await log.clock.run(observed);
  });

  it("what a host node that returns at once makes ready runs on every scheduler (a compute node after it, then a call)", async () => {
    const { log, op } = setup();
    const graph = buildWith((g, inputs) => {
      const host = g.host(({ q }: { q: string }) => ({ text: `${q}!` }), { q: inputs }, "exclaim");
      const upper = g.compute((text: string) => text.toUpperCase(), [host.get("text")]);
      return g.output(g.call(op("read"), { text: upper }));
    });
    for (const options of [{ scheduler: "parallel" }, { scheduler: "parallel", maxConcurrency: 1 }, { scheduler: "sequential" }] as const) {
      await expect(log.clock.run(runGraph(graph, "x", options)), JSON.stringify(options)).resolves.toEqual({ value: "read" });
    }
    expect(log.records.map((r) => r.inputs)).toEqual([{ text: "X!" }, { text: "X!" }, { text: "X!" }]);
  });

  it("an effect of an inlined member starts once, when the member reaches it, however the group's other members settle", async () => {
    const { log, op, effect } = setup();
    // Eager: `await this.a.invoke(…); return this.write.invoke(…)`, inlined beside a faster call:
    // the write waits for the member's first step while the group's prefix moves on past `x`.
    const steps = new TwoSteps(op("a", 2), effect("write"));
    const graph = buildWith((g, inputs) => g.output(g.all(() => [g.call(op("x", 1), { q: inputs }), g.call(steps, inputs)])), { steps });
    await log.clock.run(runGraph(graph, "q", { scheduler: "parallel" }));
    expect(log.started()).toEqual(["x", "a", "write"]);
    expect(log.only("write").start).toBe(2);
  });

  it("when a group starts, every member's code up to its first await runs before any member's code after one", async () => {
    const { log, op, effect } = setup();
    // Eager: `await x.invoke(); await Promise.all([steps.invoke(q), tally.invoke(q)])`, where
    // `steps` is `await this.a.invoke(…); return this.write.invoke(…)`. Its `a` needs nothing from
    // `x`, so it starts early and `write` is ready when the group starts; eager's `tally` (the
    // array's second element) still starts first, whatever the latencies.
    const steps = new TwoSteps(op("a", 1), effect("write"));
    const tally = effect("tally");
    const graph = buildWith((g, inputs) => {
      g.call(effect("x", 3), { q: inputs });
      return g.output(g.all(() => [g.call(steps, inputs), g.call(tally, { q: inputs })]));
    }, { steps, tally });
    expect(graph.nodes.filter((n) => n.kind === "call").map((n) => `${n.id}:${n.step ?? 0}`)).toEqual(["x:0", "steps/first:0", "steps/then:1", "tally:0"]);
    await log.clock.run(runGraph(graph, "q", { scheduler: "parallel" }));
    expect(log.only("a").start).toBe(0);
    expect(log.effectOrder()).toEqual(["x", "tally", "write"]);
  });

  it("a member's own Promise.all is one of its awaits; what its members run first runs before the member's later code", async () => {
    const { log, op, effect } = setup();
    // The member awaits `Promise.all([this.b.invoke(…), this.c.invoke(…)])`, then `this.last.invoke(…)`;
    // `c` is an operator with steps of its own (`await this.d.invoke(…); return this.late.invoke(…)`),
    // whose `d` starts early, so `late` is ready when the group starts.
    class Outer extends Operator {
      b = effect("b");
      c = new TwoSteps(op("d", 1), effect("late"));
      last = effect("last");
      forward(): never {
        throw new Error("unused");
      }
      static [XCS_STRUCTURE](self: Outer, g: GraphBuilder, inputs: Ref) {
        g.all(() => [g.call(self.b, { q: inputs }), g.call(self.c, inputs)]);
        return g.output(g.call(self.last, { q: inputs }));
      }
    }
    const outer = new Outer();
    const graph = buildWith((g, inputs) => {
      g.call(effect("x", 3), { q: inputs });
      return g.output(g.all(() => [g.call(outer, inputs), g.call(effect("sibling"), { q: inputs })]));
    }, { outer });
    const steps = (id: string) => {
      const node = graph.nodes.find((n) => n.id === id)!;
      const levels = [node.step ?? 0];
      for (let s = node.scope; s?.outer !== undefined; s = s.outer) levels.unshift(s.step ?? 0);
      return levels;
    };
    expect(["outer/b", "outer/c/first", "outer/c/then", "outer/last"].map(steps)).toEqual([[0, 0], [0, 0], [0, 1], [1]]);
    await log.clock.run(runGraph(graph, "q", { scheduler: "parallel" }));
    expect(log.only("d").start).toBe(0);
    expect(log.effectOrder()).toEqual(["x", "b", "sibling", "late", "last"]);
  });

  it("calls that become ready at one moment start in program order", async () => {
    const { log, effect } = setup();
    const graph = buildWith((g, inputs) => {
      // The first effect's input takes a compute node; the second's is the input itself.
      const first = g.call(effect("first"), g.compute((q: string) => ({ q: `${q}1` }), [inputs]));
      const second = g.call(effect("second"), { q: inputs });
      return g.output(g.all(() => [first, second]));
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(log.effectOrder()).toEqual(["first", "second"]);
  });

  it("under maxConcurrency, a call of one moment that comes before an effect starts before it, as eager's does, though the effect has more after it", async () => {
    const { log, op } = setup();
    // `read` takes what it was given when it starts; `stamp` (declaring effects) changes it.
    const read = new FakeOperator(log, { name: "read", compute: (i: { o: { tags: string[] } }) => ({ value: i.o.tags.join("+") }) });
    const seen: string[] = [];
    const reader = { invoke: (i: { o: { tags: string[] } }, o?: { signal?: AbortSignal }) => (seen.push(i.o.tags.join("+")), read.invoke(i, o)) };
    const stamp = new EffectfulFakeOperator(log, { name: "stamp", compute: (i: { o: { tags: string[] } }) => (i.o.tags.push("stamped"), { value: "done" }) });
    const graph = buildWith((g) => {
      const o = g.compute(() => ({ tags: ["base"] }), []);
      const [first, second] = g.all(() => [g.call(reader, { o }), g.call(stamp, { o })]);
      const after = g.call(op("after"), { q: second.get("value") });
      return g.output([first, g.call(op("then"), { q: after.get("value") })]);
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel", maxConcurrency: 1 }));
    expect(seen).toEqual(["base"]);
  });

  it("a pure node reading an object an earlier effect was given waits for it, as eager's read after the effect does; one reading a string it was given does not", async () => {
    const { log, op } = setup();
    // `record` appends to the list it is given, as a chat wrapper may append its reply.
    const record = new EffectfulFakeOperator(log, {
      name: "record",
      latency: 2,
      compute: (i: { notes: string[]; text: string }) => (i.notes.push(i.text), { value: "recorded" }),
    });
    const graph = buildWith((g, inputs) => {
      const notes = g.compute(() => ["first"], []);
      g.call(record, { notes, text: inputs });
      const count = g.call(op("count"), { q: g.compute((n: string[]) => n.length, [notes]) });
      const echo = g.call(op("echo"), { q: inputs });
      return g.output({ count: count.get("value"), notes, echo: echo.get("value") });
    });
    const result = await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(result).toEqual({ count: "count", notes: ["first", "x"], echo: "echo" });
    expect(log.only("count").inputs).toEqual({ q: 2 });
    expect(log.only("count").start).toBe(2);
    expect(log.only("echo").start).toBe(0);
  });

  it("a list the structure grows is one array once an effect was given it: later reads see what the effect added, and pushes after it go to that array", async () => {
    const { log } = setup();
    const chat = (name: string) =>
      new EffectfulFakeOperator(log, { name, compute: (i: { messages: string[] }) => (i.messages.push(`${name}:${i.messages.length}`), { value: name }) });
    const graph = buildWith((g, inputs) => {
      const messages: unknown[] = ["system"];
      messages.push(inputs);
      g.call(chat("a"), { messages: g.list(messages) });
      g.call(chat("b"), { messages: g.list(messages) });
      messages.push("user again");
      g.call(chat("c"), { messages: g.list(messages) });
      return g.output({ messages: g.list(messages) });
    });
    const result = await log.clock.run(runGraph(graph, "x", { scheduler: "parallel" }));
    expect(result).toEqual({ messages: ["system", "x", "a:2", "b:3", "user again", "c:5"] });
    // A second run makes its own array.
    expect(await log.clock.run(runGraph(graph, "y", { scheduler: "parallel" }))).toEqual({ messages: ["system", "y", "a:2", "b:3", "user again", "c:5"] });
  });

  it("under maxConcurrency, effects that became ready together take the slots in program order, whatever follows them", async () => {
    const { log, op, effect } = setup();
    const graph = buildWith((g, inputs) => {
      // One `Promise.all` of two effects; only what the second returns has calls after it.
      const [first, second] = g.all(() => [g.call(effect("first"), { q: inputs }), g.call(effect("second"), { q: inputs })]);
      const after = g.call(op("after"), { q: second.get("value") });
      return g.output([first, g.call(op("then"), { q: after.get("value") })]);
    });
    await log.clock.run(runGraph(graph, "x", { scheduler: "parallel", maxConcurrency: 1 }));
    expect(log.effectOrder()).toEqual(["first", "second"]);
  });
});

describe("a call beside an effect of its moment that reads what the effect is given", () => {
  it("under maxConcurrency, takes its slot before that effect, and runs before it one node at a time: eager's reads it when the moment starts them all", async () => {
    const { log } = setup();
    const sorter = new EffectfulFakeOperator(log, { name: "sorter", latency: 2, compute: (i: { items: string[] }) => (i.items.sort(), { value: i.items.join(",") }) });
    const join = new FakeOperator(log, { name: "join", compute: (i: { items: string[] }) => i.items.join("+") });
    const graph = buildWith((g, inputs) => {
      const items = [inputs, "b", "a"];
      // `Promise.all([sorter.invoke({ items }), join.invoke({ items })])`: one array given to both.
      const [, joined] = g.all(() => [g.call(sorter, { items: g.list(items) }), g.call(join, { items: g.list(items) })]);
      return g.output(joined);
    });
    expect(await log.clock.run(runGraph(graph, "z", { scheduler: "parallel", maxConcurrency: 1 }))).toBe("z+b+a");
    expect(await log.clock.run(runGraph(graph, "z", { scheduler: "parallel" }))).toBe("z+b+a");
    // One node at a time, it runs before that effect too; the effects keep their order.
    expect(await log.clock.run(runGraph(graph, "z", { scheduler: "sequential" }))).toBe("z+b+a");
  });

  it("so does what a member's code makes before its first await, and a call by itself in a group nested in a member", async () => {
    const { log } = setup();
    const sorter = new EffectfulFakeOperator(log, { name: "sorter", latency: 2, compute: (i: { items: string[] }) => (i.items.sort(), { value: i.items.join(",") }) });
    const join = (name: string) => new FakeOperator(log, { name, compute: (i: { items: string[] }) => i.items.join("+") });
    // `Promise.all([(async () => { await x0(); await sorter({ items }) })(), first({ items })])`, with
    // `first` a member's first step: eager's reads the list when the group starts.
    const firstStep = buildWith((g, inputs) => {
      const items = [inputs, "b", "a"];
      const [, y] = g.all(() => [
        g.member(() => (g.call(join("x0"), { items: ["x"] }), g.call(sorter, { items: g.list(items) }))),
        g.member(() => g.call(join("first"), { items: g.list(items) })),
      ]);
      return g.output(y);
    });
    // Inside a member, after a first call: `await Promise.all([sorter({ items }), nested({ items })])`.
    const nested = buildWith((g, inputs) => {
      const items = [inputs, "b", "a"];
      const [y] = g.all(() => [
        g.member(() => {
          g.call(join("pre"), { items: ["p"] });
          const [, joined] = g.all(() => [g.call(sorter, { items: g.list(items) }), g.call(join("nested"), { items: g.list(items) })]);
          return joined;
        }),
      ]);
      return g.output(y);
    });
    for (const options of [{ scheduler: "parallel" as const, maxConcurrency: 1 }, { scheduler: "sequential" as const }]) {
      expect(await log.clock.run(runGraph(firstStep, "z", options)), JSON.stringify(options)).toBe("z+b+a");
      expect(await log.clock.run(runGraph(nested, "z", options)), JSON.stringify(options)).toBe("z+b+a");
    }
  });
});

describe("host nodes hold no slot of a bound", () => {
  it("under maxConcurrency, host code after a started effect runs while the effect holds the one slot, reading what eager's reads", async () => {
    const { log, op } = setup();
    const sorter = new EffectfulFakeOperator(log, { name: "sorter", latency: 2, compute: (i: { items: string[] }) => (i.items.sort(), { value: i.items.join(",") }) });
    const seen: string[] = [];
    let runStart = 0;
    // `const p = this.sorter.invoke({ items }); console.log(items.join(",")); await p; await this.after.invoke(...)`
    const graph = buildWith((g, inputs) => {
      const items = [inputs, "b", "a"];
      const p = g.start(sorter, { items: g.list(items) });
      g.host(({ items }: { items: string[] }) => void seen.push(`${items.join(",")}@${log.clock.now - runStart}`), { items: g.list(items) }, "log");
      const sorted = g.await(p);
      return g.output(g.call(op("after"), { q: sorted.get("value") }).get("value"));
    });
    for (const options of [{ scheduler: "parallel" as const }, { scheduler: "parallel" as const, maxConcurrency: 1 }]) {
      seen.length = 0;
      runStart = log.clock.now;
      expect(await log.clock.run(runGraph(graph, "z", options)), JSON.stringify(options)).toBe("after");
      expect(seen, JSON.stringify(options)).toEqual(["z,b,a@0"]);
    }
  });

  it("under maxConcurrency, an async host node starts beside the calls that hold every slot; calls it makes take slots of the run's budget", async () => {
    const { log, op } = setup();
    let helperAt = -1;
    // `Promise.all([this.slow.invoke({ q }), helper(q)])`, the helper calling `inner` itself.
    @structuralJit
    class WithHelper extends Operator<string, { slow: string; helped: string }> {
      slow = op("slow", 3);
      inner = op("inner");
      helper = async ({ q }: { q: string }) => ((helperAt = log.clock.now), ((await this.inner.invoke({ q })) as { value: string }).value);
      async forward(q: string) {
        const [slow, helped] = await Promise.all([this.slow.invoke({ q }) as Promise<{ value: string }>, this.helper({ q })]);
        return { slow: slow.value, helped };
      }
      static [XCS_STRUCTURE](self: WithHelper, g: GraphBuilder, inputs: Ref) {
        const [slow, helped] = g.all(() => [g.call(self.slow, { q: inputs }), g.host(self.helper, { q: inputs }, "helper")]);
        return g.output({ slow: slow.get("value"), helped });
      }
    }
    const result = await log.clock.run(new WithHelper().invoke("x", { scheduler: "parallel", maxConcurrency: 1 }));
    expect(result).toEqual({ slow: "slow", helped: "inner" });
    // The helper started at once, as eager's code does; its call waited for the slot the slow call held.
    expect(helperAt).toBe(0);
    expect(log.only("inner").start).toBe(3);
    expect(log.peak).toBe(1);
  });
});

describe("runs of one graph", () => {
  it("a graph runs many times, also concurrently, each run with its own values", async () => {
    const { log } = setup();
    const echo = new FakeOperator(log, { name: "echo", compute: ({ q }: { q: string }) => q });
    const graph = buildWith((g, inputs) => g.output({ out: g.call(echo, { q: inputs.get("q") }) }));
    const runs = ["a", "b", "c"].map((q) => runGraph(graph, { q }, { scheduler: "parallel" }));
    const results = await log.clock.run(Promise.all(runs));
    expect(results).toEqual([{ out: "a" }, { out: "b" }, { out: "c" }]);
  });

  it("runs host nodes that return at once in the moment the run starts, on every scheduler: eager's forward runs to its first await before invoke returns", async () => {
    for (const scheduler of ["parallel", "sequential"] as const) {
      const seen: string[] = [];
      const graph = buildWith((g) => {
        const first = g.host(() => {
          seen.push("first");
          return { w: 1 };
        }, {}, "first").get("w");
        g.host(({ w }: { w: number }) => void seen.push(`second read ${w}`), { w: first }, "second");
        return g.output({ done: true });
      });
      const run = runGraph(graph, "x", { scheduler });
      seen.push("caller goes on");
      await run;
      expect(seen, scheduler).toEqual(["first", "second read 1", "caller goes on"]);
    }
  });
});
