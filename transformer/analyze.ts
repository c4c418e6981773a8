/**
 * The analysis of one source file, independent of the compiler that emits it: it takes a
 * `ts.SourceFile` and, when there is one, a type checker. The `tspc` transformer, the CLI and the
 * bundler plugins all go through here.
 */
import type { TypeScriptApi } from "./typescript-api.js";
import { relative } from "node:path";
import type * as TS from "typescript";
import type { XcsDiagnostic } from "./diagnostics/collector.js";
import { Builders } from "./emit/builders.js";
import { NameAllocator } from "./emit/names.js";
import type { TransformerOptions } from "./options.js";
import { findStructuralClasses } from "./passes/01-find-structural-classes.js";
import { compileClass, type ClassOutcome, type ClassResult } from "./pipeline.js";
import type { DeclaredShapes } from "./resolve/declared-shapes.js";
import { findSuppressions } from "./diagnostics/suppressions.js";
import { findPureHelpers } from "./resolve/pure-helpers.js";
import { createResolver, PACKAGE_NAME } from "./resolve/xcs-symbols.js";

export interface AnalyzeOptions {
  ts: TypeScriptApi;
  checker?: TS.TypeChecker;
  /** Declaration-following resolution, asked before the checker (the text paths). */
  declarations?: DeclaredShapes;
  options?: TransformerOptions;
  /** Paths in the emitted diagnostics table are relative to it (default: the process's cwd). */
  currentDirectory?: string;
}

/** What the transformer does with one structural class: plain data, safe to print as JSON. */
export interface ClassAnalysis {
  className: string;
  outcome: ClassOutcome;
  diagnostics: XcsDiagnostic[];
  /** The generated members as source text (the structure when compiled, the diagnostics table when any). */
  memberText?: string;
}

/** One structural class as analysed: its result and the members generated for it (none for most bail-outs). */
export interface AnalyzedClass {
  readonly result: ClassResult;
  readonly members: TS.ClassElement[];
}

/** What the edit planner (`edits/plan.ts`) turns into the changes both back-ends apply. */
export interface FileAnalysis {
  readonly classes: AnalyzedClass[];
  /** The namespace under which the members refer to xcs-jit. */
  readonly runtimeName: string;
  /** Whether the file already imports xcs-jit under `runtimeName` (`import * as xcs from "xcs-jit"`). */
  readonly importsRuntime: boolean;
  /** Every class's diagnostics, in source order: what the entry points deliver (`diagnostics/sink.ts`). */
  readonly diagnostics: XcsDiagnostic[];
  /** Resolution questions nothing could answer (no checker was given): see `XcsResolver.unanswered`. */
  readonly unanswered: number;
}

export function analyzeSourceFile(sourceFile: TS.SourceFile, analyze: AnalyzeOptions): ClassAnalysis[] {
  const file = analyzeFile(sourceFile, analyze);
  const printer = analyze.ts.createPrinter({ newLine: analyze.ts.NewLineKind.LineFeed });
  return file.classes.map(({ result, members }) => ({
    className: result.found.name,
    outcome: result.outcome,
    diagnostics: result.diagnostics.diagnostics,
    memberText: members.length
      ? members.map((m) => printer.printNode(analyze.ts.EmitHint.Unspecified, m, sourceFile)).join("\n")
      : undefined,
  }));
}

export function analyzeFile(sourceFile: TS.SourceFile, analyze: AnalyzeOptions): FileAnalysis {
  const { ts } = analyze;
  const resolver = createResolver(ts, sourceFile, { checker: analyze.checker, declarations: analyze.declarations });
  const found = findStructuralClasses(ts, sourceFile, resolver);
  const existing = existingNamespaceImport(ts, sourceFile);
  const runtimeName = existing ?? (found.length > 0 ? NameAllocator.of(ts, sourceFile).fresh("xcs") : "xcs");
  const context = {
    ts, sourceFile, resolver, options: analyze.options ?? {}, runtimeName,
    suppressions: findSuppressions(sourceFile.text),
    pureHelpers: found.length > 0 ? findPureHelpers(ts, sourceFile) : new Map(),
  };
  const builders = new Builders(ts, { self: "self", builder: "g", runtime: runtimeName });
  const classes = found.map((cls): AnalyzedClass => {
    const result = compileClass(context, cls);
    const members: TS.ClassElement[] = result.structure ? [result.structure] : [];
    const table = diagnosticsTable(result, builders, analyze.currentDirectory ?? process.cwd());
    if (table) members.push(table);
    return { result, members };
  });
  return {
    classes, runtimeName, importsRuntime: existing !== undefined,
    diagnostics: classes.flatMap((c) => c.result.diagnostics.diagnostics), unanswered: resolver.unanswered,
  };
}

/** `static [xcs.XCS_DIAGNOSTICS] = [...]`: what `explain(op)` lists at run time. */
function diagnosticsTable(result: ClassResult, b: Builders, currentDirectory: string): TS.PropertyDeclaration | undefined {
  const diagnostics = result.diagnostics.diagnostics;
  if (diagnostics.length === 0) return undefined;
  const rows = diagnostics.map(({ code, severity, message, file, line, column }) => ({
    code, severity, message, file: relative(currentDirectory, file).split("\\").join("/"), line, column,
  }));
  return b.f.createPropertyDeclaration(
    [b.f.createModifier(b.ts.SyntaxKind.StaticKeyword)],
    b.f.createComputedPropertyName(b.runtime("XCS_DIAGNOSTICS")),
    undefined,
    undefined,
    b.literal(rows),
  );
}

function existingNamespaceImport(ts: TypeScriptApi, sourceFile: TS.SourceFile): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== PACKAGE_NAME || statement.importClause?.isTypeOnly) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return bindings.name.text;
  }
  return undefined;
}
