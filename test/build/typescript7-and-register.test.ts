// The two paths for compilers without a transformer API, on one fresh project (the example's
// ensemble plus an operator with a deliberate graph break): `xcs-jit build` then TypeScript 7's
// native `tsc`, and `node --import xcs-jit/register` straight from the sources (alone, and with
// tsx's hooks in either order, and again from what an earlier run kept). All run the ensemble
// compiled, print the break with its location, and build exactly the same graph.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { SpawnSyncReturns } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BREAK_AT, sources } from "../bundler/acceptance/project-files.js";
import { createTempProject, loadsTypescript, resultOf, type TempProject } from "../bundler/acceptance/temp-project.js";
import { describeRun } from "../e2e/build-package.js";
import { sharedPackage } from "../e2e/shared-package.js";
import { TYPESCRIPT7_VERSION, typescript7Tsc } from "./typescript7.js";

let packageDir: string;
const warning = new RegExp(`src/broken\\.ts:${BREAK_AT} - warning XCS1001: `);
let project: TempProject;
let tsc7: string;

const TSCONFIG_TS7 = JSON.stringify({
  compilerOptions: {
    target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true,
    types: ["node"], rootDir: "gen", outDir: "dist",
  },
  include: ["gen"],
}, null, 2);

beforeAll(() => {
  tsc7 = typescript7Tsc();
  packageDir = sharedPackage();
  project = createTempProject("ts7", packageDir, ["@types/node", "tsx"], { ...sources(), "tsconfig.ts7.json": TSCONFIG_TS7 });
}, 400_000);

afterAll(() => {
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

const ok = (run: SpawnSyncReturns<string>) => expect(run.status, describeRun(run)).toBe(0);
const cli = () => join(packageDir, "dist/cjs/transformer/cli/main.js");

describe("xcs-jit build, then TypeScript 7's tsc", () => {
  let ts7Result: Record<string, unknown>;

  it("writes the transformed sources, with the break reported on stderr", () => {
    const build = project.node([cli(), "build", "src", "--out", "gen"]);
    ok(build);
    expect(build.stderr).toMatch(warning);
    expect(build.stdout).toMatch(/5 files written to gen, 2 with structural classes, 1 diagnostics \(0 errors\)/);
    const pipeline = readFileSync(join(project.dir, "gen/pipeline.ts"), "utf8");
    expect(pipeline).not.toContain("@structuralJit");
    expect(pipeline).toMatch(/structuralJit\(EnsembleJudge\);/);
    expect(pipeline).toMatch(/\/\/# sourceMappingURL=pipeline\.ts\.map/);
  });

  it(`compiles with the native tsc ${TYPESCRIPT7_VERSION} and runs the ensemble compiled`, () => {
    const version = project.node([tsc7, "-v"]);
    expect(version.stdout.trim()).toBe(`Version ${TYPESCRIPT7_VERSION}`);
    ok(project.node([tsc7, "-p", "tsconfig.ts7.json"]));
    const run = project.node(["dist/main.js"]);
    ok(run);
    ts7Result = resultOf(run.stdout);
    expect(ts7Result.mode).toBe("structural");
    expect(ts7Result.calls).toBe(111);
    expect(ts7Result.result).toEqual(ts7Result.eager);
    expect(ts7Result.escalated).toEqual({ answer: "q -> opinion 1" });
  });

  it("builds the same graph as node --import xcs-jit/register run on the sources", () => {
    const run = project.node(["--import", "xcs-jit/register", "src/main.ts"]);
    ok(run);
    expect(run.stderr).toMatch(warning);
    const registered = resultOf(run.stdout);
    expect(registered.mode).toBe("structural");
    expect(registered.graph).not.toBeNull();
    expect(registered.graph).toEqual(ts7Result.graph);
    expect(registered).toEqual(ts7Result);
  });

  it("keeps the JavaScript between runs: an unchanged project runs again without loading TypeScript", () => {
    const env = { XCS_JIT_CACHE: join(project.dir, "register-cache"), NODE_DEBUG: "module" };
    const run = () => project.node(["--import", "xcs-jit/register", "src/main.ts"], { env });
    const first = run();
    ok(first);
    const second = run();
    ok(second);
    expect(loadsTypescript(first), "the first run analyses and strips types").toBe(true);
    expect(loadsTypescript(second), "the second run only reads what the first kept").toBe(false);
    expect(second.stderr, "a kept result still prints its warning").toMatch(warning);
    expect(resultOf(second.stdout)).toEqual(resultOf(first.stdout));
  });

  it("composes with tsx's hooks, registered before or after it", () => {
    for (const order of [["xcs-jit/register", "tsx"], ["tsx", "xcs-jit/register"]]) {
      const run = project.node([...order.flatMap((module) => ["--import", module]), "src/main.ts"]);
      ok(run);
      expect(run.stderr, order.join(" then ")).toMatch(warning);
      expect(resultOf(run.stdout), order.join(" then ")).toEqual(ts7Result);
    }
  });
});
