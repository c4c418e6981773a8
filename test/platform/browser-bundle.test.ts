// Where the runtime runs: a browser has no AsyncLocalStorage, so the runtime must refuse to load
// there with a message that says so (runtime/async-scope.ts), not fail on first use with
// "AsyncLocalStorage is not a constructor". Proved on a real browser build: Vite bundles the
// runtime for the browser (Node built-ins become its empty stand-ins) and the bundle is loaded.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_ASYNC_LOCAL_STORAGE } from "../../runtime/async-scope.js";

const repo = join(import.meta.dirname, "../..");
const scratch = join(repo, "test/.tmp/browser-bundle");
const bundle = join(scratch, "dist/entry.js");

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(
    join(scratch, "entry.ts"),
    `import { Operator } from ${JSON.stringify(join(repo, "runtime/index.ts"))};\nconsole.log("loaded", typeof Operator);\n`,
  );
  await build({
    configFile: false,
    root: scratch,
    logLevel: "silent",
    build: {
      outDir: "dist",
      minify: false,
      target: "es2022",
      rollupOptions: { input: join(scratch, "entry.ts"), output: { entryFileNames: "entry.js" } },
    },
  });
}, 60_000);

describe("the runtime in a browser bundle", () => {
  it("is bundled with Vite's stand-in for node:async_hooks, not the module itself", () => {
    const code = readFileSync(bundle, "utf8");
    expect(code).not.toMatch(/from ["']node:async_hooks["']/);
    expect(code).toContain(NO_ASYNC_LOCAL_STORAGE);
  });

  it("fails at import with the message that says where it runs, before any user code", () => {
    const run = spawnSync(process.execPath, [bundle], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain("loaded");
    expect(run.stderr).toContain(NO_ASYNC_LOCAL_STORAGE);
    expect(run.stderr).not.toContain("is not a constructor");
  });
});

