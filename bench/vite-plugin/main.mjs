// The compile-time cost of xcs-jit/vite: a Vite build (SSR, no minify) of the generated 200-file
// project (100 structural classes, bench/compile/generate-project.mjs) with and without the
// plugin, each build a fresh process as `vite build` is (so loading TypeScript counts), the
// variants alternating so machine noise hits them alike. The plugin runs as users get it: with
// the project's tsconfig, on its worker thread. For comparison: the plugin on the bundler's own
// thread, and without a tsconfig.
//   node bench/vite-plugin/main.mjs [--rounds N]
// It builds the package into bench/.tmp/vite-plugin/xcs-jit first (like test/e2e), so the plugin
// measured is the shipped CommonJS build, and never touches the shared dist/.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { STRUCTURAL_FILES, SUPPORT_FILES, generateProject } from "../compile/generate-project.mjs";
import { printRows, summarize, writeResult } from "../compile/timings.mjs";

const TARGET_RATIO = 1.2;
const root = new URL("../../", import.meta.url).pathname;
const here = new URL(".", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);

const pkg = join(root, "bench/.tmp/vite-plugin/xcs-jit");
buildPackage(pkg);
// Inside the scratch package, so `xcs-jit` and `xcs-jit/vite` resolve by self-reference.
const projectDir = join(pkg, "project");
const tsconfigs = generateProject(projectDir);
const pipelines = readdirSync(join(projectDir, "src/pipelines")).filter((f) => f.endsWith(".ts")).sort();
writeFileSync(join(projectDir, "src/entry.ts"), pipelines.map((f) => `export * from "./pipelines/${f.replace(/\.ts$/, ".js")}";\n`).join(""));

const pluginEntry = join(pkg, "dist/cjs/transformer/bundler/vite.js");
const variants = [
  { name: "vite build", plugin: "none" },
  { name: "vite build + xcs-jit", plugin: pluginEntry, options: { tsconfig: tsconfigs.plain } },
  { name: "vite build + xcs-jit, on Vite's thread", plugin: pluginEntry, options: { tsconfig: tsconfigs.plain, worker: false } },
  { name: "vite build + xcs-jit, no tsconfig", plugin: pluginEntry, options: { tsconfig: false } },
];

const samples = new Map(variants.map((v) => [v.name, []]));
buildOnce(variants[1]); // warm the file system cache; not counted
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) samples.get(variant.name).push(buildOnce(variant));
}

const rows = variants.map((v) => ({ variant: v.name, ...summarize(samples.get(v.name)) }));
const ratio = rows[1].medianMs / rows[0].medianMs;
const inProcessRatio = rows[2].medianMs / rows[0].medianMs;
const noTsconfigRatio = rows[3].medianMs / rows[0].medianMs;
printRows(`Vite build, ${SUPPORT_FILES + STRUCTURAL_FILES} files, ${STRUCTURAL_FILES} structural classes, ${rounds} rounds`, rows);
console.log(`vite + xcs-jit / vite:                  ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
console.log(`vite + xcs-jit on Vite's thread / vite: ${inProcessRatio.toFixed(3)} (worker: false)`);
console.log(`vite + xcs-jit, no tsconfig / vite:     ${noTsconfigRatio.toFixed(3)} (tsconfig: false)`);

const result = {
  benchmark: "vite-plugin",
  date: new Date().toISOString(),
  node: process.version,
  files: SUPPORT_FILES + STRUCTURAL_FILES,
  structuralClasses: STRUCTURAL_FILES,
  rounds,
  rows,
  ratio,
  inProcessRatio,
  noTsconfigRatio,
  target: TARGET_RATIO,
  meetsTarget: ratio <= TARGET_RATIO,
};
writeResult(root, "vite-plugin", result);

function buildOnce({ name, plugin, options }) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(here, "build-once.mjs"), projectDir, plugin, JSON.stringify(options ?? {})], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
  return ms;
}

function buildPackage(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ["package.json", "tsconfig.base.json"]) cpSync(join(root, file), join(dir, file));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(dir, "dist")], { stdio: "inherit" });
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.cjs.json"), "--outDir", join(dir, "dist/cjs")], { stdio: "inherit" });
  writeFileSync(join(dir, "dist/cjs/package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
}

