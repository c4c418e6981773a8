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
import { isDataMethod } from "./known-functions.js";

/**
 * Data methods that may return one of the receiver's elements, which is whatever was put in the
 * array (`[this.store].at(0)` is the store): their result is not data made here.
 */
const ELEMENT_METHODS = new Set(["at", "find", "reduce"]);

/** Globals whose result is a primitive whatever they are given. */
const PRIMITIVE_GLOBALS = new Set(["String", "Number", "Boolean", "parseInt", "parseFloat", "encodeURIComponent", "encodeURI"]);

/** Array methods whose callback takes an element of the receiver as its first parameter. */
const ELEMENT_CALLBACKS = new Set(["map", "flatMap", "filter", "some", "every", "find", "findIndex"]);

/** Data methods whose result holds only elements of their receiver (`filter`, `slice`, a sorted copy). */
const ELEMENT_KEEPING = new Set(["filter", "slice", "toSorted", "toReversed", "sort", "reverse"]);

/** What the caller knows of the names an expression reads. */
export interface DataScope {
  /** The file's pure helpers whose one expression is such data (`const shout = (s: string) => `${s}!``). */
  readonly dataHelpers: ReadonlySet<string>;
  /**
   * What binds a name for good, when something does: a `const` (of `forward`, never reassigned,
   * or of the module) with its initializer, or the parameter of a callback of `forward`.
   */
  readonly binding?: (name: TS.Identifier) => TS.VariableDeclaration | TS.ParameterDeclaration | undefined;
  /** Whether an identifier names a local of `forward` (which hides a global or helper of that name). */
  readonly local?: (name: TS.Identifier) => boolean;
}

/** Whether `node` evaluates to data it makes itself (see above). */
export function isMadeData(ts: TypeScriptApi, node: TS.Expression, scope: DataScope): boolean {
  return new MadeData(ts, scope).made(node);
}

/**
 * Whether a call is a data method on data made here, given data or callbacks: the built-in method,
 * running no one's code but its own.
 */
export function isDataMethodCall(ts: TypeScriptApi, call: TS.CallExpression, scope: DataScope): boolean {
  return new MadeData(ts, scope).dataMethodCall(call);
}

/** One question's walk: the declarations it is deciding (a name bound to itself is no data). */
class MadeData {
  private readonly deciding = new Set<TS.Node>();

  constructor(private readonly ts: TypeScriptApi, private readonly scope: DataScope) {}

  made(node: TS.Expression): boolean {
    const ts = this.ts;
    const n = this.skipSyntax(node);
    if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) return true;
    if (ts.isArrayLiteralExpression(n)) return n.elements.every((e) => this.made(ts.isSpreadElement(e) ? e.expression : e));
    // Plain fields of data only: a method, a getter or a `toString` of its own would be code.
    if (ts.isObjectLiteralExpression(n)) {
      return n.properties.every((p) =>
        ts.isPropertyAssignment(p) ? !ts.isComputedPropertyName(p.name) && p.name.getText() !== "toString" && this.made(p.initializer)
          : ts.isShorthandPropertyAssignment(p) ? this.made(p.name)
          : ts.isSpreadAssignment(p) && this.made(p.expression));
    }
    // A field of data made here is data made here (`const c = { query: "x" }; c.query`).
    if (ts.isPropertyAccessExpression(n)) return this.made(n.expression);
    if (ts.isIdentifier(n)) {
      // A callback's parameter is an element of the array the method walks.
      return this.bound(n, (init) => this.made(init), (array) => this.madeElements(array));
    }
    if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (ts.isPrefixUnaryExpression(n) || ts.isTypeOfExpression(n)) return true;
    if (ts.isConditionalExpression(n)) return this.made(n.whenTrue) && this.made(n.whenFalse);
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      // These return one of their operands as it is; assignments and the comma are not values made here.
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return this.made(n.left) && this.made(n.right);
      return !(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) && op !== ts.SyntaxKind.CommaToken;
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee)) return !this.scope.local?.(callee) && (this.scope.dataHelpers.has(callee.text) || PRIMITIVE_GLOBALS.has(callee.text));
      return ts.isPropertyAccessExpression(callee) && !ELEMENT_METHODS.has(callee.name.text) && this.dataMethodCall(n);
    }
    return false;
  }

  dataMethodCall(call: TS.CallExpression): boolean {
    const ts = this.ts;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !isDataMethod(ts, callee.name.text, callee.expression) || !this.made(callee.expression)) return false;
    return call.arguments.every((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || this.made(a));
  }

  /**
   * Whether `node` is an array whose every element is data made here: an array literal of such
   * data, what a string's `split` returns (strings), `Object.keys` (strings), or what keeps only
   * elements of such an array (`filter`, `slice`, a sorted copy). Not every array made here is one:
   * `map` returns what its callback does.
   */
  private madeElements(node: TS.Expression): boolean {
    const ts = this.ts;
    const n = this.skipSyntax(node);
    if (ts.isArrayLiteralExpression(n)) return n.elements.every((e) => (ts.isSpreadElement(e) ? this.madeElements(e.expression) : this.made(e)));
    if (ts.isIdentifier(n)) return this.bound(n, (init) => this.madeElements(init), () => false);
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return false;
    const { expression: receiver, name } = n.expression;
    if (name.text === "keys" && ts.isIdentifier(receiver) && receiver.text === "Object" && !this.scope.local?.(receiver)) return true;
    if (name.text === "split") return this.dataMethodCall(n);
    return ELEMENT_KEEPING.has(name.text) && this.madeElements(receiver) &&
      n.arguments.every((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a) || this.made(a));
  }

  /** Decides a name by what binds it: a `const`'s initializer, or the array a callback parameter walks. */
  private bound(name: TS.Identifier, ofInit: (init: TS.Expression) => boolean, ofElement: (array: TS.Expression) => boolean): boolean {
    const ts = this.ts;
    const declaration = this.scope.binding?.(name);
    if (!declaration || this.deciding.has(declaration)) return false;
    this.deciding.add(declaration);
    try {
      if (ts.isVariableDeclaration(declaration)) return declaration.initializer !== undefined && ofInit(declaration.initializer);
      const array = elementSource(ts, declaration);
      return array !== undefined && ofElement(array);
    } finally {
      this.deciding.delete(declaration);
    }
  }

  private skipSyntax(node: TS.Expression): TS.Expression {
    const ts = this.ts;
    let n = node;
    while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    return n;
  }
}

/** The array whose elements a callback's first parameter takes (`xs` in `xs.map((x) => ...)`), if it is one. */
function elementSource(ts: TypeScriptApi, parameter: TS.ParameterDeclaration): TS.Expression | undefined {
  const callback = parameter.parent;
  if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || callback.parameters[0] !== parameter) return undefined;
  const call = callback.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== callback || !ts.isPropertyAccessExpression(call.expression) ||
      !ELEMENT_CALLBACKS.has(call.expression.name.text)) return undefined;
  return call.expression.expression;
}
