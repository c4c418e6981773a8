import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import xcsJit from "./transformer/bundler/vite.js";
import { resolvePropertySeed } from "./test/support/property-seed.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// One fast-check seed for the whole run (test/support/property-seed.ts). A drawn one is printed,
// so the run can be replayed with FC_SEED=<seed>, and kept in the environment: vitest evaluates
// this file again for each project, and every evaluation must hand the workers the same seed.
const property = resolvePropertySeed(process.env.FC_SEED);
if (property.random) {
  process.env.FC_SEED = String(property.seed);
  console.log(`fast-check seed: ${property.seed} (replay: FC_SEED=${property.seed} npm test)`);
}

/**
 * Whole toolchains in fresh projects (webpack, Rspack, Vite, Rollup, esbuild, Vitest builds;
 * TypeScript 7 and `--import xcs-jit/register`) and the built package (`tsc` of the whole package,
 * then the examples through the real `tspc`, the bin under plain Node, the CommonJS entry):
 * `npm run test:e2e`, run by `.ci/run`, not `npm test`.
 */
const endToEnd = ["test/bundler/acceptance/**/*.test.ts", "test/build/typescript7-and-register.test.ts", "test/e2e/**/*.test.ts"];
const scratch = ["test/.tmp/**", "**/node_modules/**"];

/**
 * Files that need a module graph of their own: they assert on process-wide state other files'
 * runs may leave behind (an invoke hook, a class's registration, `--import` hooks that read their
 * settings once per process), or, like the differential campaign, load hundreds of compiled
 * modules a shared graph would keep.
 */
const ownGraph = [
  "test/jit/explain.test.ts",
  "test/scheduler/leaf-calls.test.ts",
  "test/tracing/tracer-context.test.ts",
  "test/transforms/vmap.test.ts",
  "test/register/**/*.test.ts",
  "test/restate/**/*.test.ts",
  "test/differential/**/*.test.ts",
];

export default defineConfig({
  // Dogfooding: test files there may declare @structuralJit classes inline and run them compiled.
  plugins: [xcsJit({ include: /\/test\/bundler\/dogfood\/[^/]+\.ts$/, tsconfig: here("./test/bundler/dogfood/tsconfig.json") })],
  resolve: {
    alias: [
      { find: /^xcs-jit$/, replacement: here("./runtime/index.ts") },
      { find: /^xcs-jit\/transformer$/, replacement: here("./transformer/index.ts") },
      { find: /^xcs-jit\/ai-sdk$/, replacement: here("./runtime/models/ai-sdk.ts") },
      { find: /^xcs-jit\/restate$/, replacement: here("./runtime/restate/index.ts") },
    ],
  },
  test: {
    testTimeout: 30_000,
    // `globalThis.gc` for the tests proving caches release what they key on.
    execArgv: ["--expose-gc"],
    // Most of the slow files wait on child processes (tsc, bundlers, a Restate server): two workers
    // keep both cores busy where vitest's default (cores - 1) would leave one idle.
    maxWorkers: 2,
    env: { FC_SEED: String(property.seed) },
    setupFiles: [here("./test/support/property-seed-setup.ts")],
    projects: [
      // Tests write compiled modules and scratch projects under test/.tmp; none of them is a suite.
      // Every other file shares one module graph per worker (`isolate: false`): a fresh graph per
      // file loaded the runtime and TypeScript's compiler again each time, half the suite's CPU.
      { extends: true, test: { name: "unit", include: ownGraph, exclude: scratch } },
      { extends: true, test: { name: "unit-shared", include: ["test/**/*.test.ts"], exclude: [...scratch, ...endToEnd, ...ownGraph], isolate: false } },
      { extends: true, test: { name: "e2e", include: endToEnd, exclude: scratch } },
    ],
  },
});
