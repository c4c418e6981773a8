// TypeScript 7 (the native `tsc` of npm's typescript@7) for the tests, installed once into a
// scratch prefix rather than as a devDependency: an aliased `typescript@7` would take over
// node_modules/.bin/tsc from TypeScript 5.9 (see docs/decisions.md).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../e2e/build-package.js";

export const TYPESCRIPT7_VERSION = "7.0.2";

/** The path of TypeScript 7's `tsc` launcher (run it with node). */
export function typescript7Tsc(): string {
  const prefix = join(repoRoot, "test/.tmp/typescript7");
  const tsc = join(prefix, "node_modules/typescript/bin/tsc");
  const manifest = join(prefix, "node_modules/typescript/package.json");
  if (!existsSync(tsc) || !existsSync(manifest)) {
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `typescript@${TYPESCRIPT7_VERSION}`], {
      stdio: "pipe",
      timeout: 240_000,
    });
  }
  return tsc;
}
