import { describe, expect, it } from "vitest";
import { pmap, vmap, type BatchProgress } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";
import { Diamond, type LeafFactory } from "../support/scenarios.js";

/** Doubles `n` after `n` ticks (so items finish out of order); refuses `n` in `failing`. */
function doubler(log: CallLog, failing: number[] = []) {
  return new FakeOperator<{ n: number }, { n: number }>(log, {
    name: "double",
    latency: (i) => i.n,
    compute: (i) => ({ n: i.n * 2 }),
    fail: (i) => (failing.includes(i.n) ? new Error(`refused ${i.n}`) : undefined),
  });
}

const batch = { n: [5, 1, 3, 2, 4] };

describe("onProgress: each item of a batch, as it settles", () => {
  it("vmap reports items in the order they finish, counting up to the total; the result is unchanged", async () => {
    const log = new CallLog(new LogicalClock());
    const seen: BatchProgress[] = [];
    const out = await log.clock.run(vmap(doubler(log), { onProgress: (p) => seen.push(p) }).invoke(batch));
    expect(out).toEqual({ n: [10, 2, 6, 4, 8] });
    expect(out).toEqual(await log.clock.run(vmap(doubler(log)).invoke(batch)));
    expect(seen.map((p) => p.item)).toEqual([1, 3, 2, 4, 0]); // by latency 1, 2, 3, 4, 5
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((p) => p.total === 5 && p.ok && p.failed === 0)).toBe(true);
  });

  it("vmap in chunks reports batch-wide item numbers; a structural inner operator still runs its calls in parallel", async () => {
    const log = new CallLog(new LogicalClock());
    const leaves: LeafFactory = (name) => new FakeOperator(log, { name, latency: 1, compute: (i: { query: string }) => ({ answer: `${name}(${i.query})` }) });
    const seen: number[] = [];
    const batched = vmap(new Diamond(leaves), { batchSize: 2, onProgress: (p) => seen.push(p.item) });
    const plain = vmap(new Diamond(leaves), { batchSize: 2 });
    const queries = { query: ["a", "b", "c"] };
    const start = log.clock.now;
    const out = await log.clock.run(batched.invoke(queries));
    const reportingTicks = log.clock.now - start;
    const reportingPeak = log.peak;
    log.peak = 0;
    const plainStart = log.clock.now;
    expect(out).toEqual(await log.clock.run(plain.invoke(queries)));
    // Same overlap and the same time, item calls nested rather than inlined.
    expect(reportingPeak).toBe(log.peak);
    expect(reportingPeak).toBeGreaterThan(2);
    expect(reportingTicks).toBe(log.clock.now - plainStart);
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  it("pmap counts failures, and reports every item with collectErrors", async () => {
    const log = new CallLog(new LogicalClock());
    const seen: BatchProgress[] = [];
    const outcomes = await log.clock.run(pmap(doubler(log, [3]), { maxConcurrency: 2, collectErrors: true, onProgress: (p) => seen.push(p) }).invoke(batch));
    expect((outcomes as { status: string }[]).map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(seen).toHaveLength(5);
    expect(seen.find((p) => p.item === 2)).toMatchObject({ ok: false });
    expect(seen.at(-1)).toMatchObject({ done: 5, failed: 1, total: 5 });
  });

  it("inside op.stream, vmap's and pmap's items are nodes of the run's events", async () => {
    for (const transform of [(log: CallLog) => vmap(doubler(log)), (log: CallLog) => pmap(doubler(log), { maxConcurrency: 2 })]) {
      const log = new CallLog(new LogicalClock());
      const op = transform(log);
      const stream = op.stream(batch);
      const events = await log.clock.run(async () => {
        const all = [];
        for await (const event of stream) all.push(event);
        return all;
      });
      const finished = events.flatMap((e) => (e.type === "node-finished" ? [e.path] : []));
      expect(finished.sort()).toEqual(["item0", "item1", "item2", "item3", "item4"]);
      expect(events.filter((e) => e.type === "node-finished").every((e) => e.type === "node-finished" && e.operator === "double")).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: "output", value: { n: [10, 2, 6, 4, 8] } });
    }
  });

  it("refuses an onProgress that is not a function", () => {
    const log = new CallLog(new LogicalClock());
    expect(() => vmap(doubler(log), { onProgress: 3 as never })).toThrow('vmap: option "onProgress" must be a function, got number');
    expect(() => pmap(doubler(log), { onProgress: "x" as never })).toThrow('pmap: option "onProgress" must be a function, got string');
  });
});
