/**
 * vmap and pmap over random batches and options: outputs in input order, each item's structure
 * kept, one call per item, broadcast fields seen by every item, and the concurrency bound held.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pmap, vmap } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";

type Item = { word: string; weight: number; prefix: string };

function tagger(log: CallLog) {
  return new FakeOperator<Item, { tagged: string; parts: string[] }>(log, {
    name: "tag",
    latency: (i) => 1 + (i.weight % 3),
    compute: (i) => ({ tagged: `${i.prefix}${i.word}`, parts: [i.prefix, i.word] }),
  });
}

const batchArb = fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.nat(9)), { maxLength: 8 });
const optionArb = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });

describe("vmap / pmap properties (fast-check)", () => {
  it("vmap: one call per item, results in order, nothing flattened, at most batchSize in flight", async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, fc.string({ maxLength: 3 }), optionArb, async (batch, prefix, batchSize) => {
        const log = new CallLog(new LogicalClock());
        const batched = vmap(tagger(log), batchSize === undefined ? {} : { batchSize });
        const out = await log.clock.run(batched.invoke({ word: batch.map(([w]) => w), weight: batch.map(([, n]) => n), prefix }));
        const expected = batch.length === 0 ? {} : { tagged: batch.map(([w]) => `${prefix}${w}`), parts: batch.map(([w]) => [prefix, w]) };
        expect(out).toEqual(expected);
        expect(log.records).toHaveLength(batch.length);
        expect(log.peak).toBeLessThanOrEqual(batchSize ?? Math.max(1, batch.length));
      }),
      { numRuns: 60 },
    );
  });

  it("pmap: results in order whatever the pool and shards, at most maxConcurrency in flight", async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, optionArb, optionArb, async (batch, maxConcurrency, shards) => {
        const log = new CallLog(new LogicalClock());
        const mapped = pmap(tagger(log), { ...(maxConcurrency && { maxConcurrency }), ...(shards && { shards }) });
        const out = await log.clock.run(mapped.invoke({ word: batch.map(([w]) => w), weight: batch.map(([, n]) => n), prefix: "p" }));
        const expected = batch.length === 0 ? {} : { tagged: batch.map(([w]) => `p${w}`), parts: batch.map(([w]) => ["p", w]) };
        expect(out).toEqual(expected);
        expect(log.records).toHaveLength(batch.length);
        expect(log.peak).toBeLessThanOrEqual(Math.min(maxConcurrency ?? Infinity, shards ?? Infinity, Math.max(1, batch.length)));
      }),
      { numRuns: 60 },
    );
  });
});
