/**
 * `xcs-jit build <src> --out <dir>`: the transform as a source-to-source step, for compilers
 * with no transformer API (TypeScript 7's native `tsc`, swc, Bun). Every TypeScript file under
 * `src` is written to `out` with its structure members added and `@structuralJit` turned into a
 * registration call; a transformed file also gets a source map back to the original. Other files
 * are copied, so relative imports keep working from `out`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
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
}

const TYPESCRIPT_SOURCE = /\.[cm]?tsx?$/;
const DECLARATION = /\.d\.[cm]?tsx?$/;

export function buildSources(options: BuildSourcesOptions): BuildSummary {
  const src = resolve(options.src);
  const out = resolve(options.out);
  const single = statSync(src).isFile();
  const base = single ? dirname(src) : src;
  const files = single ? [src] : walk(src, out);
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
    const result = compiler.transform(file, readFileSync(file, "utf8"));
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
  return { written: files.length, transformed, diagnostics };
}

function walk(dir: string, out: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || path === out ? [] : walk(path, out);
    return entry.isFile() ? [path] : [];
  });
}
