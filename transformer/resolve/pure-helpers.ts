/**
 * One-expression pure helpers declared at module level in the file being compiled:
 *
 *     const prompt = (q: string) => `Answer briefly: ${q}`;
 *     function score(a: { n: number }) { return a.n * 2; }
 *
 * A call to one is pure, like a call to `Math.max`: it becomes a compute node, or runs at graph
 * build time on build-time arguments, instead of a graph break. A helper qualifies when it is a
 * `const` arrow or function expression, or a function declaration the file never reassigns, not
 * async nor a generator, whose body is one expression (or one `return`) that calls nothing but
 * pure built-ins, pure methods on its own data and other such helpers, and reads nothing from the
 * module but such helpers and constants bound to literals. Anything else stays an unknown call.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import { classifyGlobalCall, PURE_DATA_METHODS } from "./known-functions.js";
import { isMadeData } from "./made-data.js";

type FunctionNode = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration;

/** Global names a helper may read (the namespaces of the pure built-ins, and constant globals). */
const PURE_GLOBAL_VALUES = new Set(["Math", "JSON", "Object", "Array", "Number", "String", "Boolean", "BigInt", "undefined", "NaN", "Infinity"]);

/** One of the file's pure helpers: whether its one expression is data it makes (`resolve/made-data.ts`), and that expression. */
export interface PureHelper {
  readonly data: boolean;
  readonly result: TS.Expression;
}

/** The file's pure helpers by name. */
export type PureHelpers = ReadonlyMap<string, PureHelper>;

export function findPureHelpers(ts: TypeScriptApi, sourceFile: TS.SourceFile): PureHelpers {
  const candidates = new Map<string, FunctionNode>();
  const literals = new Set<string>();
  const moduleNames = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      moduleNames.add(statement.name.text);
      candidates.set(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement)) {
      const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        for (const name of boundNames(ts, declaration.name)) moduleNames.add(name);
        if (!constant || !ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const init = skipParentheses(ts, declaration.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) candidates.set(declaration.name.text, init);
        else if (isLiteral(ts, init)) literals.add(declaration.name.text);
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      moduleNames.add(statement.name.text);
    }
  }
  if (candidates.size === 0) return new Map();
  const reassigned = assignedNames(ts, sourceFile);
  // Shrink to a fixed point: a helper is pure when everything it calls is, other helpers included.
  const helpers = new Set([...candidates.keys()].filter((name) => !reassigned.has(name) && hasOneExpression(ts, candidates.get(name)!)));
  for (let changed = true; changed;) {
    changed = false;
    for (const name of helpers) {
      if (isPureFunction(ts, candidates.get(name)!, helpers, literals, moduleNames)) continue;
      helpers.delete(name);
      changed = true;
    }
  }
  // Grow to a fixed point: a helper returning another data helper's result returns data too.
  const data = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const name of helpers) {
      if (data.has(name) || !isMadeData(ts, resultOf(ts, candidates.get(name)!), { dataHelpers: data })) continue;
      data.add(name);
      changed = true;
    }
  }
  return new Map([...helpers].map((name) => [name, { data: data.has(name), result: resultOf(ts, candidates.get(name)!) }]));
}

/** The one expression of a helper (`hasOneExpression` holds). */
function resultOf(ts: TypeScriptApi, fn: FunctionNode): TS.Expression {
  const body = fn.body!;
  return ts.isBlock(body) ? (body.statements[0] as TS.ReturnStatement).expression! : body;
}

function hasOneExpression(ts: TypeScriptApi, fn: FunctionNode): boolean {
  if (fn.asteriskToken || fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return true;
  return body.statements.length === 1 && ts.isReturnStatement(body.statements[0]!) && body.statements[0].expression !== undefined;
}

function isPureFunction(ts: TypeScriptApi, fn: FunctionNode, helpers: ReadonlySet<string>, literals: ReadonlySet<string>,
                        moduleNames: ReadonlySet<string>): boolean {
  const declared = new Set<string>();
  const check = (node: TS.Node): boolean => {
    if (ts.isTypeNode(node)) return true;
    if (ts.isParameter(node) || ts.isVariableDeclaration(node)) for (const name of boundNames(ts, node.name)) declared.add(name);
    if (ts.isAwaitExpression(node) || ts.isNewExpression(node) || ts.isDeleteExpression(node) || ts.isYieldExpression(node)) return false;
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) return false;
    if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isClassLike(node)) return false;
    if (ts.isTaggedTemplateExpression(node)) return false;
    if (ts.isCallExpression(node) && !isPureCall(ts, node.expression, helpers)) return false;
    if (ts.isIdentifier(node) && isReference(ts, node) && !declared.has(node.text)) {
      const name = node.text;
      if (!helpers.has(name) && !literals.has(name) && (moduleNames.has(name) || !PURE_GLOBAL_VALUES.has(name))) return false;
    }
    return ts.forEachChild(node, (child) => (check(child) ? undefined : true)) === undefined;
  };
  // Parameters first, so their names are known when the body reads them.
  return fn.parameters.every(check) && check(fn.body!);
}

function isPureCall(ts: TypeScriptApi, callee: TS.Expression, helpers: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(callee)) return helpers.has(callee.text) || classifyGlobalCall(callee.text) === "pure";
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (ts.isIdentifier(callee.expression) && classifyGlobalCall(`${callee.expression.text}.${callee.name.text}`) === "pure") return true;
  // A method on the helper's own data; the receiver's names are checked like any other read.
  return PURE_DATA_METHODS.has(callee.name.text);
}

/** An identifier read as a value (not a property name, a key, or a declared name). */
function isReference(ts: TypeScriptApi, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isBindingElement(parent) || ts.isMethodDeclaration(parent) ||
       ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if ((ts.isParameter(parent) || ts.isVariableDeclaration(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  return true;
}

function boundNames(ts: TypeScriptApi, name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(ts, e.name)));
}

function isLiteral(ts: TypeScriptApi, node: TS.Expression): boolean {
  return ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand));
}

function skipParentheses(ts: TypeScriptApi, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

/** Names assigned anywhere in the file (`f = ...`, `f += ...`, `f++`): such a "helper" may change. */
function assignedNames(ts: TypeScriptApi, sourceFile: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) names.add(node.left.text);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) names.add(node.operand.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}
