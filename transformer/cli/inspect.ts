// `xcs-jit inspect <file.ts>`: what the transformer makes of each structural class in one file.
import { accessSync, constants, existsSync, statSync } from "node:fs";
import * as ts from "typescript";
import { countShown } from "../diagnostics/sink.js";
import { analyzeSourceFile } from "../index.js";
import { InputError } from "./cli-errors.js";
import { formatJson, formatText, type InspectReport } from "./format-report.js";
import { emittedMembers } from "./emitted-members.js";
import { loadSourceFile } from "./load-source-file.js";
import type { OutputFormat } from "./parse-arguments.js";
import type { CliIo } from "./run-cli.js";

/** What tspc compiles as TypeScript; a declaration file has no classes to transform. */
const TYPESCRIPT_SOURCE = /(?<!\.d)\.[cm]?tsx?$/;

export interface InspectCommand {
  file: string;
  className?: string;
  format: OutputFormat;
}

/** Prints the report; returns whether any diagnostic is an error (exit code 1). */
export function inspect(command: InspectCommand, io: CliIo): boolean {
  if (!existsSync(command.file)) throw new InputError(`no such file: ${command.file}`);
  if (!statSync(command.file).isFile()) throw new InputError(`not a file: ${command.file}`);
  if (!TYPESCRIPT_SOURCE.test(command.file)) {
    throw new InputError(`not a TypeScript source file (.ts, .tsx, .mts, .cts): ${command.file}`);
  }
  try {
    accessSync(command.file, constants.R_OK);
  } catch (error) {
    throw new InputError(`cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  const loaded = loadSourceFile(ts, command.file);
  // The analysis says what happened to each class; the members it adds are shown as tspc emits
  // them (the classes that gain members, in source order, are those emitted with them).
  const emitted = emittedMembers(ts, loaded);
  let next = 0;
  const analyses = analyzeSourceFile(loaded.sourceFile, { ts, checker: loaded.checker, options: loaded.transformerOptions })
    .map((analysis) => ({ ...analysis, memberText: analysis.memberText === undefined ? undefined : emitted[next++] }));
  const selected = command.className ? analyses.filter((a) => a.className === command.className) : analyses;
  if (command.className && selected.length === 0) {
    const known = analyses.map((a) => a.className).join(", ") || "none";
    throw new InputError(
      `no @structuralJit class named "${command.className}" in ${command.file} (structural classes there: ${known})`,
    );
  }

  const report: InspectReport = {
    file: command.file,
    sourceText: loaded.sourceFile.text,
    tsconfig: loaded.configPath,
    classes: selected,
  };
  io.stdout(command.format === "json" ? formatJson(report) : formatText(report));
  return countShown(selected.flatMap((a) => a.diagnostics)).errors > 0;
}
