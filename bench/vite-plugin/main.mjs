// The compile-time cost of xcs-jit/vite: a Vite build (SSR, no minify) of the generated 200-file
// project (100 structural classes, bench/compile/generate-project.mjs) with and without the
// plugin, the variants alternating so machine noise hits them alike. The plugin runs as users get
// it: with the project's tsconfig, on its worker thread; for comparison, on Vite's own thread and
// without a tsconfig. Every file is analysed (the transform cache is emptied before each such
// build), except in the "results kept" variant, which builds an unchanged project again with the
// cache the previous build left; and "output only" serves that kept output without the plugin at
// all (recorded-output.mjs), which measures what Vite pays for the output alone. Two ways: each
// build a fresh process, as `vite build` is (loading TypeScript counts; the figure of record, in
// wall and CPU time), and builds repeated in one warm process.
//   node bench/vite-plugin/main.mjs [--rounds N]
// It builds the package into bench/.tmp/vite-plugin/xcs-jit first (like test/e2e), so the plugin
// measured is the shipped CommonJS build, and never touches the shared dist/.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateProject } from "../compile/generate-project.mjs";
import { describeProject, printRows, resultHeader, summarize, timeNode, writeResult } from "../compile/timings.mjs";
import { buildProject } from "./build-once.mjs";

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
const emptiedCache = join(projectDir, "node_modules/.cache/xcs-jit-emptied");
const keptCache = join(projectDir, "node_modules/.cache/xcs-jit-kept");
// Entries an earlier build of the package left would be served by "output only" beside the new ones.
rmSync(keptCache, { recursive: true, force: true });
const variants = [
  { name: "vite build", plugin: "none" },
  { name: "vite build + xcs-jit", plugin: pluginEntry, options: { tsconfig: tsconfigs.plain, cache: emptiedCache }, note: `(target <= ${TARGET_RATIO})` },
  { name: "vite build + xcs-jit, on Vite's thread", plugin: pluginEntry, options: { tsconfig: tsconfigs.plain, worker: false, cache: emptiedCache }, note: "(worker: false)" },
  { name: "vite build + xcs-jit, results kept", plugin: pluginEntry, options: { tsconfig: tsconfigs.plain, cache: keptCache }, note: "(an unchanged project built again)" },
  // After "results kept", whose uncounted first build leaves the output this one serves.
  { name: "vite build + xcs-jit's output only", plugin: "recorded", options: { cache: keptCache }, note: "(no analysis: what the output alone costs)" },
  { name: "vite build + xcs-jit, no tsconfig", plugin: pluginEntry, options: { tsconfig: false, cache: emptiedCache }, note: "(tsconfig: false)" },
];
const cpuUsage = fileURLToPath(new URL("../compile/cpu-usage.cjs", import.meta.url));
const cpuFile = join(root, "bench/.tmp/vite-plugin-cpu-ms");

const title = describeProject(rounds);
const fresh = await measure(`Vite build, a fresh process each, ${title}`, variants, buildInFreshProcess);
const warm = await measure(`Vite build, repeated in one warm process, ${title}`, variants.slice(0, 5), async (variant) => {
  rmSync(emptiedCache, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  await buildProject(projectDir, variant.plugin, variant.options);
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6 };
});
const ratio = fresh.ratios[1];
console.log("\n                                               wall    cpu");
for (const [i, variant] of variants.entries()) {
  if (i === 0) continue;
  console.log(`fresh: ${variant.name.replace("vite build", "vite")} / vite`.padEnd(46), fresh.ratios[i].toFixed(3), fresh.cpuRatios[i].toFixed(3), variant.note);
}
for (const [i, row] of warm.rows.entries()) {
  if (i === 0) continue;
  console.log(`warm:  ${row.variant.replace("vite build", "vite")} / vite`.padEnd(46), warm.ratios[i].toFixed(3));
}

const result = {
  ...resultHeader("vite-plugin", rounds),
  fresh,
  warm,
  ratio,
  keptRatio: fresh.ratios[3],
  outputOnlyRatio: fresh.ratios[4],
  target: TARGET_RATIO,
  meetsTarget: ratio <= TARGET_RATIO,
};
writeResult(root, "vite-plugin", result);

/**
 * Alternates the variants for `rounds` after one uncounted build each; rows and ratios to the
 * first. `time` returns `{ wallMs }`, with `cpuMs` when the build's CPU time was read.
 */
async function measure(heading, measured, time) {
  const samples = measured.map(() => ({ wall: [], cpu: [] }));
  for (const variant of measured) await time(variant);
  for (let round = 0; round < rounds; round++) {
    for (const [i, variant] of measured.entries()) {
      const timing = await time(variant);
      samples[i].wall.push(timing.wallMs);
      if (timing.cpuMs !== undefined) samples[i].cpu.push(timing.cpuMs);
    }
  }
  const rows = measured.map((v, i) => ({
    variant: v.name,
    ...summarize(samples[i].wall),
    ...(samples[i].cpu.length > 0 ? { cpu: summarize(samples[i].cpu) } : {}),
  }));
  printRows(heading, rows);
  if (rows[0].cpu) printRows(`CPU time (user + system, all threads), ${heading}`, rows.map((r) => ({ variant: r.variant, ...r.cpu })));
  return {
    rows,
    ratios: rows.map((row) => row.medianMs / rows[0].medianMs),
    ...(rows[0].cpu ? { cpuRatios: rows.map((row) => row.cpu.medianMs / rows[0].cpu.medianMs) } : {}),
  };
}

function buildInFreshProcess({ name, plugin, options }) {
  rmSync(emptiedCache, { recursive: true, force: true });
  rmSync(cpuFile, { force: true });
  const wallMs = timeNode(name, ["--require", cpuUsage, join(here, "build-once.mjs"), projectDir, plugin, JSON.stringify(options ?? {})], {
    env: { ...process.env, XCS_BENCH_CPU_FILE: cpuFile },
  });
  return { wallMs, cpuMs: Number(readFileSync(cpuFile, "utf8")) };
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

