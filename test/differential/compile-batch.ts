// Compiles a batch of generated modules through the three build paths users take, with one
// analysis for the whole batch per path (a program per module would take minutes):
//
// - `tspatch`: `createTransformer(program)` in `program.emit`'s `before`, as ts-patch runs it;
// - `bundler`: `createSourceCompiler` (the text transform every bundler plugin runs);
// - `build`:   `buildSources`, i.e. `xcs-jit build src --out build`.
//
// Every output is written under `<dir>/<path>/`, at the depth of `<dir>/src/`, so the modules'
// relative imports resolve from each, and with a `.ts` name so Vitest imports them as it does
// the test's own files.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { createTransformer } from "../../transformer/index.js";
import { analyzeSourceFile, type ClassAnalysis } from "../../transformer/analyze.js";
import { createSourceCompiler } from "../../transformer/bundler/source-compiler.js";
import { buildSources } from "../../transformer/build/build-sources.js";
import { repoRoot, strictModuleOptions } from "../transformer/virtual-program.js";

export const BUILD_PATHS = ["tspatch", "bundler", "build"] as const;
export type BuildPath = (typeof BUILD_PATHS)[number];

/** Where every batch lives: `test/.tmp/differential/<batch>/{src,tspatch,bundler,build}/`. */
export const SCRATCH = join(repoRoot, "test/.tmp/differential");
/** The kit, as imported from `<batch>/<path>/case.ts`. */
export const KIT_IMPORT = "../../../../differential/kit.js";

export const compilerOptions: ts.CompilerOptions = {
  ...strictModuleOptions,
  noEmit: false,
  paths: { "xcs-jit": [join(repoRoot, "runtime/index.ts")] },
};

export interface CompiledCase {
  readonly name: string;
  readonly source: string;
  readonly sourcePath: string;
  /** What the analysis said of each class, or what it threw. */
  readonly analysis: ClassAnalysis[] | { crashed: string };
  /** Where `xcs-jit build` writes this module (absent when the build threw on it). */
  readonly buildOutput: string;
  /** Per path: the module to import, or what the transformer threw on that path. */
  readonly outputs: Record<BuildPath, { path: string } | { crashed: string }>;
}

let batches = 0;

/** Removes the batches of earlier runs, leaving those of a process still running (a campaign). */
export function removeStaleBatches(): void {
  if (!existsSync(SCRATCH)) return;
  for (const entry of readdirSync(SCRATCH)) {
    const pid = Number(/^b(\d+)-/.exec(entry)?.[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(SCRATCH, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A fresh batch directory with `sources` as `src/case<i>.ts` and its tsconfig, and one program of them. */
function newBatch(sources: readonly string[]) {
  const dir = join(SCRATCH, `b${process.pid}-${batches++}`);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["src", ...BUILD_PATHS]) mkdirSync(join(dir, sub), { recursive: true });
  const names = sources.map((_, i) => `case${i}`);
  const srcPaths = names.map((name) => join(dir, "src", `${name}.ts`));
  sources.forEach((source, i) => writeFileSync(srcPaths[i]!, source));
  const tsconfig = join(dir, "tsconfig.json");
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { ...jsonOptions(), noEmit: true }, files: srcPaths }, null, 2));
  const program = ts.createProgram(srcPaths, compilerOptions);
  const analyze = (i: number) => attempt(() => analyzeSourceFile(program.getSourceFile(srcPaths[i]!)!, { ts, checker: program.getTypeChecker(), options: {} }));
  return { dir, names, srcPaths, tsconfig, program, analyze };
}

/** What the analysis says of each of `sources` (one program for all; nothing is emitted or run). */
export function analyzeBatch(sources: readonly string[]): CompiledCase["analysis"][] {
  const { analyze } = newBatch(sources);
  return sources.map((_, i) => analyze(i));
}

/** Compiles `sources` (module texts) in a fresh batch directory; module names never repeat in a process, so imports are never served from cache. */
export function compileBatch(sources: readonly string[]): CompiledCase[] {
  const { dir, names, srcPaths, tsconfig, program, analyze } = newBatch(sources);
  const analyses = new Map<string, CompiledCase["analysis"]>();
  const outputs = new Map<string, Partial<CompiledCase["outputs"]>>(names.map((n) => [n, {}]));
  const record = (name: string, path: BuildPath, output: { path: string } | { crashed: string }) => (outputs.get(name)![path] = output);

  // ts-patch: one program, each file emitted with the transformer in `before`.
  const transformer = createTransformer(program, { ts, onDiagnostic: () => {} });
  names.forEach((name, i) => {
    const sourceFile = program.getSourceFile(srcPaths[i]!)!;
    analyses.set(name, analyze(i));
    const emitted = attempt(() => emitOne(program, sourceFile, transformer));
    record(name, "tspatch", "crashed" in emitted ? emitted : write(join(dir, "tspatch", `${name}.ts`), emitted.text));
  });

  // Bundler plugins: the text transform of one compile session.
  const compiler = createSourceCompiler({ root: dir, tsconfig });
  names.forEach((name, i) => {
    const result = attempt(() => compiler.transform(srcPaths[i]!, sources[i]!));
    if ("crashed" in result) record(name, "bundler", result);
    else record(name, "bundler", write(join(dir, "bundler", `${name}.ts`), result.code ?? sources[i]!));
  });

  // `xcs-jit build`: the whole directory at once; one file at a time only if that throws, to learn which.
  const whole = attempt(() => buildSources({ src: join(dir, "src"), out: join(dir, "build"), root: dir, tsconfig }));
  names.forEach((name, i) => {
    const target = join(dir, "build", `${name}.ts`);
    const single = "crashed" in whole ? attempt(() => buildSources({ src: srcPaths[i]!, out: join(dir, "build"), root: dir, tsconfig })) : whole;
    record(name, "build", "crashed" in single ? single : { path: target });
  });

  return names.map((name, i) => ({
    name,
    source: sources[i]!,
    sourcePath: srcPaths[i]!,
    buildOutput: join(dir, "build", `${name}.ts`),
    analysis: analyses.get(name)!,
    outputs: outputs.get(name) as CompiledCase["outputs"],
  }));
}

/** The batch's compiler options as a tsconfig writes them (for the bundler and build paths). */
function jsonOptions(): Record<string, unknown> {
  return {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    paths: { "xcs-jit": [join(repoRoot, "runtime/index.ts")] },
  };
}

function emitOne(program: ts.Program, sourceFile: ts.SourceFile, transformer: ts.TransformerFactory<ts.SourceFile>): { text: string } {
  let text: string | undefined;
  program.emit(sourceFile, (fileName, data) => void (fileName.endsWith(".js") && (text = data)), undefined, false, { before: [transformer] });
  if (text === undefined) throw new Error(`no JavaScript emitted for ${sourceFile.fileName}`);
  return { text };
}

function write(path: string, text: string): { path: string } {
  writeFileSync(path, text);
  return { path };
}

function attempt<T extends object>(fn: () => T): T | { crashed: string } {
  try {
    return fn();
  } catch (error) {
    return { crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
