/**
 * The transform as a text edit, for every path that hands us source text instead of an AST to
 * rewrite (bundler plugins, `xcs-jit build`, the `--import` hook): the analysis `tspc` runs, its
 * edits planned by the one planner (`edits/plan.ts`) and applied with the text back-end
 * (`edits/apply-text.ts`). `@structuralJit` itself becomes a registration call, so decorator
 * syntax never reaches a compiler that would leave it in its output.
 */
import type * as TS from "typescript";
import type { SourceMap } from "magic-string";
import { analyzeFile } from "../analyze.js";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
import { applyToText } from "../edits/apply-text.js";
import { planEdits } from "../edits/plan.js";
import type { TransformerOptions } from "../options.js";
import type { DeclaredShapes } from "../resolve/declared-shapes.js";
import type { TypeScriptApi } from "../typescript-api.js";

export interface SourceTransformSettings {
  readonly ts: TypeScriptApi;
  /** Parsed from exactly the text to transform. */
  readonly sourceFile: TS.SourceFile;
  /** Type-aware resolution when the file belongs to a program; import bindings otherwise. */
  readonly checker?: TS.TypeChecker;
  /** Declaration-following resolution, asked before the checker. */
  readonly declarations?: DeclaredShapes;
  readonly options: TransformerOptions;
  readonly currentDirectory?: string;
}

export interface SourceTransformResult {
  /** Undefined when the file has no structural class: nothing changed. */
  readonly code?: string;
  readonly map?: SourceMap;
  readonly diagnostics: readonly XcsDiagnostic[];
  /** Resolution questions nothing could answer: the file would gain from a checker. */
  readonly unanswered: number;
}

export function transformSource(settings: SourceTransformSettings): SourceTransformResult {
  const { ts, sourceFile } = settings;
  const analysis = analyzeFile(sourceFile, settings);
  if (analysis.classes.length === 0) return { diagnostics: [], unanswered: analysis.unanswered };
  const { code, map } = applyToText(ts, sourceFile, planEdits(ts, analysis, "register"));
  return { code, map, diagnostics: analysis.diagnostics, unanswered: analysis.unanswered };
}
