/**
 * Pass 4 — resolve callees.
 *
 * In: lowered IR. Out: every `call` annotated with what its callee is: a sub-operator's `invoke`
 * (by type: assignable to xcs-jit's `Operator`, when a checker is there), an unresolved `invoke`,
 * a known pure or effectful built-in (including the reads of a `Map` or `Set`, by type), a
 * one-expression pure helper of the file (`resolve/pure-helpers.ts`), a data method on data that
 * `forward` or a module-level `const` makes (pure wherever it is: `resolve/made-data.ts`), a pure
 * method on data, or unknown. Reports nothing; the effects pass turns the annotations into reasons.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Expr, ForwardIR, Place } from "../ir/ir.js";
import { eachExpression } from "../ir/walk.js";
import { classifyGlobalCall, globalPath, isDataMethod } from "../resolve/known-functions.js";
import { isDataMethodCall, type DataScope } from "../resolve/made-data.js";
import type { PureHelpers } from "../resolve/pure-helpers.js";
import type { MadeParts } from "../ir/ir.js";
import type { XcsResolver } from "../resolve/xcs-symbols.js";

/** Methods of a `Map`, `Set` or array that read it without changing it (`for (const [k, v] of this.experts.entries())`). */
const COLLECTION_READS = new Set(["get", "has", "entries", "keys", "values"]);

export function resolveCallees(ts: TypeScriptApi, ir: ForwardIR, resolver: XcsResolver, pureHelpers: PureHelpers): void {
  const dataHelpers = new Set([...pureHelpers].filter(([, helper]) => helper.data).map(([name]) => name));
  // Which place each identifier of `forward` reads, as lowering resolved the scopes.
  const places = new Map<TS.Node, Place>();
  eachExpression(ir.body, (expr) => {
    if (expr.kind === "variable") places.set(expr.node, expr.place);
  });
  const moduleConstants = moduleConstantsOf(ts, ir.classNode);
  /** A `const` of `forward` never reassigned, a callback's parameter, or a `const` of the module. */
  const binding = (name: TS.Identifier): TS.VariableDeclaration | TS.ParameterDeclaration | undefined => {
    const place = places.get(name);
    if (!place) return moduleConstants.get(name.text);
    const declaration = place.node.parent;
    if (!declaration || place.reassigned) return undefined;
    if (place.declaredAs === "callback") return ts.isParameter(declaration) && declaration.name === place.node ? declaration : undefined;
    return place.declaredAs === "const" && ts.isVariableDeclaration(declaration) && declaration.name === place.node ? declaration : undefined;
  };
  const scope: DataScope = { dataHelpers, binding, local: (name) => places.has(name) };
  const isDataCall = (call: Extract<Expr, { kind: "call" }>) => ts.isCallExpression(call.node) && isDataMethodCall(ts, call.node, scope);
  eachExpression(ir.body, (expr) => {
    if (expr.kind !== "call") return;
    expr.calleeKind = calleeKind(ts, expr, resolver, pureHelpers, isDataCall);
    const helper = expr.callee.kind === "global" ? pureHelpers.get(expr.callee.name) : undefined;
    if (helper !== undefined) expr.madeParts = helper.data ? "all" : madePartsOf(ts, helper.result);
  });
}

/** What `expr` makes each time it runs (`MadeParts`), read from its literals. */
function madePartsOf(ts: TypeScriptApi, expr: TS.Expression): MadeParts | undefined {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  if (ts.isObjectLiteralExpression(expr)) {
    const fields = new Map<string, MadeParts | undefined>();
    let any = false;
    for (const p of expr.properties) {
      const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) ? p.name.text : undefined;
      if (ts.isPropertyAssignment(p) && key !== undefined) fields.set(key, madePartsOf(ts, p.initializer));
      else if (ts.isShorthandPropertyAssignment(p)) fields.set(p.name.text, undefined);
      else any = true;
    }
    return { kind: "object", fields, any };
  }
  if (ts.isArrayLiteralExpression(expr)) {
    // An element some literal makes may be any element: taken as made (a copy where eager would share is only a cost).
    const made = expr.elements.map((e) => (ts.isSpreadElement(e) ? undefined : madePartsOf(ts, e))).find((m) => m !== undefined);
    return { kind: "array", element: made };
  }
  if (ts.isConditionalExpression(expr)) return madePartsOf(ts, expr.whenTrue) ?? madePartsOf(ts, expr.whenFalse);
  return undefined;
}

/**
 * The module's top-level `const`s bound to one name with an initializer, when `forward`'s
 * class is itself declared at the top level: a name `forward` does not declare then reads one of
 * them or a global (a class inside a function could see that function's own names instead).
 */
function moduleConstantsOf(ts: TypeScriptApi, classNode: TS.ClassLikeDeclaration): ReadonlyMap<string, TS.VariableDeclaration> {
  const constants = new Map<string, TS.VariableDeclaration>();
  const sourceFile = classNode.getSourceFile();
  if (classNode.parent !== sourceFile) return constants;
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration);
    }
  }
  return constants;
}

function calleeKind(ts: TypeScriptApi, call: Extract<Expr, { kind: "call" }>, resolver: XcsResolver, pureHelpers: PureHelpers,
                    isDataCall: (call: Extract<Expr, { kind: "call" }>) => boolean): NonNullable<Expr["calleeKind"]> {
  const callee = call.callee;
  if (callee.kind === "global" && pureHelpers.has(callee.name)) return "pure";
  if (callee.kind === "member" && callee.key === "invoke") {
    const resolution = resolver.isOperator(callee.object.node);
    if (resolution === "yes") return "operator";
    if (resolution === "unknown") return "unresolved";
  }
  // A known global first: `Object.entries(x)` is no read of a collection named `Object` (and the
  // question would cost the text paths a program).
  const path = globalPath(callee);
  if (path) {
    const known = classifyGlobalCall(path);
    if (known !== "unknown") return known;
  }
  if (callee.kind === "member" && typeof callee.key === "string" && COLLECTION_READS.has(callee.key) && resolver.isCollection(callee.object.node)) return "pure";
  if (callee.kind === "member" && typeof callee.key === "string" && isDataMethod(ts, callee.key, callee.object.node)) {
    // On data `forward` makes, given data, the method is the built-in one wherever the data is (on
    // a value typed as a built-in array, binding times decide: the type is asked only of static receivers).
    return isDataCall(call) ? "pure" : "pure-on-data";
  }
  return "unknown";
}

