/**
 * The tracing JIT is sound: over random forward functions (branches, loops, transformed values,
 * an effectful and a failing operator) and random input sequences, every run returns exactly
 * what eager forward returns (or raises the same error), effects happen in eager's order, and
 * the only extra calls are the mispredicted early ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getJitStats, jit } from "xcs-jit";
import { describeCall, differences, runCompiled, runEager, type Scenario } from "../support/index.js";
import {
  distinctInputArb,
  dynamicInputArb,
  dynamicProgramArb,
  makeProgramWorld,
  staticProgramArb,
  type Program,
  type RunInput,
} from "./random-programs.js";

/** Runs the program eagerly and under @jit on each input, checking every run; yields per-run figures. */
async function compareRuns(program: Program, inputs: readonly RunInput[]) {
  const eager = makeProgramWorld(program);
  const traced = makeProgramWorld(program);
  const JitProgram = class extends traced.ProgramOperator {};
  jit(JitProgram);
  const eagerSide: Scenario<RunInput> = { op: new eager.ProgramOperator(), log: eager.log };
  const jitSide: Scenario<RunInput> = { op: new JitProgram(), log: traced.log };
  const runs: Array<{ eagerCalls: string[]; jitCalls: string[]; hits: number; misses: number; effectCalls: number }> = [];
  for (const input of inputs) {
    const expected = await runEager(eagerSide, input);
    const actual = await runCompiled(jitSide, input);
    const last = getJitStats(jitSide.op).lastRun!;
    expect(last.speculation.blocked).toBe(0);
    // Eager's result or error, effects and calls; the only extra calls are the mispredicted early ones.
    expect(differences(expected, actual, {}, { extraPureCalls: last.speculation.misses })).toEqual([]);
    const effectCalls = actual.calls.filter((r) => r.effects).length;
    runs.push({ eagerCalls: expected.calls.map(describeCall), jitCalls: actual.calls.map(describeCall), hits: last.speculation.hits, misses: last.speculation.misses, effectCalls });
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
