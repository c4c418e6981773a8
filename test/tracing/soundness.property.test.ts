/**
 * The tracing JIT is sound: over random forward functions (branches, loops, transformed values,
 * an effectful and a failing operator, effects nobody declared, a changing `stateSignature`, a
 * nested uncompiled `@structuralJit` class) and random input sequences with a new input after
 * repeated ones, every run returns exactly what eager forward returns (or raises the same error),
 * effects happen in eager's order, and the early calls eager would not make are bounded: none on
 * programs without data-dependent control flow, at most one per planned call on a run whose
 * data-dependent decisions differ from the previous run's.
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
  repeatedRunsArb,
  staticProgramArb,
  straightProgramArb,
  undeclaredEffectOp,
  type Program,
  type RunCase,
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

interface RunFigures {
  eagerCalls: string[];
  jitCalls: string[];
  /** What eager's run decided from its data (branches, loop counts, computed numbers). */
  trail: string;
  /** Leaf calls eager did not make. */
  extraCalls: number;
  hits: number;
  wasted: number;
  effectCalls: number;
}

/** Runs the program eagerly and under @jit on each case, checking every run; yields per-run figures. */
async function compareRuns(program: Program, cases: readonly RunCase[]): Promise<RunFigures[]> {
  const eager = makeProgramWorld(program);
  const traced = makeProgramWorld(program, true);
  const JitProgram = class extends traced.ProgramOperator {};
  jit(JitProgram);
  const eagerOp = new eager.ProgramOperator();
  const jitOp = new JitProgram();
  const runs: RunFigures[] = [];
  for (const { input, persona } of cases) {
    eagerOp.persona = jitOp.persona = persona;
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
    const inner = jitOp.inner ? getJitStats(jitOp.inner).lastRun : undefined;
    const wasted = last.speculation.wasted + (inner?.speculation.wasted ?? 0);
    if (!jitOp.inner) {
      // Leaves only: an effect is seen by the first trace that makes it, so no early call ever meets one.
      expect(last.speculation.blocked).toBe(0);
      // Calls made and not used are at most the wasted early calls.
      expect(unmatched.length).toBeLessThanOrEqual(wasted);
    }
    const effectCalls = traced.log.records.slice(jitFrom).filter((r) => r.effects).length;
    const hits = last.speculation.hits + (inner?.speculation.hits ?? 0);
    runs.push({ eagerCalls, jitCalls, trail: eager.trails.at(-1)!.join(", "), extraCalls: unmatched.length, hits, wasted, effectCalls });
  }
  return runs;
}

describe("tracing JIT soundness (fast-check)", () => {
  it("always equals eager over random programs and input sequences, and wastes a call only where a data-dependent decision changed", async () => {
    await fc.assert(
      fc.asyncProperty(dynamicProgramArb, repeatedRunsArb(dynamicInputArb), async (program, cases) => {
        const runs = await compareRuns(program, cases);
        runs.forEach((run, i) => {
          if (i === 0) return expect(run.wasted + run.extraCalls).toBe(0);
          // A plan holds at most the previous run's calls (and, nested, the call of the inner
          // operator); each wastes at most once per change.
          const previous = runs[i - 1]!;
          const changed = run.trail !== previous.trail || cases[i]!.persona !== cases[i - 1]!.persona;
          const bound = changed ? previous.eagerCalls.length + (program.nested ? 1 : 0) : 0;
          expect(run.wasted).toBeLessThanOrEqual(bound);
          // An early call of the nested operator that meets an effect its last trace did not
          // make is stopped there and made again: its leaf calls so far, this run's, twice.
          expect(run.extraCalls).toBeLessThanOrEqual(program.nested && changed ? bound + run.eagerCalls.length : bound);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("wastes no call on programs without data-dependent control flow, a new input after repeated ones", async () => {
    await fc.assert(
      fc.asyncProperty(straightProgramArb, repeatedRunsArb(distinctInputArb), async (program, cases) => {
        const runs = await compareRuns(program, cases);
        for (const run of runs) {
          expect(run.wasted).toBe(0);
          // The same leaf calls as eager, with the same inputs: the undeclared effects included.
          expect([...run.jitCalls].sort()).toEqual([...run.eagerCalls].sort());
          expect(run.jitCalls.filter((c) => c.startsWith(`op${undeclaredEffectOp} `)).sort()).toEqual(
            run.eagerCalls.filter((c) => c.startsWith(`op${undeclaredEffectOp} `)).sort(),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("hits every call once two traces whose inputs differ in every field agree, on structure-static pipelines, with no extra call", async () => {
    await fc.assert(
      fc.asyncProperty(staticProgramArb, fc.array(distinctInputArb, { minLength: 3, maxLength: 5 }), async (program, inputs) => {
        // Each run's number in every field: no field stays the same from one run to the next.
        const fresh = inputs.map(({ a, b, c }, i) => ({ input: { a: `${a}.${i}`, b: `${b}.${i}`, c: `${c}.${i}` }, persona: "p0" }));
        const runs = await compareRuns(program, fresh);
        for (const run of runs.slice(2)) {
          expect(run.jitCalls.length).toBe(run.eagerCalls.length);
          expect(run.wasted).toBe(0);
          expect(run.hits).toBe(run.eagerCalls.length - run.effectCalls);
        }
      }),
      { numRuns: 100 },
    );
  });
});
