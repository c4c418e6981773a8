// Type-checks emitted modules, all in one program, strict, against the runtime's own types
// (`xcs-jit` mapped to runtime/index.ts): what the emitter produces must be code a user's
// `tsc` accepts, whatever the program it came from.
import { existsSync } from "node:fs";
import ts from "typescript";
import { compilerOptions } from "./compile-batch.js";

/** `file:line TSxxxx message` for every problem in `paths` (files that do not exist are skipped). */
export function typeProblems(paths: readonly string[]): string[] {
  const roots = paths.filter((path) => existsSync(path));
  const program = ts.createProgram(roots, { ...compilerOptions, noEmit: true });
  const inRoots = new Set(roots);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && inRoots.has(d.file.fileName))
    .map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      return `${d.file!.fileName}:${line} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
}
