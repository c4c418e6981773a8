// The `xcs-jit` command line: parses argv, runs the command, and turns every failure into a
// message and an exit code (see USAGE in parse-arguments.ts). It never throws, so the bin and
// the tests see the same behaviour.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runBuildCommand } from "../build/build-command.js";
import { InputError, UsageError } from "./cli-errors.js";
import { inspect } from "./inspect.js";
import { USAGE, parseArguments } from "./parse-arguments.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT = { ok: 0, errorDiagnostics: 1, usage: 2, internal: 3 } as const;

export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    // `build` parses its own arguments (transformer/build/build-command.ts).
    if (argv[0] === "build") return runBuildCommand(argv.slice(1), io) ? EXIT.errorDiagnostics : EXIT.ok;
    const command = parseArguments(argv);
    switch (command.kind) {
      case "help":
        io.stdout(`${USAGE}\n`);
        return EXIT.ok;
      case "version":
        io.stdout(`${packageVersion()}\n`);
        return EXIT.ok;
      case "inspect":
        return inspect(command, io) ? EXIT.errorDiagnostics : EXIT.ok;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`xcs-jit: ${error.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr(`xcs-jit: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`xcs-jit: internal error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

/** The version of the xcs-jit package this file belongs to, found by walking up from here. */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      // dist/cjs/package.json only sets the module type; keep climbing past it.
      if (manifest.name === "xcs-jit" && manifest.version) return manifest.version;
    } catch {
      // no package.json in this directory
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
