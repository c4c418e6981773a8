import { setImmediate as nextMacrotask } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { explain, structuralJit } from "xcs-jit";
import { CallLog, LogicalClock } from "../support/index.js";
import { Ensemble } from "./ensemble.js";

@structuralJit
class Wide extends Ensemble {}

const gc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage until `done()` holds, giving finalizers a macrotask to run between rounds. */
async function collectUntil(done: () => boolean, rounds = 30): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc!();
    await nextMacrotask();
  }
  return done();
}

describe("the per-instance graph cache", () => {
  it("has globalThis.gc (vitest runs with --expose-gc)", () => {
    expect(gc).toBeTypeOf("function");
  });

  it("releases an instance whose graph was built and run", async () => {
    const clock = new LogicalClock();
    const log = new CallLog(clock);
    const collected = new Set<string>();
    const registry = new FinalizationRegistry<string>((name) => collected.add(name));

    // Scoped so that no local keeps the instances alive once they are dropped.
    await (async () => {
      for (const name of ["first", "second"]) {
        const op = new Wide(log, 3);
        await clock.run(op.invoke({ query: name }));
        expect(explain(op).mode).toBe("structural");
        registry.register(op, name);
      }
    })();
    const kept = new Wide(log, 3);
    await clock.run(kept.invoke({ query: "kept" }));
    registry.register(kept, "kept");

    expect(await collectUntil(() => collected.has("first") && collected.has("second"))).toBe(true);
    expect(collected.has("kept")).toBe(false);
    expect(kept).toBeInstanceOf(Wide);
  });
});
