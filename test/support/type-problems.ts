// What TypeScript reports in some files of a program, as a user's `tsc` prints it: the tests that
// type-check emitted code ask for those files alone. `ts.getPreEmitDiagnostics(program)` checks
// every source file of the program, the runtime's own sources included (`xcs-jit` maps to them),
// which the build checks already: that was most of each such test's time.
import ts from "typescript";

/** `file:line TSxxxx message` for each problem in `files` (syntax, types), and for the program's options. */
export function typeProblems(program: ts.Program, files: readonly string[]): string[] {
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (sourceFile === undefined) throw new Error(`${file} is not in the program`);
    diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  return diagnostics.map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : "";
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}
