// Makespan of every scenario in every mode, on leaves with a fixed latency.
import type { Scenario, Scenarios } from "./catalog.js";
import { scenarios } from "./catalog.js";
import { timedLeaves } from "./leaves.js";
import { SEQUENTIAL, modes, type Copy, type Mode } from "./modes.js";
import { median, round } from "./stats.js";

export interface MakespanRow {
  scenario: string;
  mode: string;
  calls: number;
  criticalPath: number;
  boundMs: number;
  makespanMs: number;
  /** makespan / bound */
  ratio: number;
  /** The fastest timed run over the bound: load on the machine only ever adds delay. */
  bestRatio: number;
  /** sequential makespan / this makespan */
  speedup: number;
  runs: number;
}

export interface MakespanOptions {
  readonly latencyMs: number;
  /** Most timed runs per scenario and mode (a warm-up run comes first, untimed). */
  readonly runs: number;
  readonly copies: Record<Copy, Scenarios>;
  readonly progress: (line: string) => void;
}

export async function measureMakespans(options: MakespanOptions): Promise<MakespanRow[]> {
  const { latencyMs, runs, copies, progress } = options;
  const leaf = timedLeaves(latencyMs);
  const rows: MakespanRow[] = [];
  const total = scenarios.length * modes.length;
  for (const scenario of scenarios) {
    const times = new Map<string, number>();
    for (const mode of modes) {
      const op = scenario.make(copies[mode.copy], leaf);
      const boundMs = mode.bound(scenario) * latencyMs;
      const samples = await timedRuns(() => op.invoke({ query: "q" }, mode.options), runsWithin(boundMs, runs));
      const row = makeRow(scenario, mode, samples, boundMs);
      times.set(mode.name, row.makespanMs);
      rows.push(row);
      progress(`[${String(rows.length).padStart(2)}/${total}] ${scenario.name} · ${mode.name}: ${row.makespanMs.toFixed(1)} ms (×${row.ratio.toFixed(3)} of bound)`);
    }
    const sequential = times.get(SEQUENTIAL)!;
    for (const row of rows) if (row.scenario === scenario.name) row.speedup = round(sequential / row.makespanMs);
  }
  return rows;
}

/** Long runs (sequential ones) are repeated less: about RUN_BUDGET_MS of timed runs per row. */
const RUN_BUDGET_MS = 2000;
const runsWithin = (boundMs: number, most: number) => Math.max(1, Math.min(most, Math.floor(RUN_BUDGET_MS / boundMs)));

function makeRow(scenario: Scenario, mode: Mode, samples: readonly number[], boundMs: number): MakespanRow {
  const makespanMs = median(samples);
  return {
    scenario: scenario.name,
    mode: mode.name,
    calls: scenario.calls,
    criticalPath: scenario.criticalPath,
    boundMs,
    makespanMs: round(makespanMs),
    ratio: round(makespanMs / boundMs, 3),
    bestRatio: round(Math.min(...samples) / boundMs, 3),
    speedup: 0,
    runs: samples.length,
  };
}

/** One untimed run (graph build, trace, first compile of the code), then `runs` timed ones. */
async function timedRuns(run: () => Promise<unknown>, runs: number): Promise<number[]> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}
