/**
 * Pass 5 — infer binding times.
 *
 * In: IR with resolved callees. Out: a `shape` on every expression and variable. A value is
 * static when it depends only on `this`, constants and build-time loop variables (it is computed
 * once, while the structure is built, so `this.members.map(...)` unrolls into N calls); it is a
 * `ref` when it depends on inputs or an operator's result; `refs` when it is a build-time array of
 * such values (a fan-out); `value` when it may be either. Variables assigned in several places, or
 * inside statements that will run as host nodes, take the join of all their definitions; the
 * pass iterates until nothing changes. Reports nothing.
 */
import type { Declaration, Expr, ForwardIR, Place, Region, Shape, Stmt } from "../ir/ir.js";
import { isStatic, join, REF, refsOf, sameShape, STATIC, VALUE } from "../ir/shapes.js";
import { expressionsOf, operandsOf, walkExpr } from "../ir/walk.js";

export function inferBindingTimes(ir: ForwardIR): void {
  for (const place of ir.inputs?.places ?? []) place.shape = REF;
  if (ir.context) ir.context.shape = REF;
  for (let round = 0; round < 20; round++) {
    let changed = false;
    const widen = (place: Place, shape: Shape | undefined) => {
      const next = join(place.shape, shape);
      if (!sameShape(next, place.shape)) {
        place.shape = next;
        changed = true;
      }
    };
    region(ir.body, widen);
    if (!changed) return;
  }
}

type Widen = (place: Place, shape: Shape | undefined) => void;

function region(statements: Region, widen: Widen): void {
  for (const stmt of statements) statement(stmt, widen);
}

function statement(stmt: Stmt, widen: Widen): void {
  for (const expr of expressionsOf(stmt)) infer(expr, widen);
  switch (stmt.kind) {
    case "declare":
      // A declaration that runs in a host node defines its names as the host's live-outs: refs.
      if (runsAtRunTime(stmt)) for (const place of stmt.declares) widen(place, REF);
      else for (const declaration of stmt.declarations) declare(declaration, widen);
      break;
    case "assign":
      widen(stmt.place, stmt.value.shape);
      break;
    case "push": {
      const element = stmt.values.reduce<Shape | undefined>((acc, v) => join(acc, v.shape), undefined);
      if (!stmt.values.every((v) => isStatic(v.shape))) widen(stmt.place, refsOf(element!));
      break;
    }
    case "for-of": {
      const iterable = stmt.iterable.shape!;
      widen(stmt.binding, iterable.kind === "static" ? STATIC : iterable.kind === "refs" ? iterable.element : VALUE);
      break;
    }
    case "for-index":
      widen(stmt.index, stmt.header.every((h) => isStatic(h.shape)) ? STATIC : VALUE);
      break;
  }
  for (const inner of stmt.kind === "if" ? [stmt.then, stmt.otherwise ?? []] : stmt.kind === "for-of" || stmt.kind === "for-index" ? [stmt.body] : []) {
    region(inner, widen);
  }
  // Whatever a statement that runs at run time assigns is a host node's live-out: a ref afterwards.
  if (runsAtRunTime(stmt)) for (const place of stmt.writes) widen(place, REF);
}

/** Statements whose control depends on run-time values, or that lowering could not model. */
export function runsAtRunTime(stmt: Stmt): boolean {
  if (stmt.kind === "opaque") return true;
  if (stmt.kind === "if") return !isStatic(stmt.condition.shape);
  if (stmt.kind === "for-of") return !isStatic(stmt.iterable.shape) && stmt.iterable.shape?.kind !== "refs";
  if (stmt.kind === "for-index") return stmt.header.some((h) => !isStatic(h.shape));
  let opaque = false;
  for (const expr of expressionsOf(stmt)) {
    walkExpr(expr, (e) => {
      opaque ||= e.kind === "opaque" || (e.kind === "call" && !isGraphCall(e));
    });
  }
  return opaque;
}

/**
 * Calls that can live in the graph or run at build time: sub-operator calls, pure globals, and
 * pure methods on run-time data (on a build-time receiver the method name alone proves nothing:
 * `this.store.find(q)` may be anything).
 */
export function isGraphCall(call: Extract<Expr, { kind: "call" }>): boolean {
  if (call.calleeKind === "operator" || call.calleeKind === "pure") return true;
  return call.calleeKind === "pure-on-data" && !isStatic(receiverOf(call)?.shape);
}

function receiverOf(call: Extract<Expr, { kind: "call" }>): Expr | undefined {
  return call.callee.kind === "member" ? call.callee.object : undefined;
}

function declare(declaration: Declaration, widen: Widen): void {
  // `const results = []` filled by `results.push(...)`: its shape is what is pushed.
  if (declaration.init?.kind === "array" && declaration.init.elements.length === 0) return;
  const init = declaration.init?.shape ?? STATIC;
  if (declaration.places.length === 1 && declaration.pattern.kind === declaration.places[0]!.node.kind) {
    widen(declaration.places[0]!, init);
    return;
  }
  // Destructuring: a static or ref value gives static or ref leaves; a build-time array gives its elements.
  const leaf = init.kind === "refs" ? init.element : init.kind === "static" ? STATIC : init.kind === "ref" ? REF : VALUE;
  for (const place of declaration.places) widen(place, leaf);
}

/** Operands first; a map's callback parameters take the array's element shape before its body is read. */
function infer(expr: Expr, widen: Widen): void {
  if (expr.kind === "map") {
    infer(expr.array, widen);
    const array = expr.array.shape!;
    const [element, index] = expr.params;
    if (element) widen(element, array.kind === "static" ? STATIC : array.kind === "refs" ? array.element : VALUE);
    if (index) widen(index, isStatic(array) || array.kind === "refs" ? STATIC : VALUE);
    infer(expr.body, widen);
  } else {
    for (const operand of operandsOf(expr)) infer(operand, widen);
  }
  expr.shape = shapeOf(expr);
}

function shapeOf(expr: Expr): Shape {
  switch (expr.kind) {
    case "this": case "literal": case "global":
      return STATIC;
    case "variable":
      return expr.place.shape ?? STATIC;
    case "member": {
      const object = expr.object.shape!;
      if (object.kind === "refs") return expr.key === "length" ? STATIC : typeof expr.key === "number" ? object.element : VALUE;
      return object.kind === "value" ? REF : object;
    }
    case "element": {
      const object = expr.object.shape!;
      if (isStatic(object) && isStatic(expr.index.shape)) return STATIC;
      return object.kind === "refs" && isStatic(expr.index.shape) ? object.element : REF;
    }
    case "call":
      if (expr.calleeKind === "operator" || !isGraphCall(expr)) return REF;
      return [expr.callee, ...expr.args].every((e) => isStatic(e.shape)) ? STATIC : REF;
    case "await": case "promise-all":
      return expr.operand.shape!;
    case "array": {
      if (expr.elements.every((e) => isStatic(e.value.shape))) return STATIC;
      if (expr.elements.some((e) => e.spread && !isStatic(e.value.shape) && e.value.shape!.kind !== "refs")) return REF;
      const elementShape = (e: { spread: boolean; value: Expr }) => {
        const shape = e.value.shape!;
        return e.spread && shape.kind === "refs" ? shape.element : shape;
      };
      return refsOf(expr.elements.reduce<Shape | undefined>((acc, e) => join(acc, elementShape(e)), undefined)!);
    }
    case "object":
      return expr.properties.every((p) => isStatic(p.value.shape)) ? STATIC : REF;
    case "map": {
      const array = expr.array.shape!;
      if (isStatic(array)) return isStatic(expr.body.shape) ? STATIC : refsOf(expr.body.shape!);
      return array.kind === "refs" ? refsOf(expr.body.shape ?? STATIC) : REF;
    }
    case "pure":
      return expr.operands.every((o) => isStatic(o.shape)) ? STATIC : REF;
    case "opaque":
      return REF;
  }
}
