/**
 * Values an expression makes itself as plain data: a string, number or boolean (a literal, a
 * template, arithmetic, a comparison), an array or object literal of such data, or what a data
 * method returns on one. On such a value a
 * method named like a data method (`toUpperCase`, `split`, `join`) is the built-in one, so
 * `("none").toUpperCase()` or `` `${q}!`.trim() `` is pure wherever it is; on a value read from
 * `this` or a module the name alone proves nothing (`this.store.find(q)` may be anything). A
 * built-in method may still run user code through what it is given: `[this.store].join()` and
 * `"k".concat(this.store)` call the store's `toString`. So an array literal is data only when its
 * elements are, and a method's result only when its arguments are (or are callbacks, which the
 * analysis judges apart): such a call runs no code of anyone's but the built-in's.
 * Syntax only: the text paths analyse without a checker, and the answer must not depend on one.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import { PURE_DATA_METHODS } from "./known-functions.js";

/**
 * Data methods that may return one of the receiver's elements, which is whatever was put in the
 * array (`[this.store].at(0)` is the store): their result is not data made here.
 */
const ELEMENT_METHODS = new Set(["at", "find", "reduce"]);

/** Globals whose result is a primitive whatever they are given. */
const PRIMITIVE_GLOBALS = new Set(["String", "Number", "Boolean", "parseInt", "parseFloat", "encodeURIComponent", "encodeURI"]);

/** What the caller knows of the names an expression reads. */
export interface DataScope {
  /** The file's pure helpers whose one expression is such data (`const shout = (s: string) => `${s}!``). */
  readonly dataHelpers: ReadonlySet<string>;
  /** Whether an identifier names a `const` bound to such data. */
  readonly constant?: (name: TS.Identifier) => boolean;
  /** Whether an identifier names a local of `forward` (which hides a global or helper of that name). */
  readonly local?: (name: TS.Identifier) => boolean;
}

/** Whether `node` evaluates to data it makes itself (see above). */
export function isMadeData(ts: TypeScriptApi, node: TS.Expression, scope: DataScope): boolean {
  const made = (n: TS.Expression): boolean => {
    while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) return true;
    if (ts.isArrayLiteralExpression(n)) return n.elements.every((e) => made(ts.isSpreadElement(e) ? e.expression : e));
    // Plain fields of data only: a method, a getter or a `toString` of its own would be code.
    if (ts.isObjectLiteralExpression(n)) {
      return n.properties.every((p) =>
        ts.isPropertyAssignment(p) ? !ts.isComputedPropertyName(p.name) && p.name.getText() !== "toString" && made(p.initializer)
          : ts.isShorthandPropertyAssignment(p) ? (scope.constant?.(p.name) ?? false)
          : ts.isSpreadAssignment(p) && made(p.expression));
    }
    if (ts.isIdentifier(n)) return scope.constant?.(n) ?? false;
    if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (ts.isPrefixUnaryExpression(n) || ts.isTypeOfExpression(n)) return true;
    if (ts.isConditionalExpression(n)) return made(n.whenTrue) && made(n.whenFalse);
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      // These return one of their operands as it is; assignments and the comma are not values made here.
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return made(n.left) && made(n.right);
      return !(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) && op !== ts.SyntaxKind.CommaToken;
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee)) return !scope.local?.(callee) && (scope.dataHelpers.has(callee.text) || PRIMITIVE_GLOBALS.has(callee.text));
      return ts.isPropertyAccessExpression(callee) && !ELEMENT_METHODS.has(callee.name.text) && isDataMethodCall(ts, n, scope);
    }
    return false;
  };
  return made(node);
}

/**
 * Whether a call is a data method on data made here, given data or callbacks: the built-in method,
 * running no one's code but its own.
 */
export function isDataMethodCall(ts: TypeScriptApi, call: TS.CallExpression, scope: DataScope): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !PURE_DATA_METHODS.has(callee.name.text) || !isMadeData(ts, callee.expression, scope)) return false;
  return call.arguments.every((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || isMadeData(ts, a, scope));
}
