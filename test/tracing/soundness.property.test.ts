/**
 * The tracing JIT is sound: over random forward functions (branches, loops, transformed values,
 * an effectful and a failing operator) and random input sequences, every run returns exactly
 * what eager forward returns (or raises the same error), effects happen in eager's order, and
 * the only extra calls are the mispredicted early ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getJitStats, jit } from "xcs-jit";
import type { CallLog } from "../support/call-log.js";
import {
  distinctInputArb,
  dynamicInputArb,
  dynamicProgramArb,
  makeProgramWorld,
  staticProgramArb,
  type Program,
  type RunInput,
} from "./random-programs.js";

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

async function outcomeOf(clock: { run<T>(p: Promise<T>): Promise<T> }, promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await clock.run(promise) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function callsSince(log: CallLog, from: number): string[] {
  return log.records.slice(from).map((r) => `${r.name} ${JSON.stringify(r.inputs)}`);
}

/** Runs the program eagerly and under @jit on each input, checking every run; yields per-run figures. */
async function compareRuns(program: Program, inputs: readonly RunInput[]) {
  const eager = makeProgramWorld(program);
  const traced = makeProgramWorld(program);
  const JitProgram = class extends traced.ProgramOperator {};
  jit(JitProgram);
  const eagerOp = new eager.ProgramOperator();
  const jitOp = new JitProgram();
  const runs: Array<{ eagerCalls: string[]; jitCalls: string[]; hits: number; misses: number; effectCalls: number }> = [];
  for (const input of inputs) {
    const eagerFrom = eager.log.records.length;
    const jitFrom = traced.log.records.length;
    const expected = await outcomeOf(eager.clock, eagerOp.invoke(input));
    const actual = await outcomeOf(traced.clock, jitOp.invoke(input));
    expect(actual).toEqual(expected);
    const eagerCalls = callsSince(eager.log, eagerFrom);
    const jitCalls = callsSince(traced.log, jitFrom);
    // Every call eager makes is made (each once per time eager makes it), and effects keep their order.
    const unmatched = [...jitCalls];
    for (const call of eagerCalls) {
      const at = unmatched.indexOf(call);
      expect(at, `eager made ${call}, the jit did not`).toBeGreaterThanOrEqual(0);
      unmatched.splice(at, 1);
    }
    const effects = (log: CallLog, from: number) => log.records.slice(from).filter((r) => r.effects).map((r) => JSON.stringify(r.inputs));
    expect(effects(traced.log, jitFrom)).toEqual(effects(eager.log, eagerFrom));
    const last = getJitStats(jitOp).lastRun!;
    expect(last.speculation.blocked).toBe(0);
    // Calls made and not used are at most the mispredicted early calls.
    expect(unmatched.length).toBeLessThanOrEqual(last.speculation.misses);
    const effectCalls = traced.log.records.slice(jitFrom).filter((r) => r.effects).length;
    runs.push({ eagerCalls, jitCalls, hits: last.speculation.hits, misses: last.speculation.misses, effectCalls });
  }
  return runs;
}

describe("tracing JIT soundness (fast-check)", () => {
  it("always equals eager over random programs and input sequences, result and error", async () => {
    await fc.assert(
      fc.asyncProperty(dynamicProgramArb, fc.array(dynamicInputArb, { minLength: 2, maxLength: 5 }), async (program, inputs) => {
        await compareRuns(program, inputs);
      }),
      { numRuns: 150 },
    );
  });

  it("hits every call after the first trace on structure-static pipelines, with no extra call", async () => {
    await fc.assert(
      fc.asyncProperty(staticProgramArb, fc.array(distinctInputArb, { minLength: 2, maxLength: 4 }), async (program, inputs) => {
        const runs = await compareRuns(program, inputs);
        for (const run of runs.slice(1)) {
          expect(run.jitCalls.length).toBe(run.eagerCalls.length);
          expect(run.misses).toBe(0);
          expect(run.hits).toBe(run.eagerCalls.length - run.effectCalls);
        }
      }),
      { numRuns: 100 },
    );
  });
});
