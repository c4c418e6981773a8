// Prints the suite's figures and writes them: bench/results/<date>.json and <date>-speedup.svg.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { speedupChart } from "./chart.js";
import type { MakespanRow } from "./makespan.js";
import type { MemoryResult } from "./memory.js";

export interface SuiteResult {
  environment: { node: string; platform: string; cpus: number; date: string };
  latencyMs: number;
  makespan: MakespanRow[];
  memory: MemoryResult;
}

const ENSEMBLE = "ensemble+judge depth 2";
const TARGET_SPEEDUP = 30;
const TARGET_RATIO = 1.05;

export function report(result: SuiteResult, resultsDir: string): void {
  printMakespans(result.makespan, result.latencyMs);
  const headline = headlineFigures(result.makespan);
  console.log(`\nensemble+judge depth 2, parallel k=∞ over sequential: ${headline.ensembleSpeedup}× (target ≥ ${TARGET_SPEEDUP}×)`);
  console.log(`worst makespan / critical-path bound, parallel k=∞: median ${headline.worstRatio.ratio} (${headline.worstRatio.scenario}), best run ${headline.worstBestRatio.ratio} (${headline.worstBestRatio.scenario}); target ≤ ${TARGET_RATIO}`);
  console.log(`same figure for eager forward (timer and load noise, no scheduler): median ${headline.eagerWorstRatio.ratio} (${headline.eagerWorstRatio.scenario})`);
  const m = result.memory;
  console.log(`\nmemory, ${m.instances.toLocaleString("en")} instances created, invoked, dropped (forced GC): heap ${m.heapBeforeMb} MB → ${m.heapAfterMb} MB (${signed(m.growthMb)} MB, ${m.bytesPerInstance} B/instance)`);

  // The other suites' figures, from the JSON their scripts wrote in this run.
  const scheduler = readJson(join(resultsDir, "scheduler.json"));
  const compile = readJson(join(resultsDir, "compile.json"));
  if (scheduler) printScheduler(scheduler);
  if (compile) console.log(`\ncompile: tspc + xcs-jit / tsc = ${compile.ratio.toFixed(3)} on ${compile.files} files (target ≤ ${compile.target}); transformer alone ${compile.transformerOnlyRatio.toFixed(3)}; its CPU share per round ${compile.cpuPerRound?.transformerOnlyRatio.toFixed(3)} (target ≤ ${compile.shareTarget})`);

  mkdirSync(resultsDir, { recursive: true });
  const stamp = result.environment.date.slice(0, 10);
  const json = join(resultsDir, `${stamp}.json`);
  const svg = join(resultsDir, `${stamp}-speedup.svg`);
  writeFileSync(json, JSON.stringify({ ...result, headline, scheduler, compile }, null, 2) + "\n");
  writeFileSync(svg, speedupChart(result.makespan, `Speedup over sequential, ${result.latencyMs} ms per call (${stamp})`));
  console.log(`\nwritten: ${json}\nwritten: ${svg}`);
}

function headlineFigures(rows: readonly MakespanRow[]) {
  const unbounded = rows.filter((r) => r.mode === "parallel k=∞");
  return {
    ensembleSpeedup: unbounded.find((r) => r.scenario === ENSEMBLE)!.speedup,
    worstRatio: worst(unbounded, (r) => r.ratio),
    worstBestRatio: worst(unbounded, (r) => r.bestRatio),
    eagerWorstRatio: worst(rows.filter((r) => r.mode === "eager"), (r) => r.ratio),
    allWithinRatio: unbounded.every((r) => r.ratio <= TARGET_RATIO),
  };
}

function worst(rows: readonly MakespanRow[], ratio: (row: MakespanRow) => number) {
  const row = rows.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  return { scenario: row.scenario, ratio: ratio(row) };
}

function printMakespans(rows: readonly MakespanRow[], latencyMs: number): void {
  console.log(`\nMakespan, ${latencyMs} ms per call: median of \`runs\` timed runs after a warm-up; \`best\` is the fastest run over the bound`);
  const header = ["scenario", "mode", "calls", "cp", "runs", "bound ms", "makespan ms", "ratio", "best", "speedup"];
  const body = rows.map((r) =>
    [r.scenario, r.mode, r.calls, r.criticalPath, r.runs, r.boundMs, r.makespanMs.toFixed(1), r.ratio.toFixed(3), r.bestRatio.toFixed(3), `${r.speedup.toFixed(1)}×`].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  for (const row of body) console.log(line(row));
}

function printScheduler(scheduler: any): void {
  console.log("\nscheduling cost per node, 0 ms operators (from bench:scheduler):");
  for (const r of scheduler.perNode ?? []) {
    console.log(`  ${r.scenario}${r.asyncLocalStorage ? " (after AsyncLocalStorage)" : ""}: ${r.schedulerUs} µs vs Promise.all ${r.handWrittenUs} µs → ${r.ratio}× (target ≤ 1.5)`);
  }
  for (const b of scheduler.build ?? []) console.log(`  graph build, ${b.structure}: ${b.buildMs} ms warm, ${b.firstBuildMs} ms first (target ≤ 10 ms)`);
}

function readJson(path: string): any {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

const signed = (value: number) => (value >= 0 ? `+${value}` : String(value));
