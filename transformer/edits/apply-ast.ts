/**
 * The AST back-end: applies a file's edits (`plan.ts`) to its `ts.SourceFile` inside a TypeScript
 * transformation, for the paths where TypeScript emits the file (`tspc`, `createTransformer`,
 * `inspect`). Only the nodes around an edited class are rebuilt; the rest of the file is returned
 * as it is.
 */
import type * as TS from "typescript";
import { PACKAGE_NAME } from "../resolve/xcs-symbols.js";
import type { TypeScriptApi } from "../typescript-api.js";
import type { ClassEdits, FileEdits } from "./plan.js";

export function applyToSourceFile(ts: TypeScriptApi, context: TS.TransformationContext, sourceFile: TS.SourceFile, edits: FileEdits): TS.SourceFile {
  const f = context.factory;
  const byNode = new Map<TS.Node, ClassEdits>(edits.classes.map((c) => [c.node, c]));
  const targets = [...byNode.keys()];
  // Nodes an earlier transformer made have no text range (pos -1), so around them all is entered.
  const ranged = targets.every((t) => t.pos >= 0);
  const holdsTarget = (node: TS.Node) => !ranged || node.pos < 0 || targets.some((t) => node.pos <= t.pos && t.end <= node.end);
  const call = (registration: NonNullable<ClassEdits["registration"]>, argument: TS.Expression) =>
    f.createExpressionStatement(f.createCallExpression(registration.decorator.expression, undefined, [argument]));

  const visit = (node: TS.Node): TS.VisitResult<TS.Node> => {
    if (!holdsTarget(node)) return node;
    const visited = ts.visitEachChild(node, visit, context);
    const edit = byNode.get(node);
    if (!edit || !(ts.isClassDeclaration(visited) || ts.isClassExpression(visited))) return visited;
    const { registration } = edit;
    const modifiers = registration ? visited.modifiers?.filter((m) => m !== registration.decorator) : visited.modifiers;
    const members = [...visited.members, ...edit.members];
    if (registration?.at === "static-block") members.push(f.createClassStaticBlockDeclaration(f.createBlock([call(registration, f.createThis())])));
    if (ts.isClassExpression(visited)) {
      return f.updateClassExpression(visited, modifiers, visited.name, visited.typeParameters, visited.heritageClauses, members);
    }
    const updated = f.updateClassDeclaration(visited, modifiers, visited.name, visited.typeParameters, visited.heritageClauses, members);
    // A declaration sits in a statement list, so the registration can follow it there.
    return registration?.at === "after" ? [updated, call(registration, f.createIdentifier(visited.name!.text))] : updated;
  };
  const updated = ts.visitEachChild(sourceFile, visit, context);
  if (edits.namespaceImport === undefined) return updated;
  const importDeclaration = f.createImportDeclaration(undefined,
    f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(edits.namespaceImport))),
    f.createStringLiteral(PACKAGE_NAME));
  return f.updateSourceFile(updated, [importDeclaration, ...updated.statements]);
}
