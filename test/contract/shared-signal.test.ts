/**
 * Issue 14, item 6: no per-call listener piles up on a signal many calls share.
 * - 150k calls without a signal, to operators that leave an abort listener behind (or wrap their
 *   signal with `AbortSignal.any`): the heap after GC stays flat.
 * - 1,000 concurrent runs sharing one user signal, on every scheduler and the tracing JIT: at
 *   most one listener on it, and no `MaxListenersExceededWarning`.
 * The figures (heap after GC before and after, CPU ms per 20k calls) are printed for the record
 * and kept in bench/README.md; only memory and listener counts are asserted (times on a shared
 * machine are not a test).
 */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { jit, Operator, structuralJit, type ForwardContext } from "xcs-jit";
import { Ensemble } from "../support/index.js";

/** Adds an abort listener and never removes it: user code the runtime must survive. */
class Careless extends Operator<{ n: number }, number> {
  forward(inputs: { n: number }, ctx: ForwardContext) {
    ctx.signal.addEventListener("abort", () => void inputs);
    return inputs.n;
  }
}

/** Wraps its signal, as code that adds its own timeout does. */
class Wrapping extends Operator<{ n: number }, number> {
  forward(inputs: { n: number }, ctx: ForwardContext) {
    const signal = AbortSignal.any([ctx.signal]);
    return signal.aborted ? -1 : inputs.n;
  }
}

/**
 * After a macrotask turn (a WeakRef made during a job keeps its target alive until the microtask
 * queue drains, and `AbortSignal.any` makes WeakRefs), then two full collections.
 */
async function heapAfterGc(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  (globalThis as { gc?: () => void }).gc!();
  (globalThis as { gc?: () => void }).gc!();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

describe("150k calls without a signal", () => {
  it.each([
    ["a listener left behind", new Careless()],
    ["AbortSignal.any over ctx.signal", new Wrapping()],
  ] as const)("%s: the heap after GC stays flat", async (_, op) => {
    const before = await heapAfterGc();
    const perBatch: string[] = [];
    for (let batch = 0; batch < 7.5; batch++) {
      // CPU time (user + system) of the process: the machine is shared, wall time is not ours.
      const started = process.cpuUsage();
      const calls = batch === 7 ? 10_000 : 20_000;
      for (let n = 0; n < calls; n++) {
        await op.invoke({ n });
        // A server yields to I/O between requests; only then are WeakRef targets released.
        if (n % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const used = process.cpuUsage(started);
      perBatch.push(`${((used.user + used.system) / 1000).toFixed(0)}`);
    }
    const after = await heapAfterGc();
    console.log(`${_}: heap after GC ${(before / MB).toFixed(1)} MB before, ${(after / MB).toFixed(1)} MB after 150k calls; CPU ms per 20k calls: ${perBatch.slice(0, 7).join(", ")}`);
    expect(after - before).toBeLessThan(4 * MB);
  });
});

@structuralJit
class Wide extends Ensemble {}

class Traced extends Ensemble {}
jit(Traced);

/** Leaves that settle on the next turn: the runs must overlap to share the signal at once. */
class Quick extends Operator<{ query: string; candidates?: string[] }, { answer: string }> {
  constructor(readonly name: string) {
    super();
  }
  async forward(inputs: { query: string }) {
    await new Promise((resolve) => setImmediate(resolve));
    return { answer: `${this.name}(${inputs.query})` };
  }
}

function members(): [Quick[], Quick] {
  return [Array.from({ length: 5 }, (_, i) => new Quick(`m${i}`)), new Quick("judge")];
}

describe("1,000 concurrent runs sharing one signal", () => {
  it.each([
    ["parallel", () => new Wide(...members()), { scheduler: "parallel" as const }],
    ["sequential", () => new Wide(...members()), { scheduler: "sequential" as const }],
    ["bounded", () => new Wide(...members()), { maxConcurrency: 2 }],
    ["traced", () => new Traced(...members()), {}],
  ])("%s: one listener on the signal, no MaxListenersExceededWarning", async (_, make, options) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const ops = Array.from({ length: 1_000 }, make);
      let most = 0;
      const runs = ops.map((op) => op.invoke({ query: "q" }, { ...options, signal: controller.signal }));
      most = Math.max(most, getEventListeners(controller.signal, "abort").length);
      await new Promise((resolve) => setImmediate(resolve));
      most = Math.max(most, getEventListeners(controller.signal, "abort").length);
      const results = await Promise.all(runs);
      expect(results).toHaveLength(1_000);
      expect(most).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
