/**
 * The `before` transformer: applies a file's analysis to its AST. Compiled classes gain the
 * structure member (and the diagnostics table); bailed-out classes gain only the table; nothing
 * else in the file changes except one namespace import of xcs-jit. A file's diagnostics go to
 * `report` together, once, and the entry points deliver them through the one severity policy
 * (`diagnostics/sink.ts`).
 */
import type { TypeScriptApi } from "./typescript-api.js";
import type * as TS from "typescript";
import { analyzeFile, type FileAnalysis } from "./analyze.js";
import type { XcsDiagnostic } from "./diagnostics/collector.js";
import type { TransformerOptions } from "./options.js";
import { mayHoldStructuralClasses } from "./passes/01-find-structural-classes.js";
import { PACKAGE_NAME } from "./resolve/xcs-symbols.js";

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
    if (analysis.edits.length === 0) return sourceFile;
    const diagnostics = analysis.edits.flatMap((edit) => edit.result.diagnostics.diagnostics);
    if (diagnostics.length > 0) settings.report(diagnostics, sourceFile);

    const additions = new Map(analysis.edits.filter((e) => e.members.length > 0).map((e) => [e.result.found.node as TS.Node, e.members]));
    if (additions.size === 0) return sourceFile;
    const targets = [...additions.keys()];
    // Only the nodes around an edited class are rebuilt; the rest of the file is returned as it is.
    // Nodes an earlier transformer made have no text range (pos -1), so around them all is entered.
    const ranged = targets.every((t) => t.pos >= 0);
    const holdsTarget = (node: TS.Node) => !ranged || node.pos < 0 || targets.some((t) => node.pos <= t.pos && t.end <= node.end);
    const f = context.factory;
    const visit = (node: TS.Node): TS.Node => {
      if (!holdsTarget(node)) return node;
      const visited = ts.visitEachChild(node, visit, context);
      const members = additions.get(node);
      if (!members) return visited;
      if (ts.isClassDeclaration(visited)) {
        return f.updateClassDeclaration(visited, visited.modifiers, visited.name, visited.typeParameters, visited.heritageClauses, [...visited.members, ...members]);
      }
      if (ts.isClassExpression(visited)) {
        return f.updateClassExpression(visited, visited.modifiers, visited.name, visited.typeParameters, visited.heritageClauses, [...visited.members, ...members]);
      }
      return visited;
    };
    const updated = ts.visitEachChild(sourceFile, visit, context);
    if (!analysis.needsImport) return updated;
    const importDeclaration = f.createImportDeclaration(undefined,
      f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(analysis.runtimeName))),
      f.createStringLiteral(PACKAGE_NAME));
    return f.updateSourceFile(updated, [importDeclaration, ...updated.statements]);
  };
}
