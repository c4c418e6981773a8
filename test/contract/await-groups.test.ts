/**
 * Issue 14, item 5: which error, and when. Calls one `Promise.all` awaits together form an await
 * group (`g.all`): the first to fail in time rejects the run at once, as `Promise.all` does;
 * between groups and sequential awaits, program order holds.
 */
import { describe, expect, it } from "vitest";
import { GraphValidationError, Graph, Operator } from "xcs-jit";
import { CallLog, LogicalClock, buildWith, expectSameAsEager, FakeOperator } from "../support/index.js";
import { GroupProgram, type LeafSpec, type Step } from "./group-programs.js";

const ok = (latency: number): LeafSpec => ({ latency, fails: false });
const failing = (latency: number): LeafSpec => ({ latency, fails: true });

function scenario(steps: Step[]) {
  return () => {
    const log = new CallLog(new LogicalClock());
    return { op: new GroupProgram(log, steps), log };
  };
}

describe("a failure inside an await group", () => {
  it("rejects at once when one member of a 10-wide fan-out fails early (eager: 20 ticks, not 200)", async () => {
    const leaves = Array.from({ length: 10 }, (_, i) => (i === 3 ? failing(20) : ok(200)));
    const { eager, compiled } = await expectSameAsEager(scenario([{ leaves, group: true, readsPrevious: false }]), { query: "q" });
    expect(eager.makespan).toBe(20);
    expect(compiled.makespan).toBe(20);
    // The members still running were aborted through their signal.
    expect(compiled.log.records.filter((r) => r.outcome === "aborted")).toHaveLength(9);
  });

  it("raises the first failure in time, not in program order", async () => {
    const leaves = Array.from({ length: 10 }, (_, i) => (i === 1 ? failing(60) : i === 6 ? failing(5) : ok(200)));
    const { compiled } = await expectSameAsEager(scenario([{ leaves, group: true, readsPrevious: false }]), { query: "q" });
    expect(String(compiled.error)).toMatch(/s0\.6 failed/);
    expect(compiled.makespan).toBe(5);
  });
});

describe("program order between awaits", () => {
  it("an earlier group's failure wins over a later group's earlier one", async () => {
    const steps: Step[] = [
      { leaves: [ok(10), failing(50), ok(80)], group: true, readsPrevious: false },
      { leaves: [failing(5), ok(10)], group: true, readsPrevious: false },
    ];
    const { compiled } = await expectSameAsEager(scenario(steps), { query: "q" });
    expect(String(compiled.error)).toMatch(/s0\.1 failed/);
    expect(compiled.makespan).toBe(50);
  });

  it("a group after a sequential await raises only once that await succeeded, never later than eager", async () => {
    const steps: Step[] = [
      { leaves: [ok(100)], group: false, readsPrevious: false },
      { leaves: [ok(50), failing(5)], group: true, readsPrevious: false },
    ];
    const { eager, compiled } = await expectSameAsEager(scenario(steps), { query: "q" });
    expect(eager.makespan).toBe(105);
    expect(compiled.makespan).toBe(100);
  });

  it("a sequential await's failure wins over a later group's", async () => {
    const steps: Step[] = [
      { leaves: [failing(30)], group: false, readsPrevious: false },
      { leaves: [failing(1), ok(2)], group: true, readsPrevious: false },
    ];
    const { compiled } = await expectSameAsEager(scenario(steps), { query: "q" });
    expect(String(compiled.error)).toMatch(/s0\.0 failed/);
    expect(compiled.makespan).toBe(30);
  });
});

describe("the group in the graph", () => {
  it("records each node's group; a nested g.all joins the outer group; toJSON shows it", () => {
    const log = new CallLog(new LogicalClock());
    const leaf = (name: string) => new FakeOperator(log, { name });
    const self = { a: leaf("a"), b: leaf("b"), c: leaf("c"), d: leaf("d") };
    const graph = buildWith((g, inputs) => {
      const [a, b] = g.all(() => [g.call(self.a, inputs), g.all(() => g.call(self.b, inputs))]);
      const c = g.call(self.c, { a, b });
      const [d] = g.all(() => [g.call(self.d, c)]);
      return g.output(d);
    }, self);
    const groups = Object.fromEntries(graph.toJSON().nodes.map((n) => [n.id, n.group]));
    expect(groups).toMatchObject({ a: 0, b: 0, c: undefined, d: 1 });
    expect(groups.a).toBe(groups.b);
  });

  it("rejects a group that is not contiguous in program order, naming the node", () => {
    class Leaf extends Operator {
      forward() {
        return 1;
      }
    }
    const op = new Leaf();
    const spec = {
      nodes: [
        { id: "a", kind: "call" as const, label: "a", op, group: 0 },
        { id: "b", kind: "call" as const, label: "b", op },
        { id: "c", kind: "call" as const, label: "c", op, group: 0 },
        { id: "output", kind: "output" as const, label: "output" },
      ],
      edges: [{ from: "c", to: "output", fields: [["", ""] as const] }],
      output: "output",
    };
    expect(() => new Graph(spec)).toThrow(GraphValidationError);
    expect(() => new Graph(spec)).toThrow('node "c": await group 0 is not contiguous in program order');
  });
});

describe("a failure inside an await group under a bound", () => {
  it("starts no waiting member once the group has failed (maxConcurrency 2)", async () => {
    const leaves = [failing(2), ok(5), ok(5), ok(5)];
    const { compiled } = await expectSameAsEager(scenario([{ leaves, group: true, readsPrevious: false }]), { query: "q" },
      (op, input) => op.invoke(input, { maxConcurrency: 2 }));
    // The failing member and one more held the two slots; the two waiting never started.
    expect(compiled.log.records.map((r) => r.name)).toEqual(["s0.0", "s0.1"]);
  });
});
