// What the compile-time benchmarks (tspc vs tsc, Vite with and without the plugin) share: timing
// a Node process, the summary of a variant's samples, and the table plus JSON file every bench
// prints and writes.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STRUCTURAL_FILES, SUPPORT_FILES } from "./generate-project.mjs";

const round1 = (x) => Math.round(x * 10) / 10;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of a variant's wall times, in ms to one decimal. */
export function summarize(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { medianMs: round1(median(ms)), minMs: round1(sorted[0]), maxMs: round1(sorted.at(-1)), samples: ms.map(round1) };
}

/**
 * Runs `node <args>` to completion and returns its wall time in ms. A variant that fails ends
 * the benchmark: its timing would be meaningless.
 */
export function timeNode(name, args, options = {}) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: "utf8", ...options });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
  return wallMs;
}

/** The project and rounds, as every table's title says them. */
export function describeProject(rounds) {
  return `${SUPPORT_FILES + STRUCTURAL_FILES} files, ${STRUCTURAL_FILES} structural classes, ${rounds} rounds`;
}

/** What every result file starts with: when, on what, and the project measured. */
export function resultHeader(benchmark, rounds) {
  return {
    benchmark,
    date: new Date().toISOString(),
    node: process.version,
    files: SUPPORT_FILES + STRUCTURAL_FILES,
    structuralClasses: STRUCTURAL_FILES,
    rounds,
  };
}

/** Prints the variants' table under `title`. */
export function printRows(title, rows) {
  console.log(`\n${title}`);
  console.table(rows.map((r) => ({ variant: r.variant, "median ms": r.medianMs, "min ms": r.minMs, "max ms": r.maxMs })));
}

/** Writes `result` to bench/results/<name>.json under the repository `root`. */
export function writeResult(root, name, result) {
  mkdirSync(join(root, "bench/results"), { recursive: true });
  const out = join(root, `bench/results/${name}.json`);
  writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${out}`);
}
