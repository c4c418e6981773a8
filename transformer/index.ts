/**
 * `xcs-jit/transformer`: the ts-patch / ttypescript entry and `createTransformer` for programmatic
 * use (`ts.transpileModule`, ts-loader, ts-jest).
 *
 * ts-patch turns every added diagnostic into exit code 2, so only errors (misuse, and breaks under
 * `strict`) go through `extras.addDiagnostic`, led by their XCS code; breaks and bail-outs are
 * printed as warnings on stderr in `tsc`'s own `file:line:column - warning XCS1003: ...` form.
 */
import type { TypeScriptApi } from "./typescript-api.js";
import type * as TS from "typescript";
import type { XcsDiagnostic } from "./diagnostics/collector.js";
import { compilerCode, compilerMessageText } from "./diagnostics/format.js";
import { deliver, printOrThrow } from "./diagnostics/sink.js";
import { optionError, readOptions, readOptionsOrThrow, type TransformerOptions } from "./options.js";
import { createStructureTransformer } from "./transform.js";

export { analyzeSourceFile, type AnalyzeOptions, type ClassAnalysis } from "./analyze.js";
export { catalog, catalogEntry, type CatalogEntry, type DiagnosticCode } from "./diagnostics/codes.js";
export type { XcsDiagnostic, XcsSeverity } from "./diagnostics/collector.js";
export { formatDiagnostic } from "./diagnostics/format.js";
export type { TransformerOptions } from "./options.js";

let ownTypescript: TypeScriptApi | undefined;

/**
 * This package's `typescript`, loaded on first use only: ts-patch hands over its own instance in
 * `extras.ts`, and a persistently patched `tsc` has not loaded `typescript.js` (9 MB, ~0.3 s to
 * compile) at all, so an eager import would make every such build pay for a second copy. A plain
 * `require`: the transformer ships as CommonJS, and Vitest gives its ES modules one too.
 */
function typescript(): TypeScriptApi {
  return ownTypescript ??= require("typescript") as TypeScriptApi;
}

/** What ts-patch passes as the third argument of a program transformer entry. */
export interface TransformerExtras {
  ts?: TypeScriptApi;
  addDiagnostic?: (diagnostic: TS.Diagnostic) => number;
}

export interface CreateTransformerOptions extends TransformerOptions {
  /** The TypeScript instance to build nodes with (default: this package's `typescript`). */
  ts?: TypeScriptApi;
  /** Receives every diagnostic, suppressed ones (`info`) too; by default warnings are printed to stderr and errors thrown. */
  onDiagnostic?: (diagnostic: XcsDiagnostic) => void;
}

/** For `ts.transpileModule`, ts-loader, ts-jest: `{ before: [createTransformer(program)] }`. */
export function createTransformer(program?: TS.Program, options: CreateTransformerOptions = {}): TS.TransformerFactory<TS.SourceFile> {
  const ts = options.ts ?? typescript();
  readOptionsOrThrow({ strict: options.strict, throwInPass: options.throwInPass });
  return createStructureTransformer({
    ts,
    checker: program?.getTypeChecker(),
    options,
    currentDirectory: program?.getCurrentDirectory(),
    report: (diagnostics) => {
      if (options.onDiagnostic) diagnostics.forEach(options.onDiagnostic);
      else deliver(diagnostics, printOrThrow(program?.getCurrentDirectory()));
    },
  });
}

/** The ts-patch entry (`"transform": "xcs-jit/transformer"`, default `type: "program"`). */
function programTransformer(program: TS.Program, config?: Record<string, unknown>, extras?: TransformerExtras): TS.TransformerFactory<TS.SourceFile> {
  const ts = extras?.ts ?? typescript();
  const { options, problems } = readOptions(config);
  for (const problem of problems) {
    const message = optionError(problem);
    if (extras?.addDiagnostic) extras.addDiagnostic(errorDiagnostic(ts, undefined, 0, 0, message, 93003));
    else throw new Error(message);
  }
  return createStructureTransformer({
    ts,
    checker: program.getTypeChecker(),
    options,
    currentDirectory: program.getCurrentDirectory(),
    report: (diagnostics, sourceFile) => {
      const print = printOrThrow(program.getCurrentDirectory());
      const addDiagnostic = extras?.addDiagnostic;
      deliver(diagnostics, !addDiagnostic ? print : {
        warn: print.warn,
        fail: (errors) => errors.forEach((d) => addDiagnostic(errorDiagnostic(ts, sourceFile, d.start, d.length, compilerMessageText(d), compilerCode(d)))),
      });
    },
  });
}

/**
 * The entry ts-patch and ttypescript call. The plugin entry's `type` picks the signature: the
 * default `program` `(program, config, extras)`, or the legacy `config` `(config)`,
 * `compilerOptions` `(options, config)`, `checker` `(checker, config)`, `raw` `(context, program, config)`.
 */
function entry(first: unknown, second?: unknown, third?: unknown): unknown {
  if (isProgram(first)) return programTransformer(first, second as Record<string, unknown>, third as TransformerExtras);
  if (isTransformationContext(first)) {
    // `raw`: (ctx, program, config) => Transformer
    const factory = isProgram(second) ? programTransformer(second, third as Record<string, unknown>) : createTransformer();
    return factory(first as TS.TransformationContext);
  }
  if (isChecker(first)) {
    const checker = first as TS.TypeChecker;
    const options = readOptionsOrThrow(second as Record<string, unknown>);
    return createStructureTransformer({ ts: typescript(), checker, options, report: (d) => deliver(d, printOrThrow()) });
  }
  // `config` (config) or `compilerOptions` (options, config): no program, so no checker.
  const config = (second ?? first) as Record<string, unknown> | undefined;
  return createStructureTransformer({ ts: typescript(), options: readOptionsOrThrow(config), report: (d) => deliver(d, printOrThrow()) });
}

export default entry;

function errorDiagnostic(ts: TypeScriptApi, file: TS.SourceFile | undefined, start: number, length: number, messageText: string, code: number): TS.Diagnostic {
  return { file, start, length, messageText, category: ts.DiagnosticCategory.Error, code, source: "xcs-jit" };
}

function isProgram(value: unknown): value is TS.Program {
  return typeof (value as TS.Program | undefined)?.getTypeChecker === "function";
}

function isChecker(value: unknown): boolean {
  return typeof (value as TS.TypeChecker | undefined)?.getTypeAtLocation === "function";
}

function isTransformationContext(value: unknown): boolean {
  return typeof (value as TS.TransformationContext | undefined)?.getCompilerOptions === "function" &&
    typeof (value as TS.TransformationContext | undefined)?.factory === "object";
}
