// What the compile-time benchmarks (tspc vs tsc, Vite with and without the plugin) share: the
// summary of a variant's samples and the table plus JSON file every bench prints and writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const round1 = (x) => Math.round(x * 10) / 10;

/** Median, min and max of a variant's wall times, in ms to one decimal. */
export function summarize(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs: round1(medianMs), minMs: round1(sorted[0]), maxMs: round1(sorted.at(-1)), samples: ms.map(round1) };
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
