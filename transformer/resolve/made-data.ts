/**
 * Values an expression makes itself as plain data: a string, number or boolean (a literal, a
 * template, arithmetic, a comparison), an array literal, or what a data method returns on one. On such a value a
 * method named like a data method (`toUpperCase`, `split`, `join`) is the built-in one, so
 * `("none").toUpperCase()` or `` `${q}!`.trim() `` is pure wherever it is; on a value read from
 * `this` or a module the name alone proves nothing (`this.store.find(q)` may be anything).
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

/**
 * Whether `node` evaluates to data it makes itself. `dataHelpers`: the file's pure helpers whose
 * one expression is such data (`const shout = (s: string) => `${s}!``); `constant`: whether an
 * identifier names a `const` bound to such data (the caller knows the scopes).
 */
export function isMadeData(ts: TypeScriptApi, node: TS.Expression, dataHelpers: ReadonlySet<string>, constant: (name: TS.Identifier) => boolean = () => false): boolean {
  const made = (n: TS.Expression): boolean => {
    while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) return true;
    // An array literal is a built-in array whatever it holds: its methods are `Array.prototype`'s.
    if (ts.isArrayLiteralExpression(n)) return true;
    if (ts.isIdentifier(n)) return constant(n);
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
      if (ts.isIdentifier(callee)) return dataHelpers.has(callee.text) || PRIMITIVE_GLOBALS.has(callee.text);
      return ts.isPropertyAccessExpression(callee) && PURE_DATA_METHODS.has(callee.name.text) && !ELEMENT_METHODS.has(callee.name.text) && made(callee.expression);
    }
    return false;
  };
  return made(node);
}
