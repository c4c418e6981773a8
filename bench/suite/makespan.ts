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
  /** sequential makespan / this makespan */
  speedup: number;
  runs: number;
}

export interface MakespanOptions {
  readonly latencyMs: number;
  /** Timed runs per scenario and mode (a warm-up run comes first, untimed). */
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
      const ms = await medianRun(() => op.invoke({ query: "q" }, mode.options), runs);
      times.set(mode.name, ms);
      const row = makeRow(scenario, mode, ms, latencyMs, runs);
      rows.push(row);
      progress(`[${String(rows.length).padStart(2)}/${total}] ${scenario.name} · ${mode.name}: ${ms.toFixed(1)} ms (×${row.ratio.toFixed(3)} of bound)`);
    }
    const sequential = times.get(SEQUENTIAL)!;
    for (const row of rows) if (row.scenario === scenario.name) row.speedup = round(sequential / row.makespanMs);
  }
  return rows;
}

function makeRow(scenario: Scenario, mode: Mode, makespanMs: number, latencyMs: number, runs: number): MakespanRow {
  const boundMs = mode.bound(scenario) * latencyMs;
  return {
    scenario: scenario.name,
    mode: mode.name,
    calls: scenario.calls,
    criticalPath: scenario.criticalPath,
    boundMs,
    makespanMs: round(makespanMs),
    ratio: round(makespanMs / boundMs, 3),
    speedup: 0,
    runs,
  };
}

/** One untimed run (graph build, trace, first compile of the code), then the median of `runs`. */
async function medianRun(run: () => Promise<unknown>, runs: number): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}
