import fc from "fast-check";
import { expect, it } from "vitest";
import { ReadyHeap } from "../../runtime/scheduler/ready-heap.js";

/** The heap's order, by brute force: higher rank first, then the lower index. */
const best = (nodes: readonly number[], rank: Int32Array) => [...nodes].sort((a, b) => rank[b]! - rank[a]! || a - b)[0];

it("pops, and pops the first node a predicate accepts, in priority order, whatever was removed before", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 39 })), { maxLength: 60 }), (ranks, steps) => {
      const rank = Int32Array.from(ranks);
      const heap = new ReadyHeap(ranks.length, rank);
      const held = ranks.map((_, i) => i);
      held.forEach((i) => heap.push(i));
      for (const [filtered, bound] of steps) {
        if (held.length === 0) break;
        const accepted = filtered ? held.filter((i) => i < bound) : held;
        const got = filtered ? heap.popFirst((i) => i < bound) : heap.pop();
        expect(got).toBe(accepted.length === 0 ? -1 : best(accepted, rank));
        if (got >= 0) held.splice(held.indexOf(got), 1);
        expect(heap.size).toBe(held.length);
      }
    }),
  );
});
