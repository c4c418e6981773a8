/** Traversal helpers shared by the passes: operands of an expression, expressions and sub-regions of a statement. */
import type { Expr, Pattern, Place, Region, Stmt } from "./ir.js";

export function operandsOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case "member": return [expr.object];
    case "element": return [expr.object, expr.index];
    case "call": return [expr.callee, ...expr.args];
    case "await": case "promise-all": return [expr.operand];
    case "array": return expr.elements.map((e) => e.value);
    case "object": return expr.properties.flatMap((p) => (typeof p.key === "object" ? [p.key, p.value] : [p.value]));
    case "map": return [expr.array, ...callbackExpressions(expr)];
    case "pure": return expr.operands;
    default: return [];
  }
}

/** What a map's callback evaluates, in order: its parameters' defaults, its steps, its result. */
export function callbackExpressions(map: Extract<Expr, { kind: "map" }>): Expr[] {
  return [
    ...map.params.flatMap(patternExpressions),
    ...map.steps.flatMap((d) => [...(d.init ? [d.init] : []), ...patternExpressions(d.pattern)]),
    map.body,
  ];
}

/** The names a map's callback binds: its parameters' and its steps'. */
export function callbackPlaces(map: Extract<Expr, { kind: "map" }>): Place[] {
  return [...map.params.flatMap(patternPlaces), ...map.steps.flatMap((d) => d.places)];
}

/** Post-order: operands before the expression using them. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  for (const operand of operandsOf(expr)) walkExpr(operand, visit);
  visit(expr);
}

/** The expressions a statement holds directly (not those of its sub-regions). */
export function expressionsOf(stmt: Stmt): Expr[] {
  switch (stmt.kind) {
    case "declare": return stmt.declarations.flatMap((d) => [...(d.init ? [d.init] : []), ...patternExpressions(d.pattern)]);
    case "assign": return [stmt.value];
    case "expression": return [stmt.expr];
    case "push": return [...stmt.values];
    case "set": return [...(typeof stmt.key === "object" ? [stmt.key] : []), stmt.value];
    case "return": return stmt.value ? [stmt.value] : [];
    case "if": return [stmt.condition];
    case "for-of": return [stmt.iterable, ...patternExpressions(stmt.binding)];
    case "for-index": return [...stmt.header];
    case "opaque": return stmt.subject ? [stmt.subject] : [];
    default: return [];
  }
}

export function regionsOf(stmt: Stmt): Region[] {
  if (stmt.kind === "if") return stmt.otherwise ? [stmt.then, stmt.otherwise] : [stmt.then];
  if (stmt.kind === "for-of" || stmt.kind === "for-index") return [stmt.body];
  return [];
}

/** Every statement, pre-order, with every expression it holds. */
export function walkRegion(region: Region, visit: (stmt: Stmt) => void): void {
  for (const stmt of region) {
    visit(stmt);
    for (const inner of regionsOf(stmt)) walkRegion(inner, visit);
  }
}

export function eachExpression(region: Region, visit: (expr: Expr) => void): void {
  walkRegion(region, (stmt) => {
    for (const expr of expressionsOf(stmt)) walkExpr(expr, visit);
  });
}

/** The places a pattern binds, in source order. */
export function patternPlaces(pattern: Pattern): Place[] {
  return pattern.kind === "name" ? [pattern.place] : pattern.elements.flatMap((e) => patternPlaces(e.target));
}

/** Every expression a pattern holds (computed keys and defaults), in evaluation order. */
export function patternExpressions(pattern: Pattern): Expr[] {
  if (pattern.kind === "name") return [];
  return pattern.elements.flatMap((e) => [
    ...(typeof e.key === "object" ? [e.key] : []),
    ...(e.initializer ? [e.initializer] : []),
    ...patternExpressions(e.target),
  ]);
}
