/**
 * What a host region's statements may change of the values they read (its live-ins): the parts,
 * by property path, that the code writes, hands to a method or function that may change them, or
 * lets flow where this analysis does not follow. The runtime orders every later read of such a
 * part after the host node (`GraphBuilder.host`'s `changes`), as eager's code reads it after those
 * statements ran; a part only read (printed, compared, put in a string, passed to a function known
 * to change nothing) is not listed, so nodes reading it keep their own timing.
 *
 * The analysis follows a use of a live-in up through property reads, `!`, parentheses, casts and
 * `await`, through `&&`/`||`/`??`/`?:` and the literals that hold it, through a `const` alias or a
 * `for…of` variable bound to it, and stops at a context that reads it: a template, an arithmetic,
 * comparison or unary operator, a condition, a statement of its own, a `return` of the region (its
 * value leaves `forward`), a data method whose result is a primitive, an argument of `console` or
 * of a pure global. A data method returning a new array or object (`slice`, `map`) is followed into
 * its result, which may hold the parts. Anything else changes the part: an assignment or `delete`
 * (the object written), a mutating or unknown method (its receiver), an argument of an unknown
 * function, a value stored elsewhere.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import type { Place, Stmt } from "./ir.js";
import { classifyGlobalCall, MUTATING_METHODS, PURE_DATA_METHODS, PRIMITIVE_METHODS } from "../resolve/known-functions.js";

/** A part of a live-in that the region may change: `path` under it (`[]`: the value itself). */
export interface HostChange {
  readonly place: Place;
  readonly path: readonly string[];
}

/** Functions that read what they are given and change none of it. */
const READ_ONLY_GLOBALS = new Set(["console.log", "console.info", "console.warn", "console.error", "console.debug", "console.trace", "console.dir", "console.table"]);

export function hostChanges(ts: TypeScriptApi, statements: readonly Stmt[], liveIns: readonly Place[]): HostChange[] {
  const identifiers = new Map<string, TS.Identifier[]>();
  const collect = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && isValueUse(ts, node)) (identifiers.get(node.text) ?? identifiers.set(node.text, []).get(node.text)!).push(node);
    ts.forEachChild(node, collect);
  };
  for (const s of statements) collect(s.node);
  const top = new Set(statements.map((s) => s.node));
  const changes: HostChange[] = [];
  for (const place of liveIns) {
    const paths: (readonly string[])[] = [];
    const seen = new Set<string>();
    const usesOf = (name: string, path: readonly string[], exact: boolean): void => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const use of identifiers.get(name) ?? []) {
        const changed = follow(use, path, exact);
        if (changed !== undefined) paths.push(changed);
      }
    };
    /** The part `node` (a use of the live-in at `path`) may change, or undefined when it only reads it. */
    const follow = (node: TS.Expression, path: readonly string[], exact: boolean): readonly string[] | undefined => {
      const parent = node.parent;
      const deeper = (key: string) => (exact ? [...path, key] : path);
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
        const key = ts.isPropertyAccessExpression(parent) ? parent.name.text : literalKey(ts, parent.argumentExpression);
        const call = parent.parent;
        if (ts.isCallExpression(call) && call.expression === parent) {
          if (key === undefined || MUTATING_METHODS.has(key) || !PURE_DATA_METHODS.has(key)) return path;
          return PRIMITIVE_METHODS.has(key) ? undefined : follow(call, path, false);
        }
        return key === undefined ? follow(parent, path, false) : follow(parent, deeper(key), exact);
      }
      // A key is read as a string.
      if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return undefined;
      if (ts.isNonNullExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) ||
          ts.isTypeAssertionExpression(parent) || ts.isAwaitExpression(parent)) return follow(parent, path, exact);
      if (ts.isTemplateSpan(parent) || ts.isTypeOfExpression(parent) || ts.isVoidExpression(parent) || ts.isExpressionStatement(parent)) return undefined;
      if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent) || ts.isSwitchStatement(parent) || ts.isCaseClause(parent)) return undefined;
      if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
        const op = parent.operator;
        return op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken ? path.slice(0, -1) : undefined;
      }
      if (ts.isDeleteExpression(parent)) return path.slice(0, -1);
      if (ts.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        const assigns = op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
        // Writing a property changes the object holding it; rebinding the live-in itself changes no object.
        if (assigns && parent.left === node) return ts.isIdentifier(node) ? undefined : path.slice(0, -1);
        if (assigns) return path;
        if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return follow(parent, path, exact);
        if (op === ts.SyntaxKind.CommaToken) return parent.right === node ? follow(parent, path, exact) : undefined;
        return undefined;
      }
      if (ts.isConditionalExpression(parent)) return parent.condition === node ? undefined : follow(parent, path, exact);
      if (ts.isReturnStatement(parent)) return insideFunction(ts, parent, top) ? path : undefined;
      if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) return follow(parent.parent as TS.Expression, path, false);
      if (ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) && ts.isArrayLiteralExpression(parent.parent)) {
        return follow((ts.isSpreadElement(parent) ? parent.parent : parent) as TS.Expression, path, false);
      }
      if (ts.isCallExpression(parent) && parent.expression !== node) {
        const callee = calleePath(ts, parent.expression);
        if (callee !== undefined && (READ_ONLY_GLOBALS.has(callee) || (classifyGlobalCall(callee) === "pure" && callee !== "Object.freeze"))) {
          return callee === "Object.values" || callee === "Object.entries" ? follow(parent, path, false) : undefined;
        }
        return path;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) && isConst(ts, parent)) {
        usesOf(parent.name.text, path, exact);
        return undefined;
      }
      if (ts.isForOfStatement(parent) && parent.expression === node) {
        const bound = parent.initializer;
        const declared = ts.isVariableDeclarationList(bound) && bound.declarations.length === 1 ? bound.declarations[0]!.name : undefined;
        if (declared !== undefined && ts.isIdentifier(declared)) {
          usesOf(declared.text, path, false);
          return undefined;
        }
      }
      return path;
    };
    usesOf(place.name, [], true);
    for (const path of paths) {
      if (paths.some((other) => other.length < path.length && other.every((k, i) => path[i] === k))) continue;
      if (changes.some((c) => c.place === place && c.path.join(".") === path.join("."))) continue;
      changes.push({ place, path });
    }
  }
  return changes;
}

/** A name read as a value: not a property name, a declared name, a label or a type. */
function isValueUse(ts: TypeScriptApi, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return !ts.isTypeNode(parent) && !ts.isTypeReferenceNode(parent);
}

function literalKey(ts: TypeScriptApi, key: TS.Expression): string | undefined {
  return ts.isStringLiteral(key) || ts.isNumericLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key) ? key.text : undefined;
}

/** `console.log` for `console.log(...)`; undefined for a callee that is not a global name path. */
function calleePath(ts: TypeScriptApi, callee: TS.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

function isConst(ts: TypeScriptApi, declaration: TS.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Whether `node` sits in a function declared inside the region's statements. */
function insideFunction(ts: TypeScriptApi, node: TS.Node, top: ReadonlySet<TS.Node>): boolean {
  for (let at = node.parent; at !== undefined && !top.has(at); at = at.parent) if (ts.isFunctionLike(at)) return true;
  return false;
}
