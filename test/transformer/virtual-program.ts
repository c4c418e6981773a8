// A TypeScript Program over in-memory sources that import "xcs-jit" (mapped to runtime/index.ts,
// as in tsconfig.json), so tests can run the transformer with a real type checker. Files read from
// disk (the runtime, lib.d.ts) are parsed once and shared by every Program this object creates,
// which keeps a program per test case cheap.
import { fileURLToPath } from "node:url";
import * as ts from "typescript";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Strict ES modules as the tests compile user code: the base of every test program's options. */
export const strictModuleOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2023.d.ts"],
  types: ["node"],
  strict: true,
  skipLibCheck: true,
};

export const compilerOptions: ts.CompilerOptions = {
  ...strictModuleOptions,
  noEmitOnError: false,
  baseUrl: repoRoot,
  paths: { "xcs-jit": ["./runtime/index.ts"] },
};

export class VirtualPrograms {
  private readonly diskFiles = new Map<string, ts.SourceFile>();
  private previous: ts.Program | undefined;

  /** A program whose root files are `sources` (absolute path → text). */
  create(sources: Readonly<Record<string, string>>): ts.Program {
    const base = ts.createCompilerHost(compilerOptions, true);
    const host: ts.CompilerHost = {
      ...base,
      fileExists: (name) => name in sources || base.fileExists(name),
      readFile: (name) => sources[name] ?? base.readFile(name),
      getSourceFile: (name, language) => {
        const text = sources[name];
        if (text !== undefined) return ts.createSourceFile(name, text, language, true);
        let file = this.diskFiles.get(name);
        if (!file) {
          file = base.getSourceFile(name, language);
          if (file) this.diskFiles.set(name, file);
        }
        return file;
      },
    };
    this.previous = ts.createProgram(Object.keys(sources), compilerOptions, host, this.previous);
    return this.previous;
  }
}
