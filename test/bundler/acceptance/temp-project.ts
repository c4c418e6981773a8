// A fresh project in the system's temp folder: package.json, tsconfig, sources, and a
// node_modules whose entries link to the built xcs-jit and to the repository's own tools.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "../../e2e/build-package.js";

export interface TempProject {
  readonly dir: string;
  /** Runs `node <args>` in the project (or in `cwd`), with `env` added to this process's environment. */
  node(args: readonly string[], options?: RunOptions): SpawnSyncReturns<string>;
  /** Runs an executable in the project. */
  run(command: string, args: readonly string[]): SpawnSyncReturns<string>;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export function createTempProject(name: string, packageDir: string, tools: readonly string[], files: Record<string, string>): TempProject {
  const dir = mkdtempSync(join(tmpdir(), `xcs-jit-${name}-`));
  const all: Record<string, string> = {
    "package.json": JSON.stringify({ name: `acceptance-${name}`, private: true, type: "module" }, null, 2),
    "tsconfig.json": JSON.stringify({
      compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: true, noEmit: true },
      include: ["src"],
    }, null, 2),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(packageDir, join(dir, "node_modules/xcs-jit"), "dir");
  for (const tool of tools) {
    mkdirSync(dirname(join(dir, "node_modules", tool)), { recursive: true });
    symlinkSync(join(repoRoot, "node_modules", tool), join(dir, "node_modules", tool), "dir");
  }
  return {
    dir,
    node: (args, options = {}) => spawnSync(process.execPath, args, {
      cwd: options.cwd ?? dir,
      env: { ...process.env, ...options.env },
      encoding: "utf8",
      timeout: 240_000,
    }),
    run: (command, args) => spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 240_000 }),
  };
}

/** The `RESULT {...}` line a run printed. */
export function resultOf(output: string): Record<string, unknown> {
  const line = output.split("\n").find((l) => l.includes("RESULT {"));
  if (!line) throw new Error(`no RESULT line in:\n${output}`);
  return JSON.parse(line.slice(line.indexOf("RESULT ") + "RESULT ".length)) as Record<string, unknown>;
}

/** Whether a run started with `NODE_DEBUG=module` loaded TypeScript, on any thread (every CommonJS file loaded is named). */
export function loadsTypescript(run: SpawnSyncReturns<string>): boolean {
  return /typescript[\\/]lib[\\/]typescript\.js/.test(run.stderr);
}
