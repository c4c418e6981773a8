/**
 * The tracing JIT is sound: over random forward functions (branches, loops, transformed values,
 * an effectful and a failing operator, effects nobody declared, a changing `stateSignature`, a
 * nested uncompiled `@structuralJit` class) and random input sequences with a new input after
 * repeated ones, every run returns exactly what eager forward returns (or raises the same error),
 * effects happen in eager's order, and the early calls eager would not make are bounded: none on
 * programs without data-dependent control flow, and elsewhere at most one per call site per
 * change of branch, where
 * - a *call site* is a planned call of one operator's plans: the p-th call of that operator's run
 *   the replayed plan was learned from (`JitRun.replayed`: that run, and the position and operator
 *   of each wasted early call). With a nested operator there are two operators, each with its own
 *   plans and its own run numbers (the program's call of the nested operator is a site of the
 *   program's plans; the leaf calls are sites of the nested operator's), so "run 1, call 0" of
 *   one is not the same site as "run 1, call 0" of the other. Every run of the nested operator
 *   counts, an early one stopped by an effect included;
 * - its *branch changed* in a run when the run's trail (eager's decisions and calls in order,
 *   `makeProgramWorld`) does not begin with the plan's run's trail up to and including that call:
 *   the run took another way there, or never got there (a call before it failed). For the call of
 *   the nested operator, which every decision of its run is inside, the whole trail counts.
 * Every wasted early call must be at a site whose branch changed in that run, one per site. And a
 * run never has more leaf calls in flight (logical clock) than eager's calls of that run could
 * have under any schedule respecting their data flow (`dataFlowWidth`), plus one per call eager
 * did not make.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getJitStats, jit, type JitRun } from "xcs-jit";
import type { CallLog } from "../support/call-log.js";
import { dataFlowWidth } from "../support/data-flow.js";
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

/** Where the trail's n-th call (from 0) is: the entries up to it are the path the run took there. */
function callEntryAt(trail: readonly string[], n: number): number {
  let seen = -1;
  return trail.findIndex((entry) => entry.startsWith("call ") && ++seen === n);
}

const startsWith = (trail: readonly string[], path: readonly string[]) => path.every((entry, i) => trail[i] === entry);

/** A wasted early call: the run it was wasted in, and the planned call (site) it was dispatched for. */
interface Waste {
  /** The site: whose plan (`outer`: the program's operator, `body`: the one running the body), and its `run n call p`. */
  readonly site: string;
  /** The path to the site (or, for a call of the nested operator, its whole run) changed in this run. */
  readonly changed: boolean;
}

interface RunFigures {
  eagerCalls: string[];
  jitCalls: string[];
  /** What eager's run decided from its data, and the calls between (see `makeProgramWorld`). */
  trail: string;
  /** Leaf calls eager did not make. */
  extraCalls: number;
  hits: number;
  /** Wasted early calls, the nested operator's included (every run of it, an early one stopped by an effect too). */
  wasted: Waste[];
  effectCalls: number;
  /** Most leaf calls in flight at once during the run (logical clock), and what eager's data flow allows. */
  peak: number;
  width: number;
}

/**
 * The sites of a replay's wasted early calls, each told whether the path to it changed: the run's
 * trail does not begin with the plan's run's trail up to and including that call (`enclosing`: the call is the
 * nested operator's, which every decision of its run is inside, so its whole trail counts).
 */
function wasteOf(run: JitRun, trails: readonly (readonly string[])[], trail: readonly string[], enclosing: boolean): Waste[] {
  if (!run.replayed) return [];
  const { learnedFrom, wasted } = run.replayed;
  expect(wasted.length, "one site per wasted early call").toBe(run.speculation.wasted);
  const source = trails[learnedFrom - 1]!;
  return wasted.map(({ position, operator }) => {
    const site = `${enclosing ? "outer" : "body"} run ${learnedFrom} call ${position}`;
    if (enclosing) {
      expect(position, "the nested operator is the only call").toBe(0);
      return { site, changed: trail.join() !== source.join() };
    }
    const at = callEntryAt(source, position);
    expect(source[at], `${site} is the call the plan's run made there`).toBe(`call ${operator}`);
    // Up to and including the call: a run that failed just before it never got there.
    return { site, changed: !startsWith(trail, source.slice(0, at + 1)) };
  });
}

/** Runs the program eagerly and under @jit on each case, checking every run; yields per-run figures. */
async function compareRuns(program: Program, cases: readonly RunCase[]): Promise<RunFigures[]> {
  const eager = makeProgramWorld(program);
  const traced = makeProgramWorld(program, true);
  const JitProgram = class extends traced.ProgramOperator {};
  jit(JitProgram);
  const eagerOp = new eager.ProgramOperator();
  const jitOp = new JitProgram();
  // The operator whose runs run the program's body (one body run each, early ones included), and
  // its runs' records, read as the next body run starts and once the whole run is over.
  const bodyOp = jitOp.inner ?? jitOp;
  const bodyRuns: JitRun[] = [];
  const collect = () => {
    if (getJitStats(bodyOp).runs > bodyRuns.length) bodyRuns.push(getJitStats(bodyOp).lastRun!);
  };
  jitOp.beforeBody = collect;
  const runs: RunFigures[] = [];
  for (const { input, persona } of cases) {
    eagerOp.persona = jitOp.persona = persona;
    const eagerFrom = eager.log.records.length;
    const jitFrom = traced.log.records.length;
    const bodyFrom = bodyRuns.length;
    const expected = await outcomeOf(eager.clock, eagerOp.invoke(input));
    traced.log.resetPeak();
    const actual = await outcomeOf(traced.clock, jitOp.invoke(input));
    const peak = traced.log.peak;
    collect();
    expect(getJitStats(bodyOp).runs, "every run of the body's operator is read").toBe(bodyRuns.length);
    expect(traced.trails.length, "one body run per run of its operator").toBe(bodyRuns.length);
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
    const thisRun = bodyRuns.slice(bodyFrom);
    const wasted = thisRun.flatMap((run, i) => wasteOf(run, traced.trails, traced.trails[bodyFrom + i]!, false));
    if (jitOp.inner) wasted.push(...wasteOf(last, eager.trails, eager.trails.at(-1)!, true));
    if (!jitOp.inner) {
      // Leaves only: an effect is seen by the first trace that makes it, so no early call ever meets one.
      expect(last.speculation.blocked).toBe(0);
      // Calls made and not used are at most the wasted early calls.
      expect(unmatched.length).toBeLessThanOrEqual(wasted.length);
    } else {
      // An early run of the nested operator that meets an effect its last trace did not make is
      // stopped there, and the run made again: the calls it made, twice.
      const stopped = thisRun.slice(0, -1).reduce((sum, run) => sum + run.calls, 0);
      expect(unmatched.length).toBeLessThanOrEqual(wasted.length + stopped);
    }
    // No schedule respecting eager's data flow has more of eager's calls in flight; each call
    // eager did not make adds at most one.
    const width = dataFlowWidth(eager.dataFlows.at(-1)!);
    expect(peak, "leaf calls in flight").toBeLessThanOrEqual(width + unmatched.length);
    const effectCalls = traced.log.records.slice(jitFrom).filter((r) => r.effects).length;
    const hits = last.speculation.hits + thisRun.reduce((sum, run) => sum + (run === last ? 0 : run.speculation.hits), 0);
    runs.push({ eagerCalls, jitCalls, trail: eager.trails.at(-1)!.join(", "), extraCalls: unmatched.length, hits, wasted, effectCalls, peak, width });
  }
  return runs;
}

describe("tracing JIT soundness (fast-check)", () => {
  it("always equals eager over random programs and input sequences, and wastes a call only where a data-dependent decision changed", async () => {
    await fc.assert(
      fc.asyncProperty(dynamicProgramArb, repeatedRunsArb(dynamicInputArb), async (program, cases) => {
        const runs = await compareRuns(program, cases);
        expect(runs[0]!.wasted.length + runs[0]!.extraCalls).toBe(0);
        for (const run of runs) {
          // Each wasted early call is at a site whose path changed in that run, one per site.
          expect(run.wasted.filter((waste) => !waste.changed)).toEqual([]);
          expect(new Set(run.wasted.map((waste) => waste.site)).size).toBe(run.wasted.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("wastes no call on programs without data-dependent control flow, a new input after repeated ones", async () => {
    await fc.assert(
      fc.asyncProperty(straightProgramArb, repeatedRunsArb(distinctInputArb), async (program, cases) => {
        const runs = await compareRuns(program, cases);
        for (const run of runs) {
          expect(run.wasted).toEqual([]);
          expect(run.peak, "leaf calls in flight").toBeLessThanOrEqual(run.width);
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
          expect(run.wasted).toEqual([]);
          expect(run.hits).toBe(run.eagerCalls.length - run.effectCalls);
        }
      }),
      { numRuns: 100 },
    );
  });
});
