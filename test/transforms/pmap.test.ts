import { describe, expect, it } from "vitest";
import { pmap } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";

function newLog() {
  return new CallLog(new LogicalClock());
}

/** Item `n` takes `n` ticks (so later items can finish first) and may fail. */
function worker(log: CallLog, fails: (n: number) => boolean = () => false) {
  return new FakeOperator<{ n: number; tag: string }, { out: string }>(log, {
    name: "work",
    latency: (i: { n: number; tag: string }) => i.n,
    compute: (i: { n: number; tag: string }) => ({ out: `${i.tag}${i.n}` }),
    fail: (i: { n: number }) => (fails(i.n) ? new Error(`work failed on ${i.n}`) : undefined),
  });
}

describe("pmap", () => {
  it("spreads items over a bounded pool and returns results in input order, twice", async () => {
    const log = newLog();
    const mapped = pmap(worker(log), { maxConcurrency: 2 });
    for (const [ns, tag] of [[[3, 1, 2, 1], "a"], [[2, 2, 1], "b"]] as const) {
      const out = await log.clock.run(mapped.invoke({ n: [...ns], tag }));
      expect(out).toEqual({ out: ns.map((n) => `${tag}${n}`) });
    }
    expect(log.peak).toBe(2);
    expect(log.records).toHaveLength(7);
  });

  it("empty batch: no call, empty stack", async () => {
    const log = newLog();
    const mapped = pmap(worker(log));
    for (const tag of ["x", "y"]) expect(await log.clock.run(mapped.invoke({ n: [], tag }))).toEqual({});
    expect(log.records).toHaveLength(0);
  });

  it("shards run their items in order, one shard per worker", async () => {
    const log = newLog();
    const mapped = pmap(worker(log), { shards: 2 });
    const start = log.clock.now;
    const out = await log.clock.run(mapped.invoke({ n: [1, 1, 1, 1, 1], tag: "s" }));
    expect(out).toEqual({ out: ["s1", "s1", "s1", "s1", "s1"] });
    // Shards [0,1] and [2,3,4]: two in parallel, the longer takes 3 ticks.
    expect(log.clock.now - start).toBe(3);
    expect(log.peak).toBe(2);
  });

  it("raises the lowest-index failure even when a later item fails first, and starts nothing after it", async () => {
    const log = newLog();
    const mapped = pmap(worker(log, (n) => n === 4 || n === 1), { maxConcurrency: 2 });
    // Items: 4 (fails at tick 4), 1 (fails at tick 1), then 2 and 5 would follow.
    const error = await log.clock.run(mapped.invoke({ n: [4, 1, 2, 5], tag: "e" })).catch((e: Error) => e);
    // Eager (a loop) would fail on item 0 (n = 4): item 1's earlier failure does not win.
    expect((error as Error).message).toBe("work failed on 4");
    // Item 1 failed at tick 1: nothing after it was ever started.
    expect(log.records.map((r) => (r.inputs as { n: number }).n)).toEqual([4, 1]);
  });

  it("aborts the items still running after the first failure", async () => {
    const log = newLog();
    const mapped = pmap(worker(log, (n) => n === 1));
    const error = await log.clock.run(mapped.invoke({ n: [1, 5, 6], tag: "a" })).catch((e: Error) => e);
    expect((error as Error).message).toBe("work failed on 1");
    expect(log.records.map((r) => r.outcome)).toEqual(["failed", "aborted", "aborted"]);
  });

  it("collectErrors returns every item's outcome in order", async () => {
    const log = newLog();
    const mapped = pmap(worker(log, (n) => n === 2), { collectErrors: true });
    expect(await log.clock.run(mapped.invoke({ n: [1, 2, 3], tag: "c" }))).toEqual([
      { status: "fulfilled", value: { out: "c1" } },
      { status: "rejected", reason: new Error("work failed on 2") },
      { status: "fulfilled", value: { out: "c3" } },
    ]);
    expect(await log.clock.run(mapped.invoke({ n: [2, 2], tag: "d" }))).toEqual([
      { status: "rejected", reason: new Error("work failed on 2") },
      { status: "rejected", reason: new Error("work failed on 2") },
    ]);
    expect(log.records).toHaveLength(5);
  });

  it("rejects bad options and bad batches with the transform named", async () => {
    const log = newLog();
    expect(() => pmap(worker(log), { maxConcurrency: 0 })).toThrow('pmap: option "maxConcurrency" must be a positive integer, got 0');
    expect(() => pmap({} as never)).toThrow("pmap: expected an operator");
    await expect(pmap(worker(log), { inAxes: ["n", "tag"] }).invoke({ n: [1, 2], tag: ["x"] })).rejects.toThrow(
      'pmap(work): batched fields differ in length: "n" has 2 items, "tag" has 1',
    );
  });
});
