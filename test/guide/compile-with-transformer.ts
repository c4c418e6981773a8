// Compiles TypeScript the way `tspc` would (the xcs-jit transformer in the `before` phase, with
// the program's type checker) into a directory under test/.tmp/, as ES modules that vitest can
// import: "xcs-jit" resolves to the runtime sources, so the compiled classes run structurally.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as ts from "typescript";
import { createTransformer } from "../../transformer/index.js";

export interface CompileTarget {
  readonly files: readonly string[];
  /** Output keeps the layout of the files below this directory (their relative imports). */
  readonly rootDir: string;
  readonly outDir: string;
}

export function compileWithTransformer(program: ts.Program, target: CompileTarget): void {
  rmSync(target.outDir, { recursive: true, force: true });
  // Breaks are reported (and checked) by the tests that analyse the files; here they are noise.
  const transformer = createTransformer(program, { ts, onDiagnostic: () => {} });
  for (const file of target.files) {
    const out = join(target.outDir, relative(target.rootDir, file).replace(/\.ts$/, ".js"));
    const writeFile: ts.WriteFileCallback = (name, text) => {
      if (!name.endsWith(".js")) return;
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    };
    const result = program.emit(program.getSourceFile(file), writeFile, undefined, false, { before: [transformer] });
    if (result.emitSkipped) throw new Error(`emit skipped for ${file}`);
  }
}
