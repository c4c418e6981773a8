// Turns argv into a command, or a usage error the CLI prints with exit code 2.
import { parseArgs } from "node:util";
import { UsageError } from "./cli-errors.js";

export type OutputFormat = "text" | "json";

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "inspect"; file: string; className?: string; format: OutputFormat };

export const USAGE = `Usage: xcs-jit inspect <file.ts> [--class <Name>] [--format text|json]
       xcs-jit build <src> --out <dir> [options]   (run "xcs-jit build" alone for its usage)

Commands:
  inspect   Show, for each @structuralJit class in <file.ts>, the graph-building member the
            transformer emits and every diagnostic (graph breaks, bail-outs, errors) with a code frame.
  build     Write transformed sources for compilers without a transformer API (TypeScript 7).

Options of inspect:
  --class <Name>    Only this class.
  --format <fmt>    "text" (default) for people, "json" for tools.
  -h, --help        Show this help.
  -v, --version     Show the version.

Exit codes:
  0  inspected; no error diagnostics (graph breaks and bail-outs are warnings)
  1  inspected; at least one error diagnostic (misuse of the decorator or options, internal error)
  2  usage error: bad arguments, a missing or unreadable file, an unknown class
  3  the CLI itself failed (a bug; the message says where)`;

export function parseArguments(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseOrExplain(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const [command, ...operands] = positionals;
  if (command === undefined) throw new UsageError("missing command");
  if (command !== "inspect") throw new UsageError(`unknown command "${command}"`);
  if (operands.length === 0) throw new UsageError("inspect needs a file: xcs-jit inspect <file.ts>");
  if (operands.length > 1) {
    throw new UsageError(`inspect takes one file, got ${operands.length}: ${operands.join(" ")}`);
  }

  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--format must be "text" or "json", got "${format}"`);
  }
  if (values.class === "") throw new UsageError("--class needs a class name");
  return { kind: "inspect", file: operands[0]!, className: values.class, format };
}

function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        class: { type: "string" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // node:util's messages are good ("Unknown option '--foo'"); only the error type changes.
    throw new UsageError((error as Error).message);
  }
}
