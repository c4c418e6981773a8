/**
 * Eager and jitted twins of one scenario: two fresh worlds (own clock, own log) built by the same
 * factory, one with its operator classes left alone, one with them decorated by `@jit`. Every
 * input runs on both, in sequence, on the same instances (so the jitted one traces, then replays),
 * and each run must agree with eager as test/support's `differences` defines it.
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import { getJitStats, jit, type InvokeOptions, type JitOptions, type Operator } from "xcs-jit";
import type { CallLog } from "../support/call-log.js";
import { differences, runCompiled, type Outcome } from "../support/eager.js";

type AnyClass = abstract new (...args: any[]) => Operator<any, any>;

/** Returns the class itself (eager twin) or a `@jit` subclass of it (jitted twin). */
export type Decorate = <C extends AnyClass>(cls: C) => C;

export interface World<In> {
  readonly op: Operator<In, unknown>;
  readonly log: CallLog;
}

export const asIs: Decorate = (cls) => cls;

export function withJit(options: JitOptions = {}): Decorate {
  return <C extends AnyClass>(cls: C): C => {
    const Jitted = class extends (cls as any) {} as unknown as C;
    return (jit(options)(Jitted) ?? Jitted) as C;
  };
}

export interface RunReport {
  readonly outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  readonly calls: string[];
  readonly ticks: number;
  /** The run's wasted early calls (`getJitStats`; 0 for the eager twin). */
  readonly wasted: number;
  /** Most leaf calls in flight at once during the run (logical clock). */
  readonly peak: number;
}

async function runOnce<In>(world: World<In>, input: In, options?: InvokeOptions): Promise<{ report: RunReport; outcome: Outcome }> {
  const outcome = await runCompiled(world, input, undefined, { options });
  const calls = outcome.calls.map((r) => `${r.name} ${inspect(r.inputs, { depth: 6, sorted: true })}`);
  const wasted = getJitStats(world.op).lastRun?.speculation.wasted ?? 0;
  return {
    outcome,
    report: { outcome: outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: outcome.error }, calls, ticks: outcome.makespan, wasted, peak: outcome.peak },
  };
}

/**
 * Runs every input on both twins and checks each run; returns the jitted twin's reports (for
 * timing checks) and the twins themselves.
 */
export interface TwinOptions {
  /** Per-call options given to both twins' `invoke`. */
  readonly invoke?: InvokeOptions;
  /**
   * A branch flips between runs: the jitted twin may make extra calls, at most as many as it
   * counted wasted (an early call's own, or those a nested operator's early run made). Otherwise
   * it must make exactly eager's calls.
   */
  readonly allowMispredicted?: boolean;
  /** How the jitted twin's classes are decorated (default `withJit()`). */
  readonly jitted?: Decorate;
}

export async function expectEagerOnEveryRun<In>(make: (decorate: Decorate) => World<In>, inputs: readonly In[], twin: TwinOptions = {}) {
  const options = twin.invoke;
  expect(inputs.length, "every case runs at least twice").toBeGreaterThanOrEqual(2);
  const eager = make(asIs);
  const jitted = make(twin.jitted ?? withJit());
  const reports: RunReport[] = [];
  const eagerReports: RunReport[] = [];
  for (const input of inputs) {
    const expected = await runOnce(eager, input, options);
    const actual = await runOnce(jitted, input, options);
    const misses = twin.allowMispredicted ? (getJitStats(jitted.op).lastRun?.speculation.wasted ?? 0) : 0;
    expect(differences(expected.outcome, actual.outcome, options, { extraPureCalls: misses })).toEqual([]);
    reports.push(actual.report);
    eagerReports.push(expected.report);
  }
  return { reports, eagerReports, eager, jitted };
}
