/**
 * The `build` subcommand's arguments and output: warnings (breaks, bail-outs) on stderr in `tsc`'s
 * `file:line:column - warning XCS1003: ...` form, a one-line summary on stdout. Returns whether
 * any error diagnostic was reported (misuse, internal errors, breaks under `--strict`). Bad
 * arguments throw the CLI's InputError, whose message carries this command's usage.
 */
import { parseArgs } from "node:util";
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { InputError } from "../cli/cli-errors.js";
import { formatDiagnostic, type XcsDiagnostic } from "../index.js";
import { countShown, deliver } from "../diagnostics/sink.js";
import { buildSources } from "./build-sources.js";

export const BUILD_USAGE = `Usage: xcs-jit build <src> --out <dir> [--tsconfig <path> | --no-tsconfig] [--strict]

Writes the transformed TypeScript sources (and source maps) of <src> to <dir>, for compilers
without a transformer API such as TypeScript 7's tsc: compile <dir> instead of <src>. <dir> must
lie outside <src> (it is refused if it is, contains or lies inside it).`;

export interface BuildIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export function runBuildCommand(argv: readonly string[], io: BuildIo): boolean {
  const { src, out, tsconfig, strict } = parseBuildArguments(argv);
  const summary = buildSources({ src, out, tsconfig, strict });
  for (const problem of summary.problems) io.stderr(`${problem}\n`);
  const print = (d: XcsDiagnostic) => io.stderr(`${formatDiagnostic(d, process.cwd())}\n`);
  deliver(summary.diagnostics, { warn: print, fail: (errors) => errors.forEach(print) });
  const { shown, errors } = countShown(summary.diagnostics);
  io.stdout(`xcs-jit build: ${summary.written} files written to ${out}, ${summary.transformed.length} with structural classes` +
    `${shown ? `, ${shown} diagnostics (${errors} errors)` : ""}` +
    `${summary.problems.length ? `, ${summary.problems.length} files with errors of their own (syntax, unreadable)` : ""}\n`);
  return errors > 0 || summary.problems.length > 0;
}

function parseBuildArguments(argv: readonly string[]): { src: string; out: string; tsconfig?: string | false; strict: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { out: { type: "string" }, tsconfig: { type: "string" }, "no-tsconfig": { type: "boolean" }, strict: { type: "boolean" } },
    });
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${BUILD_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new InputError(`build takes one <src>, got ${positionals.length}\n\n${BUILD_USAGE}`);
  if (!values.out) throw new InputError(`build needs --out <dir>\n\n${BUILD_USAGE}`);
  if (values.tsconfig !== undefined && values["no-tsconfig"]) throw new InputError("--tsconfig and --no-tsconfig exclude each other");
  if (!existsSync(positionals[0]!)) throw new InputError(`build: no such file or directory: ${positionals[0]}`);
  checkOut(positionals[0]!, values.out);
  return { src: positionals[0]!, out: values.out, tsconfig: values["no-tsconfig"] ? false : values.tsconfig, strict: values.strict ?? false };
}

/**
 * Writing into the input would overwrite the user's sources with transformed copies (and a second
 * build would transform its own output), so an --out that is, contains or lies inside <src> is
 * refused before anything is written. Compared through real paths, so a symlink cannot hide it.
 */
function checkOut(src: string, out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new InputError(`build: --out must be a directory, but ${out} is a file\n\n${BUILD_USAGE}`);
  }
  const input = realpathSync(src);
  const output = realPathOfMaybeMissing(resolve(out));
  const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  // A single file is written to <out>/<its name>: only its own directory would overwrite it.
  const how = statSync(input).isFile()
    ? output === dirname(input) ? "is the directory of" : undefined
    : output === input ? "is" : inside(output, input) ? "lies inside" : inside(input, output) ? "contains" : undefined;
  if (how) {
    throw new InputError(
      `build: --out ${out} ${how} the input ${src}, so it would overwrite the sources; choose a directory outside it (e.g. --out gen)\n\n${BUILD_USAGE}`,
    );
  }
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended. */
function realPathOfMaybeMissing(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : resolve(realPathOfMaybeMissing(parent), relative(parent, path));
}
