/**
 * Issue 14: one contract for cancellation and limits on every execution path (`paths.ts`:
 * structural parallel, structural sequential, auto on a chain, a host node, traced first run,
 * traced replay, a nested operator not inlined (`static effects = true`), a nested `jit` class
 * that runs traced, pmap, vmap, autograph). Each path runs the same work (six 2-tick leaves that
 * may overlap, then a judge) with options given per call, in an `executionOptions` scope, or by
 * the class decorator, and the logical clock checks, cell by cell:
 * - signal (per call, scoped): the run rejects with the reason at the abort's tick; every call in
 *   flight is aborted through its signal; nothing starts afterwards;
 * - timeout (per call, scoped; leaves that ignore their signal): the run still rejects at the
 *   abort's tick, and nothing starts afterwards;
 * - timeout, streamed (per call, scoped; through `op.stream`): the events end with one
 *   `node-left-running` per call still running (or the one host node that made them), each of
 *   which had started, then `run-failed`, at the abort's tick; the calls then finish;
 * - signal, streamed: calls that stop on the abort are not reported as left running;
 * - maxConcurrency 2 (per call, scoped, decorator): never more than two calls in flight, nested
 *   ones included (exactly two where the path can overlap calls), and the same result as unbounded;
 * - sequential (per call, scoped, decorator): one call in flight, and the same result.
 * A decorator carries no signal, vmap/pmap/autograph have no decorator, and autograph's `execute`
 * has no stream: those cells do not exist.
 */
import { describe, expect, it } from "vitest";
import type { ExecutionOptions, RunEvent } from "xcs-jit";
import { newParts, paths, type Mode, type Parts, type Path } from "./paths.js";

interface Observed {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: unknown;
  /** Tick at which the run settled. */
  readonly at: number;
}

async function observe(path: Path, parts: Parts, options: ExecutionOptions, mode: Mode, onStart?: () => void, events?: RunEvent[]): Promise<Observed> {
  const { clock } = parts.log;
  return clock.run(async () => {
    try {
      const value = await path.run(parts, options, mode, onStart, events);
      return { ok: true, value, at: clock.now };
    } catch (error) {
      return { ok: false, error, at: clock.now };
    }
  });
}

/**
 * Runs with a signal aborted one tick into the observed run; returns the run and the abort tick.
 * With `events`, the run is streamed and its events collected there.
 */
async function abortedRun(path: Path, mode: Mode, ignoreSignal: boolean, reason: unknown, events?: RunEvent[]) {
  const parts = newParts(ignoreSignal);
  const controller = new AbortController();
  let abortAt = -1;
  const onStart = () => {
    abortAt = parts.log.clock.now + 1;
    void parts.log.clock.sleep(1).then(() => controller.abort(reason));
  };
  const observed = await observe(path, parts, { signal: controller.signal }, mode, onStart, events);
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

  const streamed = path.leftRunning === undefined ? [] : (["per-call", "scoped"] as Mode[]);

  it.each(streamed)("timeout, streamed (%s): the run's events report what it left running, before run-failed", async (mode) => {
    const reason = new DOMException("deadline", "TimeoutError");
    const events: RunEvent[] = [];
    const { parts, observed, abortAt } = await abortedRun(path, mode, true, reason, events);
    expect(observed).toMatchObject({ ok: false, error: reason, at: abortAt });
    const stillRunning = parts.log.records.filter((r) => r.end === undefined);
    expect(stillRunning.length).toBeGreaterThan(0);
    const reported = events.filter((e) => e.type === "node-left-running");
    // Each call that ignored the abort, or the one host node whose statements made them.
    expect(reported).toHaveLength(path.leftRunning === "host" ? 1 : stillRunning.length);
    expect(new Set(reported.map((e) => e.type === "node-left-running" && e.path)).size).toBe(reported.length);
    // They close the run's events, just before run-failed, and each of them had started.
    expect(events.slice(-reported.length - 1).map((e) => e.type)).toEqual([...reported.map(() => "node-left-running"), "run-failed"]);
    for (const report of reported) {
      expect(events).toContainEqual({ type: "node-started", path: (report as { path: string }).path, operator: (report as { operator: string }).operator });
    }
    await parts.log.clock.drain();
    expect(parts.log.records.every((r) => r.outcome === "ok")).toBe(true); // left to finish, as reported
  });

  it.each(streamed)("signal, streamed (%s): calls that stop on the abort are not reported as left running", async (mode) => {
    const reason = new Error("user gave up");
    const events: RunEvent[] = [];
    const { observed, abortAt } = await abortedRun(path, mode, false, reason, events);
    expect(observed).toMatchObject({ ok: false, error: reason, at: abortAt });
    expect(events.filter((e) => e.type === "node-left-running")).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: "run-failed", error: reason });
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
