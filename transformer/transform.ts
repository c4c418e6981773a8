/**
 * The `before` transformer: analyses each file and applies its edits (`edits/plan.ts`) with the
 * AST back-end. Compiled classes gain the structure member (and the diagnostics table);
 * bailed-out classes gain only the table; nothing else in the file changes except one namespace
 * import of xcs-jit. `@structuralJit` stays: TypeScript lowers it with the rest of the file. A
 * file's diagnostics go to `report` together, once, and the entry points deliver them through the
 * one severity policy (`diagnostics/sink.ts`).
 */
import type { TypeScriptApi } from "./typescript-api.js";
import type * as TS from "typescript";
import { analyzeFile, type FileAnalysis } from "./analyze.js";
import type { XcsDiagnostic } from "./diagnostics/collector.js";
import { applyToSourceFile } from "./edits/apply-ast.js";
import { planEdits } from "./edits/plan.js";
import type { TransformerOptions } from "./options.js";
import { mayHoldStructuralClasses } from "./passes/01-find-structural-classes.js";

export interface TransformSettings {
  readonly ts: TypeScriptApi;
  readonly checker?: TS.TypeChecker;
  readonly options: TransformerOptions;
  readonly currentDirectory?: string;
  readonly report: (diagnostics: readonly XcsDiagnostic[], sourceFile: TS.SourceFile) => void;
}

export function createStructureTransformer(settings: TransformSettings): TS.TransformerFactory<TS.SourceFile> {
  const { ts } = settings;
  return (context) => (sourceFile) => {
    if (!mayHoldStructuralClasses(sourceFile.text)) return sourceFile;
    let analysis: FileAnalysis;
    try {
      analysis = analyzeFile(sourceFile, settings);
    } catch (error) {
      // The per-class catch-all makes this unreachable in practice; a compile must survive it anyway.
      process.stderr.write(`xcs-jit: internal error while analysing ${sourceFile.fileName}, left untouched: ${String(error)}\n`);
      return sourceFile;
    }
    if (analysis.diagnostics.length > 0) settings.report(analysis.diagnostics, sourceFile);
    const edits = planEdits(ts, analysis, "keep");
    return edits.classes.length === 0 ? sourceFile : applyToSourceFile(ts, context, sourceFile, edits);
  };
}
