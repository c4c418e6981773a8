/**
 * Module-level variables that code in their file changes: a value assigned to the name after its
 * declaration, or a part of it assigned, deleted or changed by a method that changes its receiver
 * (`usage.calls += 1`, `RUNS.push(q)`, `cache.set(k, v)`). The structure is built once per
 * instance, so a read of such a variable while it is built would give every later run the value
 * of the first; `forward` reads it at run time instead, in program order (lowering makes the read
 * host code, XCS1015). A name a function shadows counts too: the scan looks at names, not scopes,
 * and a read kept as written is never wrong.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";

/** Methods that change their receiver (arrays, maps, sets, dates aside). */
const CHANGING_METHODS = new Set([
  "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "delete", "clear", "add",
]);

const cache = new WeakMap<TS.SourceFile, ReadonlySet<string>>();

export function changedModuleState(ts: TypeScriptApi, sourceFile: TS.SourceFile): ReadonlySet<string> {
  let known = cache.get(sourceFile);
  if (known === undefined) cache.set(sourceFile, (known = scan(ts, sourceFile)));
  return known;
}

function scan(ts: TypeScriptApi, sourceFile: TS.SourceFile): ReadonlySet<string> {
  const declared = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) declared.add(declaration.name.text);
  }
  const changed = new Set<string>();
  if (declared.size === 0) return changed;
  // The module-level name a member path starts from (`usage.calls`, `RUNS[0].tags`), if any.
  const root = (node: TS.Expression): string | undefined => {
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    return ts.isIdentifier(node) && declared.has(node.text) ? node.text : undefined;
  };
  const note = (target: TS.Expression) => {
    const name = root(target);
    if (name !== undefined) changed.add(name);
  };
  const visit = (node: TS.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) note(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
             (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) note(node.operand);
    else if (ts.isDeleteExpression(node)) note(node.expression);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CHANGING_METHODS.has(node.expression.name.text)) note(node.expression.expression);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return changed;
}
