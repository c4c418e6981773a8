// Builds xcs-jit into a scratch directory laid out like an installed package (package.json,
// dist/, node_modules linked to the repository's), so end-to-end tests use exactly what
// `npm run build` ships without touching the shared dist/ that other work may be rebuilding.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
export const tscBin = require.resolve("typescript/bin/tsc");
export const tspcBin = require.resolve("ts-patch/bin/tspc.js");

export interface BuildOptions {
  /** Also build the runtime (ES modules, dist/runtime); the transformer (CJS) is always built. */
  runtime: boolean;
}

/** Returns the scratch package's root. Throws with the compiler's output when a build fails. */
export function buildPackage(dir: string, options: BuildOptions): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ["package.json", "tsconfig.base.json"]) cpSync(join(repoRoot, file), join(dir, file));
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");

  if (options.runtime) {
    mustSucceed("tsc (runtime)", runNode(tscBin, ["-p", join(repoRoot, "tsconfig.build.json"), "--outDir", join(dir, "dist")]));
  }
  mustSucceed(
    "tsc (transformer)",
    runNode(tscBin, ["-p", join(repoRoot, "tsconfig.cjs.json"), "--outDir", join(dir, "dist/cjs")]),
  );
  writeFileSync(join(dir, "dist/cjs/package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
  return dir;
}

/** Runs a Node script synchronously from `cwd`, capturing its output as text. */
export function runNode(script: string, args: readonly string[], cwd = repoRoot): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [script, ...args], { cwd, encoding: "utf8", timeout: 240_000 });
}

export function describeRun(run: SpawnSyncReturns<string>): string {
  return `exit ${run.status}${run.error ? ` (${run.error.message})` : ""}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

function mustSucceed(what: string, run: SpawnSyncReturns<string>): void {
  if (run.status !== 0) throw new Error(`${what} failed: ${describeRun(run)}`);
}
