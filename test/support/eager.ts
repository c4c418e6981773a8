import { expect } from "vitest";
import { NodeExecutionError, type Operator } from "xcs-jit";
import type { CallLog } from "./call-log.js";

/** A fresh operator tree and the log its fake operators write to (one per run, so runs never share state). */
export interface Scenario<In = any> {
  readonly op: Operator<In, unknown>;
  readonly log: CallLog;
}

/** How one run went, in terms eager and compiled runs can be compared on. */
export interface Outcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: unknown;
  /** Effectful calls in the order they started. */
  readonly effects: string[];
  /** Most calls in flight at once. */
  readonly peak: number;
  /** Logical ticks from start to settle. */
  readonly makespan: number;
  readonly log: CallLog;
}

const neverAborted = new AbortController().signal;

/** Runs `forward` itself on the logical clock: the reference semantics. */
export function runEager<In>(scenario: Scenario<In>, inputs: In): Promise<Outcome> {
  return observe(scenario, () => Promise.resolve(scenario.op.forward(inputs, { signal: neverAborted })));
}

/** Runs the operator the compiled way (`run`, by default `op.invoke`) on the logical clock. */
export function runCompiled<In>(
  scenario: Scenario<In>,
  inputs: In,
  run: (op: Operator<In, unknown>, inputs: In) => Promise<unknown> = (op, i) => op.invoke(i),
): Promise<Outcome> {
  return observe(scenario, () => run(scenario.op, inputs));
}

async function observe(scenario: Scenario, start: () => Promise<unknown>): Promise<Outcome> {
  const { log } = scenario;
  const begin = log.clock.now;
  const common = () => ({ effects: log.effectOrder(), peak: log.peak, makespan: log.clock.now - begin, log });
  try {
    const value = await log.clock.run(start);
    return { ok: true, value, ...common() };
  } catch (error) {
    return { ok: false, error, ...common() };
  }
}

/** The error a node raised, without the NodeExecutionError wrappers added by the scheduler(s). */
export function rootCause(error: unknown): unknown {
  while (error instanceof NodeExecutionError) error = error.cause;
  return error;
}

/**
 * Runs a fresh scenario eagerly and another fresh one compiled, and asserts the same result, or
 * the same error (same class and message once unwrapped), and the same order of effects.
 * Returns both outcomes for further checks (peak concurrency, makespan).
 */
export async function expectSameAsEager<In>(
  make: () => Scenario<In>,
  inputs: In,
  run?: (op: Operator<In, unknown>, inputs: In) => Promise<unknown>,
): Promise<{ eager: Outcome; compiled: Outcome }> {
  const eager = await runEager(make(), inputs);
  const compiled = await runCompiled(make(), inputs, run);
  expect(compiled.ok, describeMismatch(eager, compiled)).toBe(eager.ok);
  if (eager.ok) {
    expect(compiled.value).toEqual(eager.value);
  } else {
    const cause = rootCause(compiled.error) as Error;
    const expected = eager.error as Error;
    expect(cause?.constructor).toBe(expected.constructor);
    expect(cause.message).toBe(expected.message);
  }
  expect(compiled.effects).toEqual(eager.effects);
  return { eager, compiled };
}

function describeMismatch(eager: Outcome, compiled: Outcome): string {
  const show = (o: Outcome) => (o.ok ? `returned ${JSON.stringify(o.value)}` : `threw ${String(o.error)}`);
  return `eager ${show(eager)}, compiled ${show(compiled)}`;
}
