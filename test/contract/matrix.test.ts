/**
 * Issue 14: one contract for cancellation and limits on every execution path. Each path runs the
 * same work (six 2-tick leaves that may overlap, then a judge) with options given per call, in an
 * `executionOptions` scope, or by the class decorator, and the logical clock checks:
 * - signal: the run rejects with the reason at the abort's tick; every call in flight is aborted
 *   through its signal; nothing starts afterwards;
 * - timeout (leaves that ignore their signal): the run still rejects at the abort's tick;
 * - maxConcurrency 2: never more than two calls in flight, nested ones included (exactly two
 *   where the path can overlap calls), and the same result as without a bound;
 * - sequential: one call in flight, and the same result.
 * A decorator carries no signal, and vmap/pmap/autograph have no decorator: those cells do not exist.
 */
import { describe, expect, it } from "vitest";
import type { ExecutionOptions } from "xcs-jit";
import { newParts, paths, type Mode, type Parts, type Path } from "./paths.js";

interface Observed {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: unknown;
  /** Tick at which the run settled. */
  readonly at: number;
}

async function observe(path: Path, parts: Parts, options: ExecutionOptions, mode: Mode, onStart?: () => void): Promise<Observed> {
  const { clock } = parts.log;
  return clock.run(async () => {
    try {
      const value = await path.run(parts, options, mode, onStart);
      return { ok: true, value, at: clock.now };
    } catch (error) {
      return { ok: false, error, at: clock.now };
    }
  });
}

/** Runs with a signal aborted one tick into the observed run; returns the run and the abort tick. */
async function abortedRun(path: Path, mode: Mode, ignoreSignal: boolean, reason: unknown) {
  const parts = newParts(ignoreSignal);
  const controller = new AbortController();
  let abortAt = -1;
  const onStart = () => {
    abortAt = parts.log.clock.now + 1;
    void parts.log.clock.sleep(1).then(() => controller.abort(reason));
  };
  const observed = await observe(path, parts, { signal: controller.signal }, mode, onStart);
  return { parts, observed, abortAt };
}

const modes: Mode[] = ["per-call", "scoped", "decorator"];

describe.each(paths.map((path) => [path.name, path] as const))("%s", (_, path) => {
  const cellModes = modes.filter((mode) => mode !== "decorator" || path.decorated);

  it.each(["per-call", "scoped"] as Mode[])("signal (%s): rejects at the abort, aborts what runs, starts nothing after", async (mode) => {
    const reason = new Error("user gave up");
    const { parts, observed, abortAt } = await abortedRun(path, mode, false, reason);
    expect(observed.ok).toBe(false);
    expect(observed.error).toBe(reason);
    expect(observed.at).toBe(abortAt);
    const records = parts.log.records;
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((r) => r.start > abortAt)).toEqual([]);
    const inFlightAtAbort = records.filter((r) => r.start < abortAt && (r.end === undefined || r.end >= abortAt));
    expect(inFlightAtAbort.length).toBeGreaterThan(0);
    for (const record of inFlightAtAbort) expect({ name: record.name, outcome: record.outcome }).toEqual({ name: record.name, outcome: "aborted" });
  });

  it.each(["per-call", "scoped"] as Mode[])("timeout (%s): rejects at the deadline even when calls ignore their signal", async (mode) => {
    const reason = new DOMException("deadline", "TimeoutError");
    const { parts, observed, abortAt } = await abortedRun(path, mode, true, reason);
    expect(observed.ok).toBe(false);
    expect(observed.error).toBe(reason);
    expect(observed.at).toBe(abortAt);
    expect(parts.log.records.filter((r) => r.start > abortAt)).toEqual([]);
  });

  it.each(cellModes)("maxConcurrency 2 (%s): at most two calls in flight, same result", async (mode) => {
    const free = newParts();
    const unbounded = await observe(path, free, {}, "per-call");
    const parts = newParts();
    const bounded = await observe(path, parts, { maxConcurrency: 2 }, mode);
    expect(bounded).toMatchObject({ ok: true });
    expect(bounded.value).toEqual(unbounded.value);
    expect(parts.log.peak).toBe(path.overlaps ? Math.min(2, free.log.peak) : 1);
  });

  it.each(cellModes)("sequential (%s): one call in flight, same result", async (mode) => {
    const free = newParts();
    const unbounded = await observe(path, free, {}, "per-call");
    const parts = newParts();
    const sequential = await observe(path, parts, { scheduler: "sequential" }, mode);
    expect(sequential).toMatchObject({ ok: true });
    expect(sequential.value).toEqual(unbounded.value);
    expect(parts.log.peak).toBe(1);
  });
});
