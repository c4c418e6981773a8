import { standardScenarios } from "../../test/support/scenarios.js";
import { buildStructure, runGraph } from "./internals.js";
import { timedLeaves } from "./leaves.js";
import { median, round } from "./stats.js";

export interface MakespanFigure {
  scenario: string;
  calls: number;
  criticalPath: number;
  /** criticalPath × node latency. */
  boundMs: number;
  makespanMs: number;
  /** makespan / bound (target ≤ 1.05). */
  ratio: number;
  /** The fastest of the runs over the bound: what is left once load-induced delays are gone. */
  minRatio: number;
  /** The same operator's eager `forward`, for reference (timer overshoot shows in both). */
  eagerRatio: number;
}

const neverAborted = new AbortController().signal;

async function wallTime(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Each scenario at `latencyMs` per call: median of `repeats` parallel runs, over the critical-path bound. */
export async function measureMakespan(latencyMs = 20, repeats = 7): Promise<MakespanFigure[]> {
  const figures: MakespanFigure[] = [];
  for (const scenario of standardScenarios) {
    const op = scenario.make(timedLeaves(latencyMs));
    const graph = buildStructure(op);
    const input = { query: "q" };
    const scheduled: number[] = [];
    const eager: number[] = [];
    for (let r = 0; r < repeats; r++) {
      scheduled.push(await wallTime(() => runGraph(graph, input, { scheduler: "parallel" })));
      eager.push(await wallTime(async () => op.forward(input, { signal: neverAborted })));
    }
    const boundMs = scenario.criticalPath * latencyMs;
    figures.push({
      scenario: scenario.name,
      calls: scenario.calls,
      criticalPath: scenario.criticalPath,
      boundMs,
      makespanMs: round(median(scheduled)),
      ratio: round(median(scheduled) / boundMs, 3),
      minRatio: round(Math.min(...scheduled) / boundMs, 3),
      eagerRatio: round(median(eager) / boundMs, 3),
    });
  }
  return figures;
}

/** Sequential over parallel for the 10-unit ensemble + judge at depth 2 (target ≥ 30×). */
export async function measureEnsembleSpeedup(latencyMs = 20): Promise<{ sequentialMs: number; parallelMs: number; speedup: number }> {
  const scenario = standardScenarios.find((s) => s.name === "ensemble-of-ensembles")!;
  const graph = buildStructure(scenario.make(timedLeaves(latencyMs)));
  const input = { query: "q" };
  const sequentialMs = await wallTime(() => runGraph(graph, input, { scheduler: "sequential" }));
  const parallel: number[] = [];
  for (let r = 0; r < 3; r++) parallel.push(await wallTime(() => runGraph(graph, input, { scheduler: "parallel" })));
  const parallelMs = median(parallel);
  return { sequentialMs: round(sequentialMs), parallelMs: round(parallelMs), speedup: round(sequentialMs / parallelMs, 1) };
}
