/**
 * Reads of state held on operators that a run may change.
 *
 * The structure reads `this` while the graph is built, once per instance: `this.members` must be
 * known then for a fan-out to unroll. State an effect changes is another matter. The documented
 * way to keep state on an operator (XCS2001) is to give it to a sub-operator declaring effects
 * (`await this.remember.invoke({ memory: this.memory, add })`), and a sub-operator declaring
 * effects may change its own fields (`this.store.items`). Read once, such state shows the first
 * run's value to every later run, and a read after the effect in one run sees it unchanged.
 *
 * Lowering records, from the syntax of the whole body (host code's too), which fields of `this`
 * `forward` calls as operators and which it gives to an operator's call, with the operators given
 * each, and, from the class, which fields hold data another operator may hold too (`stateFacts`). As binding times begin, a read of a field given away (`this.memory`, and
 * every read through it: `this.memory.length`), a read of a field shared so (`sharedFields`),
 * and a read of a field of a sub-operator `forward`
 * calls (`this.store.items`) become state reads (`expr.stateRead`): the builder's `g.state(holder,
 * key, givenTo)` reads the value while the graph is built when nothing may change it (neither the
 * holder nor an operator it is given to declares effects), and otherwise at run time, in a node
 * that keeps program order with the effects (`GraphBuilder.state`). Which operators declare
 * effects only the builder knows; the transformer names the candidates. Where the graph's form
 * depends on the read (a loop's source or header, a condition, the array a `.map` goes over), it is
 * `g.stateNow`, which fails the build when the state may change (the instance then runs its
 * `forward` as written).
 *
 * Not followed: state a nested structural operator changes in place (it should declare effects).
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import { isAssigned } from "../lower/scope.js";
import type { Expr, ForwardIR, StateFacts, StateRead } from "./ir.js";
import { eachExpression, expressionsOf, walkExpr, walkRegion } from "./walk.js";

/**
 * What `forward` (`body`, host code included) does with fields of `this`: the ones it calls as
 * operators (`this.store.invoke(…)`), and the ones it gives to an operator's call (itself, a part
 * of it, or a name bound to either), with the paths from `this` of the operators given each: the
 * operator's own, or that of the array, `Map` or object it is picked from (`pickedFrom`; the
 * builder then asks each of its members). `undefined`: an operator reached some other way, which
 * the builder takes as one that may change what it is given.
 */
export function stateFacts(ts: TypeScriptApi, body: TS.Node, classNode: TS.ClassLikeDeclaration): StateFacts {
  const called = new Set<string>();
  const given = new Map<string, string[][] | undefined>();
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(ts, node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "invoke") {
        const named = pathFromThis(ts, callee.expression);
        if (named?.length === 1) called.add(named[0]!);
        const operator = named ?? pickedFrom(ts, callee.expression);
        for (const arg of node.arguments) {
          givenFields(ts, arg, (key) => {
            const to = given.has(key) ? given.get(key) : [];
            given.set(key, to !== undefined && operator !== undefined ? [...to, operator] : undefined);
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return { called, given, shared: sharedFields(ts, classNode) };
}

/**
 * Fields of `this` holding data another operator may hold too, so that what that one gives an
 * effect changes them (`this.memory`, shared with a nested worker that keeps its answers there): a
 * constructor's parameter kept as a field (`constructor(readonly memory: string[])`, or
 * `this.memory = memory`), and a field the constructor or a field's initializer gives away (`new
 * Worker(this.memory)`). Which other operator holds it, and whether it may change it, only the
 * builder knows (`GraphBuilder.state`). Fields typed as primitives or as operators are left out:
 * the first cannot change, the second are what `forward` calls.
 */
function sharedFields(ts: TypeScriptApi, classNode: TS.ClassLikeDeclaration): Set<string> {
  const shared = new Set<string>();
  const typeOf = new Map<string, TS.TypeNode | undefined>();
  for (const member of classNode.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) typeOf.set(member.name.text, member.type);
  }
  const ctor = classNode.members.find(ts.isConstructorDeclaration);
  const parameters = new Map<string, TS.TypeNode | undefined>();
  for (const param of ctor?.parameters ?? []) {
    if (!ts.isIdentifier(param.name)) continue;
    parameters.set(param.name.text, param.type);
    if ((ts.getModifiers(param)?.length ?? 0) > 0) {
      typeOf.set(param.name.text, param.type);
      shared.add(param.name.text);
    }
  }
  const visit = (node: TS.Node): void => {
    // `this.memory = memory`, `= opts.memory`, `= memory ?? []`: what a parameter holds, kept in a field.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(unwrap(ts, node.left))) {
      const key = fieldOfThisUnder(ts, node.left);
      const from = parameterIn(ts, node.right, parameters);
      if (key !== undefined && from !== undefined) {
        shared.add(key);
        if (typeOf.get(key) === undefined && ts.isIdentifier(unwrap(ts, node.right))) typeOf.set(key, parameters.get(from));
      }
    }
    // `new Worker(this.memory)`, `register({ memory: this.memory })`: given away.
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) for (const arg of node.arguments ?? []) givenFields(ts, arg, (key) => shared.add(key));
    ts.forEachChild(node, visit);
  };
  if (ctor?.body) visit(ctor.body);
  for (const member of classNode.members) if (ts.isPropertyDeclaration(member) && member.initializer) visit(member.initializer);
  for (const key of [...shared]) if (!mayHoldData(ts, typeOf.get(key))) shared.delete(key);
  return shared;
}

/**
 * The constructor parameter whose value, or a part of it, `node` may be (`memory`, `opts.memory`,
 * `memory ?? []`, `a ? memory : []`), if any; not what a call or a literal makes of it.
 */
function parameterIn(ts: TypeScriptApi, node: TS.Expression, parameters: ReadonlyMap<string, unknown>): string | undefined {
  const e = unwrap(ts, node);
  if (ts.isIdentifier(e)) return parameters.has(e.text) ? e.text : undefined;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return parameterIn(ts, e.expression, parameters);
  if (ts.isConditionalExpression(e)) return parameterIn(ts, e.whenTrue, parameters) ?? parameterIn(ts, e.whenFalse, parameters);
  const either = [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken];
  if (ts.isBinaryExpression(e) && either.includes(e.operatorToken.kind)) return parameterIn(ts, e.left, parameters) ?? parameterIn(ts, e.right, parameters);
  return undefined;
}

/** Whether a field declared with `type` may hold data an effect changes: not a primitive, not an operator (or a list of them). */
function mayHoldData(ts: TypeScriptApi, type: TS.TypeNode | undefined): boolean {
  if (type === undefined) return true;
  const primitive = [ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BooleanKeyword, ts.SyntaxKind.BigIntKeyword, ts.SyntaxKind.SymbolKeyword];
  if (primitive.includes(type.kind) || ts.isLiteralTypeNode(type)) return false;
  return !/\b(Operator|Invokable)\b/.test(type.getText());
}

/**
 * The path from `this` of the array, `Map` or object an operator is picked from, when it is not a
 * field itself: an index into it (`this.byName["main"]`), or a name a `for…of` over it, or a
 * callback of a method of it (`this.judges.map((j) => …)`, `Object.entries(this.tools)`), binds.
 */
function pickedFrom(ts: TypeScriptApi, node: TS.Expression, depth = 0): string[] | undefined {
  const e = unwrap(ts, node);
  // Names bound to names, far enough to follow what code writes, not a cycle (`const a = b, b = a`).
  if (depth > 8) return undefined;
  if (ts.isElementAccessExpression(e)) return pathFromThis(ts, e.expression) ?? pickedFrom(ts, e.expression, depth + 1);
  if (!ts.isIdentifier(e)) return undefined;
  const binding = bindingOf(ts, e);
  // A name that may be bound again (`let`, `var`) may hold anything by then.
  if (binding === undefined || binding.reassignable) return undefined;
  if (binding.kind === "loop") return collectionOf(ts, binding.source);
  if (binding.kind === "parameter") {
    const call = binding.source.parent;
    return call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) ? collectionOf(ts, call.expression.expression) : undefined;
  }
  return pathFromThis(ts, binding.source) ?? pickedFrom(ts, binding.source, depth + 1);
}

/**
 * Where the name `id` reads is bound, the nearest scope first: a `for…of` over `source`, a
 * parameter of the function `source`, or a declaration initialized with `source`; `reassignable`
 * when it is `let` or `var` (an assignment may bind it to something else).
 */
type Binding =
  | { readonly kind: "loop"; readonly source: TS.Expression; readonly reassignable: boolean }
  | { readonly kind: "parameter"; readonly source: TS.SignatureDeclaration; readonly reassignable: boolean }
  | { readonly kind: "declaration"; readonly source: TS.Expression; readonly reassignable: boolean };

function bindingOf(ts: TypeScriptApi, id: TS.Identifier): Binding | undefined {
  const name = id.text;
  // `const` never binds again; `let`, `var` and a parameter do when code in their scope assigns them.
  const reassignable = (list: TS.VariableDeclarationList | undefined, scope: TS.Node) =>
    (list === undefined || (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== ts.NodeFlags.Const) && assigns(ts, scope, name);
  const declared = (list: TS.VariableDeclarationList, scope: TS.Node): Binding | undefined | null => {
    const d = list.declarations.find((v) => binds(ts, v.name, name));
    if (d === undefined) return null;
    // Bound by a pattern: not a name for one known value. With no initializer, only what is assigned to it.
    if (!ts.isIdentifier(d.name)) return undefined;
    return { kind: "declaration", source: d.initializer ?? d.name, reassignable: reassignable(list, scope) };
  };
  for (let at: TS.Node | undefined = id.parent; at !== undefined; at = at.parent) {
    if (ts.isForOfStatement(at) && ts.isVariableDeclarationList(at.initializer) && at.initializer.declarations.some((d) => binds(ts, d.name, name))) {
      return { kind: "loop", source: at.expression, reassignable: reassignable(at.initializer, at.statement) };
    }
    if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at) || ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at)) && at.parameters.some((p) => binds(ts, p.name, name))) {
      return { kind: "parameter", source: at, reassignable: reassignable(undefined, at) };
    }
    if ((ts.isForStatement(at) || ts.isForInStatement(at)) && at.initializer && ts.isVariableDeclarationList(at.initializer)) {
      const found = declared(at.initializer, at);
      if (found !== null) return found;
    }
    if (ts.isBlock(at) || ts.isSourceFile(at) || ts.isCaseClause(at) || ts.isDefaultClause(at)) {
      for (const statement of at.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        const found = declared(statement.declarationList, at);
        if (found !== null) return found;
      }
    }
    // `forward` itself: a name not bound in it is the module's.
    if (ts.isMethodDeclaration(at)) return undefined;
  }
  return undefined;
}

/** The path from `this` of what a loop or a callback goes over: `this.judges`, `this.experts.entries()`, `Object.values(this.tools)`. */
function collectionOf(ts: TypeScriptApi, node: TS.Expression): string[] | undefined {
  const e = unwrap(ts, node);
  if (!ts.isCallExpression(e)) return pathFromThis(ts, e);
  const callee = unwrap(ts, e.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && e.arguments[0]) return pathFromThis(ts, e.arguments[0]);
  return ["entries", "values", "slice", "filter"].includes(callee.name.text) ? pathFromThis(ts, callee.expression) : undefined;
}

/** Whether a binding name or pattern binds `name`. */
function binds(ts: TypeScriptApi, binding: TS.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && binds(ts, element.name, name));
}

/** The places in `scope` that assign the name (`isAssigned`); any binding of that name, to stay on the safe side. */
function assignmentsOf(ts: TypeScriptApi, scope: TS.Node, name: string): TS.Identifier[] {
  const found: TS.Identifier[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isAssigned(ts, node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** Whether code in `scope` assigns the name. */
function assigns(ts: TypeScriptApi, scope: TS.Node, name: string): boolean {
  return assignmentsOf(ts, scope, name).length > 0;
}

/**
 * The fields of `this` a name may hold (`const memory = this.memory`): its initializer's, and,
 * when it may be bound again, those of every assignment to it in `forward` (`target = this.memory`).
 */
function fieldsHeldBy(ts: TypeScriptApi, id: TS.Identifier, visit: (key: string) => void, seen: Set<TS.Node>): void {
  const binding = bindingOf(ts, id);
  // Each binding once: `a = b` and `b = a` name each other.
  if (binding === undefined || seen.has(binding.source)) return;
  seen.add(binding.source);
  // A loop's or callback's variable holds an element, not the field (an element given away is not followed).
  if (binding.kind !== "declaration") return;
  givenFields(ts, binding.source, visit, seen);
  if (!binding.reassignable) return;
  let method: TS.Node | undefined = id.parent;
  while (method !== undefined && !ts.isMethodDeclaration(method)) method = method.parent;
  // What each assignment gives it: the right side of the assignment it is a target of (all of it,
  // for a pattern: `[target] = [this.memory]`).
  for (const target of method === undefined ? [] : assignmentsOf(ts, method, id.text)) {
    let at: TS.Node = target;
    while (!ts.isBinaryExpression(at.parent) && at.parent !== method && !ts.isStatement(at.parent)) at = at.parent;
    if (ts.isBinaryExpression(at.parent) && at.parent.left === at) givenFields(ts, at.parent.right, visit, seen);
  }
}

/** Marks the state reads of `ir` (`expr.stateRead`) from its `stateFacts`. */
export function markStateReads(ir: ForwardIR): void {
  const { called, given, shared } = ir.state;
  if (given.size === 0 && called.size === 0 && shared.size === 0) return;
  const shaping = formShapers(ir);
  eachExpression(ir.body, (e) => {
    if (e.kind !== "member" || typeof e.key !== "string") return;
    const read = stateReadOf(e, e.key, ir.state, shaping.has(e));
    if (read !== undefined) e.stateRead = read;
  });
}

function stateReadOf(e: Extract<Expr, { kind: "member" }>, key: string, { called, given, shared }: StateFacts, atBuildTime: boolean): StateRead | undefined {
  // `this.memory`, given to an operator's call, or held by another operator too; not a field forward calls as an operator itself.
  if (e.object.kind === "this" && (given.has(key) || shared.has(key)) && !called.has(key)) return { holder: e.object, key, givenTo: given.has(key) ? given.get(key) : [], atBuildTime };
  // `this.store.items`, a field of a sub-operator forward calls (its `invoke` is the call itself).
  const holder = e.object.kind === "member" && e.object.object.kind === "this" ? e.object.key : undefined;
  if (typeof holder === "string" && called.has(holder) && key !== "invoke") return { holder: e.object, key, givenTo: [], atBuildTime };
  return undefined;
}

/**
 * The expressions the graph's form depends on, read while it is built: what a loop goes over or
 * its header reads, a condition, and the array a `.map` goes over (a fan-out over `this.criteria`
 * must stay one while nothing may change it).
 */
function formShapers(ir: ForwardIR): Set<Expr> {
  const shaping = new Set<Expr>();
  const add = (expr: Expr) => walkExpr(expr, (e) => shaping.add(e));
  walkRegion(ir.body, (stmt) => {
    if (stmt.kind === "for-of") add(stmt.iterable);
    if (stmt.kind === "for-index") stmt.header.forEach(add);
    if (stmt.kind === "if") add(stmt.condition);
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "map" && add(e.array));
  });
  return shaping;
}

/**
 * Visits the fields of `this` an input gives the callee (`this.memory` in `{ memory: this.memory }`),
 * or a part of (`this.state.memory`): the value itself, or inside an array or object literal. What
 * a call or a template makes of it (`this.memory.join("|")`) is another value.
 */
function givenFields(ts: TypeScriptApi, node: TS.Expression, visit: (key: string) => void, seen = new Set<TS.Node>()): void {
  const e = unwrap(ts, node);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = fieldOfThisUnder(ts, e);
    if (key !== undefined) return visit(key);
    // A part of what a name holds (`list[0]`, `state.memory`).
    let base = unwrap(ts, e.expression);
    while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = unwrap(ts, base.expression);
    if (ts.isIdentifier(base)) fieldsHeldBy(ts, base, visit, seen);
  } else if (ts.isIdentifier(e)) {
    fieldsHeldBy(ts, e, visit, seen);
  } else if (ts.isArrayLiteralExpression(e)) {
    for (const element of e.elements) givenFields(ts, ts.isSpreadElement(element) ? element.expression : element, visit, seen);
  } else if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) givenFields(ts, p.initializer, visit, seen);
      else if (ts.isShorthandPropertyAssignment(p)) givenFields(ts, p.name, visit, seen);
      else if (ts.isSpreadAssignment(p)) givenFields(ts, p.expression, visit, seen);
    }
  } else if (ts.isAwaitExpression(e)) {
    givenFields(ts, e.expression, visit, seen);
  }
}

/** The names from `this` of a chain of field reads (`this.experts.law` → `["experts", "law"]`), if it is one. */
function pathFromThis(ts: TypeScriptApi, node: TS.Expression): string[] | undefined {
  const e = unwrap(ts, node);
  if (e.kind === ts.SyntaxKind.ThisKeyword) return [];
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const base = pathFromThis(ts, e.expression);
  return base && [...base, e.name.text];
}

/** The field of `this` a chain of field and element reads starts with (`this.memory[0]` → `memory`), if it starts at `this`. */
function fieldOfThisUnder(ts: TypeScriptApi, node: TS.Expression): string | undefined {
  let e = unwrap(ts, node);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const object = unwrap(ts, e.expression);
    if (object.kind === ts.SyntaxKind.ThisKeyword) return ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    e = object;
  }
  return undefined;
}

/** Through parentheses, `!` and type assertions. */
function unwrap(ts: TypeScriptApi, node: TS.Expression): TS.Expression {
  let e = node;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}
