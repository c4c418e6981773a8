// The compile-time cost of the transformer: plain `tsc` against `tspc` with the xcs-jit plugin on
// a generated 200-file project (100 structural classes), in the same run, alternating the
// compilers so machine noise hits both alike. `tspc` without plugins is timed too, to separate
// ts-patch's own cost from the transformer's.
//   npm run bench:compile            (builds the package first: the plugin loads from dist/)
//   node bench/compile/main.mjs [--rounds N]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { STRUCTURAL_FILES, SUPPORT_FILES, generateProject } from "./generate-project.mjs";
import { printRows, summarize, writeResult } from "./timings.mjs";

const TARGET_RATIO = 1.15;
const root = new URL("../../", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const tscBin = require.resolve("typescript/bin/tsc");
const tspcBin = require.resolve("ts-patch/bin/tspc.js");

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);

if (!existsSync(join(root, "dist/cjs/transformer/index.js"))) {
  console.error("dist/cjs/transformer/index.js is missing: run `npm run build` first.");
  process.exit(1);
}

const projectDir = join(root, "bench/.tmp/compile-project");
const tsconfigs = generateProject(projectDir, root);
const variants = [
  { name: "tsc", bin: tscBin, project: tsconfigs.plain },
  { name: "tspc (no plugin)", bin: tspcBin, project: tsconfigs.plain },
  { name: "tspc + xcs-jit", bin: tspcBin, project: tsconfigs.plugin },
];

const samples = new Map(variants.map((v) => [v.name, []]));
compileOnce(variants[0]); // warm the file system cache; not counted
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) samples.get(variant.name).push(compileOnce(variant));
}

const rows = variants.map((v) => ({ variant: v.name, ...summarize(samples.get(v.name)) }));
const median = (name) => rows.find((r) => r.variant === name).medianMs;
const ratio = median("tspc + xcs-jit") / median("tsc");
const transformerOnly = median("tspc + xcs-jit") / median("tspc (no plugin)");

printRows(`Compile time, ${SUPPORT_FILES + STRUCTURAL_FILES} files, ${STRUCTURAL_FILES} structural classes, ${rounds} rounds`, rows);
console.log(`tspc + xcs-jit / tsc:              ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
console.log(`tspc + xcs-jit / tspc (no plugin): ${transformerOnly.toFixed(3)} (the transformer alone)`);

const result = {
  benchmark: "compile",
  date: new Date().toISOString(),
  node: process.version,
  files: SUPPORT_FILES + STRUCTURAL_FILES,
  structuralClasses: STRUCTURAL_FILES,
  rounds,
  rows,
  ratio,
  transformerOnlyRatio: transformerOnly,
  target: TARGET_RATIO,
  meetsTarget: ratio <= TARGET_RATIO,
};
writeResult(root, "compile", result);

function compileOnce({ name, bin, project }) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, "-p", project], { cwd: projectDir, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Warnings from the plugin are printed, not added as diagnostics, so any non-zero exit is a
  // real failure and the timing would be meaningless.
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
  return ms;
}

