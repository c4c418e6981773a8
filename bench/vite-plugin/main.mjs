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
// Then the realistic project (bench/compile/generate-realistic-project.mjs: 200 files of an app,
// 10 of them with operator classes, the rest ordinary code that never mentions xcs-jit), fresh
// processes only: plain Vite, the plugin analysing its 10 files, and the plugin with kept results.
//   node bench/vite-plugin/main.mjs [--rounds N] [--only worst|realistic]
// It builds the package into bench/.tmp/vite-plugin/xcs-jit first (like test/e2e), so the plugin
// measured is the shipped CommonJS build, and never touches the shared dist/.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateProject } from "../compile/generate-project.mjs";
import { generateRealisticProject, OPERATOR_FILES, REALISTIC_FILES } from "../compile/generate-realistic-project.mjs";
import { describeProject, median, printRows, resultHeader, summarize, timeNode, writeResult } from "../compile/timings.mjs";
import { buildProject } from "./build-once.mjs";

const TARGET_RATIO = 1.2;
/** The realistic project's targets: the plugin analysing, and with its results kept. */
const REALISTIC_TARGET = 1.1;
const REALISTIC_KEPT_TARGET = 1.05;
const root = new URL("../../", import.meta.url).pathname;
const here = new URL(".", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, only: { type: "string" } } });
const rounds = Number(values.rounds);
const runs = (project) => values.only === undefined || values.only === project;

const pkg = join(root, "bench/.tmp/vite-plugin/xcs-jit");
const loadBefore = loadavg();
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

const worst = runs("worst") ? await measureWorstCase() : undefined;
const realistic = runs("realistic") ? await measureRealistic() : undefined;
const previous = existsSync(join(root, "bench/results/vite-plugin.json")) ? JSON.parse(readFileSync(join(root, "bench/results/vite-plugin.json"), "utf8")) : {};
const { loadAverage: _, ...previousWorst } = previous;
writeResult(root, "vite-plugin", {
  // A run of one project keeps the other's last figures.
  ...(worst ?? previousWorst),
  realistic: realistic ?? previous.realistic,
  loadAverage: { before: loadBefore, after: loadavg() },
});

/** The project where every file holds a structural class: fresh processes, then one warm process. */
async function measureWorstCase() {
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

  return {
    ...resultHeader("vite-plugin", rounds),
    fresh,
    warm,
    ratio,
    keptRatio: fresh.ratios[3],
    outputOnlyRatio: fresh.ratios[4],
    target: TARGET_RATIO,
    meetsTarget: ratio <= TARGET_RATIO,
  };
}

/** The realistic project: fresh processes, plain Vite against the plugin analysing and with kept results. */
async function measureRealistic() {
  const dir = join(pkg, "realistic");
  const tsconfig = generateRealisticProject(dir);
  const emptied = join(dir, "node_modules/.cache/xcs-jit-emptied");
  const keptResults = join(dir, "node_modules/.cache/xcs-jit-kept");
  rmSync(keptResults, { recursive: true, force: true });
  const measured = [
    { name: "vite build", plugin: "none" },
    { name: "vite build + xcs-jit", plugin: pluginEntry, options: { tsconfig, cache: emptied }, note: `(target <= ${REALISTIC_TARGET})` },
    { name: "vite build + xcs-jit, results kept", plugin: pluginEntry, options: { tsconfig, cache: keptResults }, note: `(target <= ${REALISTIC_KEPT_TARGET})` },
  ];
  const heading = `Vite build of the realistic project (${REALISTIC_FILES} files, ${OPERATOR_FILES} with operator classes), a fresh process each, ${rounds} rounds`;
  const fresh = await measure(heading, measured, (variant) => buildInFreshProcess(variant, dir, emptied));
  console.log("\n                                               wall    cpu    cpu, per round");
  for (const [i, variant] of measured.entries()) {
    if (i > 0) {
      const figures = [fresh.ratios[i], fresh.cpuRatios[i], fresh.cpuRoundRatios[i]].map((r) => r.toFixed(3));
      console.log(`realistic: ${variant.name.replace("vite build", "vite")} / vite`.padEnd(46), figures.join("  "), variant.note);
    }
  }
  return {
    files: REALISTIC_FILES,
    operatorFiles: OPERATOR_FILES,
    rounds,
    fresh,
    cpuRatio: fresh.cpuRatios[1],
    keptCpuRatio: fresh.cpuRatios[2],
    cpuRoundRatio: fresh.cpuRoundRatios[1],
    keptCpuRoundRatio: fresh.cpuRoundRatios[2],
    target: REALISTIC_TARGET,
    keptTarget: REALISTIC_KEPT_TARGET,
  };
}

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
  // Also per round (each variant over the baseline built in the same round), whose median load
  // from elsewhere moves less than a ratio of medians.
  const roundRatios = (key) => measured.map((_, i) => median(samples[i][key].map((ms, round) => ms / samples[0][key][round])));
  return {
    rows,
    ratios: rows.map((row) => row.medianMs / rows[0].medianMs),
    roundRatios: roundRatios("wall"),
    ...(rows[0].cpu ? { cpuRatios: rows.map((row) => row.cpu.medianMs / rows[0].cpu.medianMs), cpuRoundRatios: roundRatios("cpu") } : {}),
  };
}

function buildInFreshProcess({ name, plugin, options }, dir = projectDir, emptied = emptiedCache) {
  rmSync(emptied, { recursive: true, force: true });
  rmSync(cpuFile, { force: true });
  const wallMs = timeNode(name, ["--require", cpuUsage, join(here, "build-once.mjs"), dir, plugin, JSON.stringify(options ?? {})], {
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

