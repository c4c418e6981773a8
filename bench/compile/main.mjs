// The compile-time cost of the transformer: plain `tsc` against `tspc` with the xcs-jit plugin on
// a generated 200-file project (100 structural classes), in the same run, alternating the
// compilers so machine noise hits both alike. `tspc` without plugins is timed too, to separate
// ts-patch's own cost from the transformer's. So is the other way users run the plugin: a copy of
// `typescript` patched in place by `ts-patch install`, whose plain `tsc` then runs plugins.
//   npm run bench:compile            (builds the package first: the plugin loads from dist/)
//   node bench/compile/main.mjs [--rounds N]
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateProject } from "./generate-project.mjs";
import { describeProject, median, printRows, resultHeader, summarize, timeNode, writeResult } from "./timings.mjs";

const TARGET_RATIO = 1.15;
/** The plugin's own share, over the same compiler without it (CPU time, per round): what the plugin controls. */
const SHARE_TARGET = 1.05;
const root = new URL("../../", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const tscBin = require.resolve("typescript/bin/tsc");
const tspcBin = require.resolve("ts-patch/bin/tspc.js");
const tsPatchBin = require.resolve("ts-patch/bin/ts-patch.js");

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);

if (!existsSync(join(root, "dist/cjs/transformer/index.js"))) {
  console.error("dist/cjs/transformer/index.js is missing: run `npm run build` first.");
  process.exit(1);
}

const projectDir = join(root, "bench/.tmp/compile-project");
const tsconfigs = generateProject(projectDir, root);
const patchedTscBin = patchedTypescript(join(root, "bench/.tmp/patched-typescript"));
const variants = [
  { name: "tsc", bin: tscBin, project: tsconfigs.plain },
  { name: "tspc (no plugin)", bin: tspcBin, project: tsconfigs.plain },
  { name: "tspc + xcs-jit", bin: tspcBin, project: tsconfigs.plugin, plugin: true },
  { name: "patched tsc (no plugin)", bin: patchedTscBin, project: tsconfigs.plain },
  { name: "patched tsc + xcs-jit", bin: patchedTscBin, project: tsconfigs.plugin, plugin: true },
];
// A plugin variant that silently ran without the plugin would time plain tsc: each run must emit a structure.
const probe = join(projectDir, "out-plugin/pipelines/pipeline0.js");
const cpuUsage = fileURLToPath(new URL("./cpu-usage.cjs", import.meta.url));
const cpuFile = join(root, "bench/.tmp/compile-cpu-ms");

const samples = new Map(variants.map((v) => [v.name, { wall: [], cpu: [] }]));
const loadBefore = loadavg();
// Warms the file system cache and ts-patch's cache of the live-patched compiler; not counted.
for (const variant of variants) compileOnce(variant);
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) {
    const { wallMs, cpuMs } = compileOnce(variant);
    samples.get(variant.name).wall.push(wallMs);
    samples.get(variant.name).cpu.push(cpuMs);
  }
}
const loadAfter = loadavg();

const rows = variants.map((v) => ({ variant: v.name, ...summarize(samples.get(v.name).wall), cpu: summarize(samples.get(v.name).cpu) }));
const ratios = (median) => ({
  ratio: median("tspc + xcs-jit") / median("tsc"),
  transformerOnlyRatio: median("tspc + xcs-jit") / median("tspc (no plugin)"),
  patchedRatio: median("patched tsc + xcs-jit") / median("tsc"),
  patchedTransformerOnlyRatio: median("patched tsc + xcs-jit") / median("patched tsc (no plugin)"),
});
const row = (name) => rows.find((r) => r.variant === name);
const wall = ratios((name) => row(name).medianMs);
const cpu = ratios((name) => row(name).cpu.medianMs);
// The same over CPU time per round (each compiler over the other built in the same round), whose
// median load from elsewhere moves less than a ratio of medians.
const perRound = (over, under) => median(samples.get(over).cpu.map((ms, round) => ms / samples.get(under).cpu[round]));
const cpuPerRound = {
  ratio: perRound("tspc + xcs-jit", "tsc"),
  transformerOnlyRatio: perRound("tspc + xcs-jit", "tspc (no plugin)"),
  patchedRatio: perRound("patched tsc + xcs-jit", "tsc"),
  patchedTransformerOnlyRatio: perRound("patched tsc + xcs-jit", "patched tsc (no plugin)"),
};

const title = describeProject(rounds);
printRows(`Compile wall time, ${title}`, rows);
printRows(`Compile CPU time (user + system), ${title}`, rows.map((r) => ({ variant: r.variant, ...r.cpu })));
console.log("                                                 wall    cpu    cpu, per round");
const line = (label, key, target) =>
  console.log(`${label.padEnd(48)} ${wall[key].toFixed(3)}  ${cpu[key].toFixed(3)}  ${cpuPerRound[key].toFixed(3)}${target ? `  (target <= ${target})` : ""}`);
line("tspc + xcs-jit / tsc", "ratio", TARGET_RATIO);
line("tspc + xcs-jit / tspc (no plugin)", "transformerOnlyRatio", SHARE_TARGET);
line("patched tsc + xcs-jit / tsc", "patchedRatio", TARGET_RATIO);
line("patched tsc + xcs-jit / patched tsc (no plugin)", "patchedTransformerOnlyRatio", SHARE_TARGET);
console.log(`load average before / after: ${loadBefore.map((x) => x.toFixed(2)).join(" ")} / ${loadAfter.map((x) => x.toFixed(2)).join(" ")}`);

const result = {
  ...resultHeader("compile", rounds),
  rows,
  ratio: wall.ratio,
  transformerOnlyRatio: wall.transformerOnlyRatio,
  target: TARGET_RATIO,
  meetsTarget: wall.ratio <= TARGET_RATIO,
  // `ts-patch install` on a copy of this typescript: plain `tsc` runs the plugin, no live patching.
  patchedRatio: wall.patchedRatio,
  patchedTransformerOnlyRatio: wall.patchedTransformerOnlyRatio,
  patchedMeetsTarget: wall.patchedRatio <= TARGET_RATIO,
  // The same ratios over CPU time, which load on the machine moves far less than wall time.
  cpu,
  cpuPerRound,
  shareTarget: SHARE_TARGET,
  meetsShareTarget: cpuPerRound.transformerOnlyRatio <= SHARE_TARGET && cpuPerRound.patchedTransformerOnlyRatio <= SHARE_TARGET,
  loadAverage: { before: loadBefore, after: loadAfter },
};
writeResult(root, "compile", result);

/**
 * A copy of this repository's `typescript` under `dir`, patched in place by `ts-patch install`
 * (what users do in a `prepare` script); the repository's own node_modules stay untouched.
 * Returns the copy's `tsc`.
 */
function patchedTypescript(dir) {
  const typescriptDir = join(dir, "node_modules/typescript");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  cpSync(dirname(require.resolve("typescript/package.json")), typescriptDir, { recursive: true });
  const install = spawnSync(process.execPath, [tsPatchBin, "install", "--dir", typescriptDir, "--silent"], { encoding: "utf8" });
  if (install.status !== 0) {
    console.error(`ts-patch install failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
    process.exit(1);
  }
  return join(typescriptDir, "bin/tsc");
}

function compileOnce({ name, bin, project, plugin }) {
  rmSync(probe, { force: true });
  rmSync(cpuFile, { force: true });
  // Warnings from the plugin are printed, not added as diagnostics, so any non-zero exit is a real failure.
  const wallMs = timeNode(name, ["--require", cpuUsage, bin, "-p", project], {
    cwd: projectDir,
    env: { ...process.env, XCS_BENCH_CPU_FILE: cpuFile },
  });
  if (plugin && !readFileSync(probe, "utf8").includes("XCS_STRUCTURE")) {
    console.error(`${name} emitted ${probe} without a structure: the plugin did not run`);
    process.exit(1);
  }
  return { wallMs, cpuMs: Number(readFileSync(cpuFile, "utf8")) };
}

