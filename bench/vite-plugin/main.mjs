// The compile-time cost of xcs-jit/vite: a Vite build (SSR, no minify) of the generated 200-file
// project (100 structural classes, bench/compile/generate-project.mjs) with and without the
// plugin, alternating in the same process so machine noise hits both alike. The plugin runs
// type-aware (one language service per build over the project's tsconfig), as users get it.
//   node bench/vite-plugin/main.mjs [--rounds N]
// It builds the package into bench/.tmp/vite-plugin/xcs-jit first (like test/e2e), so the plugin
// measured is the shipped CommonJS build, and never touches the shared dist/.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { STRUCTURAL_FILES, SUPPORT_FILES, generateProject } from "../compile/generate-project.mjs";
import { printRows, summarize, writeResult } from "../compile/timings.mjs";

const TARGET_RATIO = 1.2;
const root = new URL("../../", import.meta.url).pathname;
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

const { build } = await import(require.resolve("vite", { paths: [root] }));
const { xcsJit } = await import(join(pkg, "dist/cjs/transformer/bundler/vite.js"));
const variants = [
  { name: "vite build", plugins: () => [] },
  { name: "vite build + xcs-jit", plugins: () => [xcsJit({ tsconfig: tsconfigs.plain, root: projectDir })] },
  // Import-binding resolution only: no program, but every operator call becomes a host node.
  { name: "vite build + xcs-jit, no tsconfig", plugins: () => [xcsJit({ tsconfig: false, root: projectDir })] },
];

const samples = new Map(variants.map((v) => [v.name, []]));
await buildOnce(variants[1]); // warm caches and the JIT of both paths; not counted
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) samples.get(variant.name).push(await buildOnce(variant));
}

const rows = variants.map((v) => ({ variant: v.name, ...summarize(samples.get(v.name)) }));
const ratio = rows[1].medianMs / rows[0].medianMs;
const bindingsOnlyRatio = rows[2].medianMs / rows[0].medianMs;
printRows(`Vite build, ${SUPPORT_FILES + STRUCTURAL_FILES} files, ${STRUCTURAL_FILES} structural classes, ${rounds} rounds`, rows);
console.log(`vite + xcs-jit / vite:               ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
console.log(`vite + xcs-jit, no tsconfig / vite:  ${bindingsOnlyRatio.toFixed(3)} (degraded resolution, for comparison)`);

const result = {
  benchmark: "vite-plugin",
  date: new Date().toISOString(),
  node: process.version,
  files: SUPPORT_FILES + STRUCTURAL_FILES,
  structuralClasses: STRUCTURAL_FILES,
  rounds,
  rows,
  ratio,
  bindingsOnlyRatio,
  target: TARGET_RATIO,
  meetsTarget: ratio <= TARGET_RATIO,
};
writeResult(root, "vite-plugin", result);

async function buildOnce(variant) {
  const start = process.hrtime.bigint();
  await build({
    root: projectDir,
    configFile: false,
    logLevel: "silent",
    plugins: variant.plugins(),
    build: { ssr: "src/entry.ts", outDir: "dist", minify: false, emptyOutDir: true, write: true },
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
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

