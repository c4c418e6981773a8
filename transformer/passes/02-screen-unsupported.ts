/**
 * Pass 2 — screen for whole-class blockers.
 *
 * In: a structural class's `forward`. Out: XCS2xxx bail-outs on the collector for constructs a
 * host node cannot keep the meaning of: writes to `this` (the graph is built once per instance),
 * `arguments`, generators, `eval`/`with`, `super`, and parameter lists the structure cannot
 * mirror. A cheap syntax scan, run before lowering so a bailed class costs nothing more
 * (AutoGraph's unsupported-features checker). Reports every blocker, not only the first.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { DiagnosticCollector } from "../diagnostics/collector.js";
import { MUTATING_METHODS } from "../resolve/known-functions.js";

export function screenUnsupported(ts: TypeScriptApi, forward: TS.MethodDeclaration, diagnostics: DiagnosticCollector): boolean {
  const before = diagnostics.diagnostics.length;
  if (forward.asteriskToken) diagnostics.report("XCS2003", forward.name);
  const parameters = forward.parameters;
  if (parameters.length > 2 || parameters.some((p) => p.dotDotDotToken || p.initializer)) {
    diagnostics.report("XCS2007", forward.name, { text: "takes parameters other than `(inputs, ctx?)`" });
  }

  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && node.text === "arguments" && isValueReference(ts, node)) {
      diagnostics.report("XCS2002", node);
    } else if (node.kind === ts.SyntaxKind.SuperKeyword) {
      diagnostics.report("XCS2005", node.parent);
    } else if (ts.isWithStatement(node) || (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "eval")) {
      diagnostics.report("XCS2004", node);
    } else if (writesThis(ts, node)) {
      diagnostics.report("XCS2001", node);
    }
    // A non-arrow function has its own `this` and `arguments`; its body is not forward's concern.
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  if (forward.body) visit(forward.body);
  return diagnostics.diagnostics.length > before;
}

function writesThis(ts: TypeScriptApi, node: TS.Node): boolean {
  if (ts.isBinaryExpression(node) && isAssignmentOperator(ts, node.operatorToken.kind)) return rootedAtThis(ts, node.left);
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return rootedAtThis(ts, node.operand);
  }
  if (ts.isDeleteExpression(node)) return rootedAtThis(ts, node.expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) {
    return rootedAtThis(ts, node.expression.expression);
  }
  return false;
}

export function isAssignmentOperator(ts: TypeScriptApi, kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function rootedAtThis(ts: TypeScriptApi, node: TS.Expression): boolean {
  let current: TS.Expression = node;
  for (;;) {
    if (current.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current) ||
        ts.isNonNullExpression(current) || ts.isAsExpression(current)) {
      current = current.expression;
    } else if (ts.isObjectLiteralExpression(current) || ts.isArrayLiteralExpression(current)) {
      // Destructuring assignment targets: `[this.a] = ...`.
      return current.getChildren().some((child) => containsThisTarget(ts, child));
    } else {
      return false;
    }
  }
}

function containsThisTarget(ts: TypeScriptApi, node: TS.Node): boolean {
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.forEachChild(node, (child) => containsThisTarget(ts, child)) ?? false;
}

function isValueReference(ts: TypeScriptApi, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  return true;
}
