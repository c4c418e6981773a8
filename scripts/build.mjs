// Builds the package: the runtime as ES modules (dist/runtime) and the transformer as CommonJS
// (dist/cjs/transformer), so ts-patch 3 and 4 load it with a plain require().
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

const tsc = (project) => execFileSync("npx", ["tsc", "-p", project], { stdio: "inherit" });

rmSync("dist", { recursive: true, force: true });
tsc("tsconfig.build.json");
tsc("tsconfig.cjs.json");
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
