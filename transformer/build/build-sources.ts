/**
 * `xcs-jit build <src> --out <dir>`: the transform as a source-to-source step, for compilers
 * with no transformer API (TypeScript 7's native `tsc`, swc, Bun). Every TypeScript file under
 * `src` is written to `out` with its structure members added and `@structuralJit` turned into a
 * registration call; a transformed file also gets a source map back to the original. Other files
 * are copied, so relative imports keep working from `out`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import typescriptModule from "typescript";
import type * as TS from "typescript";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
import type { TypeScriptApi } from "../typescript-api.js";
import { createSourceCompiler, type SourceCompilerOptions } from "../bundler/source-compiler.js";

export interface BuildSourcesOptions extends Omit<SourceCompilerOptions, "ts"> {
  /** A directory (walked, skipping node_modules and `out`) or a single file. */
  readonly src: string;
  readonly out: string;
}

export interface BuildSummary {
  readonly written: number;
  /** Paths relative to `out` of the files that gained members. */
  readonly transformed: readonly string[];
  readonly diagnostics: readonly XcsDiagnostic[];
  /**
   * Errors of the input files themselves, one line each in `tsc`'s form: syntax errors (the file
   * is copied untransformed) and symlinks that lead nowhere. Each makes the build fail.
   */
  readonly problems: readonly string[];
}

/** `typescript` is CommonJS (`export =`): its default import is the namespace itself. */
const ts = typescriptModule as unknown as TypeScriptApi;

const TYPESCRIPT_SOURCE = /\.[cm]?tsx?$/;
const DECLARATION = /\.d\.[cm]?tsx?$/;

export function buildSources(options: BuildSourcesOptions): BuildSummary {
  const src = resolve(options.src);
  const out = resolve(options.out);
  const single = statSync(src).isFile();
  const base = single ? dirname(src) : src;
  const problems: string[] = [];
  const files = single ? [src] : walk(src, out, new Set([realpathSync(src)]), problems);
  // The output is type-checked by the compiler that emits it: its generated functions carry real types.
  const compiler = createSourceCompiler({ ...options, root: options.root ?? process.cwd() });
  const transformed: string[] = [];
  const diagnostics: XcsDiagnostic[] = [];

  for (const file of files) {
    const target = join(out, relative(base, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!TYPESCRIPT_SOURCE.test(file) || DECLARATION.test(file)) {
      copyFileSync(file, target);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const syntaxErrors = syntaxErrorsOf(file, text);
    if (syntaxErrors.length > 0) {
      problems.push(...syntaxErrors);
      copyFileSync(file, target);
      continue;
    }
    const result = compiler.transform(file, text);
    diagnostics.push(...result.diagnostics);
    if (result.code === undefined || result.map === undefined) {
      copyFileSync(file, target);
      continue;
    }
    result.map.file = basename(target);
    result.map.sources = [relative(dirname(target), file).split("\\").join("/")];
    writeFileSync(`${target}.map`, result.map.toString());
    writeFileSync(target, `${result.code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    transformed.push(relative(out, target).split("\\").join("/"));
  }
  return { written: files.length, transformed, diagnostics, problems };
}

/**
 * The parser's errors, which the analysis does not look for: a file that does not parse would be
 * transformed from whatever the parser recovered, and reported as built. A program of the one
 * file, no lib, nothing resolved, asked for its syntactic diagnostics only: what
 * `ts.transpileModule` reports, without the emit that made it cost 20 times as much.
 */
function syntaxErrorsOf(file: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const host: TS.CompilerHost = {
    getSourceFile: (name) => (name === file ? sourceFile : undefined),
    fileExists: (name) => name === file,
    readFile: () => undefined,
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => {},
    getCurrentDirectory: () => dirname(file),
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
  };
  const program = ts.createProgram({ rootNames: [file], options: { noLib: true, noResolve: true, types: [] }, host });
  return program.getSyntacticDiagnostics(sourceFile).filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => {
    const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    return `${relative(process.cwd(), file)}:${line + 1}:${character + 1} - error TS${d.code}: ${message}`;
  });
}

/**
 * The files under `dir`, sorted, skipping node_modules and `out`. Symlinks are followed, except one
 * back to an enclosing directory (`enclosing` holds their real paths), which would never end; it
 * and a link that leads nowhere are reported.
 */
function walk(dir: string, out: string, enclosing: ReadonlySet<string>, problems: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const path = join(dir, entry.name);
    const shown = relative(process.cwd(), path);
    let stats;
    try {
      stats = entry.isSymbolicLink() ? statSync(path) : entry;
    } catch {
      problems.push(`${shown} - error: a symbolic link to a missing file (not built)`);
      return [];
    }
    if (stats.isDirectory()) {
      if (entry.name === "node_modules" || path === out) return [];
      const real = realpathSync(path);
      if (enclosing.has(real)) {
        problems.push(`${shown} - error: a symbolic link to an enclosing directory (not followed: it never ends)`);
        return [];
      }
      return walk(path, out, new Set([...enclosing, real]), problems);
    }
    return stats.isFile() ? [path] : [];
  });
}
