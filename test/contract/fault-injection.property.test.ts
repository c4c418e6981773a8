/**
 * Issue 14: random programs of sequential awaits and `Promise.all` groups, with failures at random
 * times and random aborts, compiled (`g.all` groups) and compared with eager `forward` of the same
 * program, under every scheduler:
 * - not aborted before it settles: eager's result or eager's error, never later than eager;
 * - aborted first: the abort's reason, at the abort's tick, and nothing started after it;
 * - the run's bound holds (`maxConcurrency`, or one call for `sequential`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionOptions } from "xcs-jit";
import { CallLog, LogicalClock, runEager } from "../support/index.js";
import { GroupProgram, type Step } from "./group-programs.js";

const leafArb = fc.record({ latency: fc.integer({ min: 1, max: 6 }), fails: fc.integer({ min: 0, max: 5 }).map((n) => n === 0) });
const stepArb: fc.Arbitrary<Step> = fc
  .record({ leaves: fc.array(leafArb, { minLength: 1, maxLength: 4 }), readsPrevious: fc.boolean() })
  .map(({ leaves, readsPrevious }) => ({ leaves, group: leaves.length > 1, readsPrevious }));
const programArb = fc.array(stepArb, { minLength: 1, maxLength: 5 });
const optionsArb: fc.Arbitrary<ExecutionOptions> = fc.constantFrom<ExecutionOptions>(
  { scheduler: "parallel" },
  { scheduler: "auto" },
  { scheduler: "sequential" },
  { scheduler: "parallel", maxConcurrency: 2 },
);
/** Half ticks, so an abort never ties with a call ending (latencies are whole ticks). */
const abortArb = fc.option(fc.integer({ min: 0, max: 20 }).map((t) => t + 0.5), { nil: undefined });

describe("fault injection: random groups, failures and aborts against eager forward", () => {
  it("holds the contract on every run", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, optionsArb, abortArb, async (steps, options, abortAt) => {
        const eager = await runEager(eagerScenario(steps), { query: "q" });
        const log = new CallLog(new LogicalClock());
        const op = new GroupProgram(log, steps);
        const controller = new AbortController();
        const reason = new Error("aborted by the test");
        if (abortAt !== undefined) void log.clock.sleep(abortAt).then(() => controller.abort(reason));
        const settled = await log.clock.run(async () => {
          try {
            return { ok: true, value: await op.invoke({ query: "q" }, { ...options, signal: controller.signal }), at: log.clock.now };
          } catch (error) {
            return { ok: false, error, at: log.clock.now };
          }
        });
        const bound = options.scheduler === "sequential" ? 1 : (options.maxConcurrency ?? Infinity);
        expect(log.peak).toBeLessThanOrEqual(bound);
        if (abortAt !== undefined && abortAt < settled.at) throw new Error(`settled at ${settled.at}, after the abort at ${abortAt}`);
        if (abortAt !== undefined && !settled.ok && settled.error === reason) {
          expect(settled.at).toBe(abortAt);
          expect(log.records.filter((r) => r.start > abortAt)).toEqual([]);
          return;
        }
        expect(settled.ok).toBe(eager.ok);
        if (eager.ok) {
          expect(settled.value).toEqual(eager.value);
          return;
        }
        const message = (settled.error as Error).message;
        if (bound === Infinity) {
          // Unbounded: eager's very error (first in time within its group), no later than eager.
          expect(message).toBe((eager.error as Error).message);
          expect(settled.at).toBeLessThanOrEqual(eager.makespan);
        } else {
          // Bounded, a group's calls cannot all run at once: the first to fail in time under the
          // bound is still a failure of the await eager failed at.
          expect(stepOf(message)).toBe(stepOf((eager.error as Error).message));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The step a leaf error comes from (`s2.1 failed` → 2). */
function stepOf(message: string): number {
  return Number(/^s(\d+)\./.exec(message)![1]);
}

function eagerScenario(steps: Step[]) {
  const log = new CallLog(new LogicalClock());
  return { op: new GroupProgram(log, steps), log };
}
