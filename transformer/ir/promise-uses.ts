/**
 * Calls started without `await` (`call.started`) whose promise the code uses as a promise: it is
 * read other than by an `await` of it (or of a field or element of what holds it) or by
 * `Promise.all` — `.then`, `.catch`, a `try` around its `await` (host code), `Promise.allSettled`,
 * passed to a function, returned. The graph has a call's value, not its promise, so such a call
 * stays in host code with its statement, which hands that code the promise itself (`g.await` of
 * it later waits for the promise a host node defined).
 */
import type { Declaration, Expr, ForwardIR, Place, Stmt } from "./ir.js";
import { expressionsOf, operandsOf, patternPlaces, walkExpr, walkRegion } from "./walk.js";

export function promisesUsedAsPromises(ir: ForwardIR): Set<Expr> {
  // What holds a started call's promise: the names a statement (or a `.map` callback's step) binds it to.
  const holders = new Map<Place, Expr[]>();
  const hold = (places: readonly Place[], exprs: readonly Expr[]) => {
    const started: Expr[] = [];
    for (const expr of exprs) walkExpr(expr, (e) => e.kind === "call" && e.started && started.push(e));
    if (started.length > 0) for (const place of places) holders.set(place, [...(holders.get(place) ?? []), ...started]);
  };
  const holdDeclarations = (declarations: readonly Declaration[]) => {
    for (const d of declarations) if (d.init) hold(patternPlaces(d.pattern), [d.init]);
  };
  walkRegion(ir.body, (stmt) => {
    if (stmt.kind === "declare") holdDeclarations(stmt.declarations);
    if (stmt.kind === "assign") hold([stmt.place], [stmt.value]);
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "map" && holdDeclarations(e.steps));
  });
  const used = new Set<Expr>();
  const usedAsPromise = (place: Place) => holders.get(place)?.forEach((call) => used.add(call));
  if (holders.size === 0) return used;
  walkRegion(ir.body, (stmt: Stmt) => {
    // Host code (statements not lowered) may do anything with the promise.
    if (stmt.kind === "opaque") return stmt.reads.forEach(usedAsPromise);
    for (const expr of expressionsOf(stmt)) visit(expr, [], usedAsPromise);
  });
  return used;
}

/** Walks `expr` with its ancestors (innermost last), reporting each variable read in a promise's use. */
function visit(expr: Expr, ancestors: Expr[], report: (place: Place) => void): void {
  if (expr.kind === "variable" && !awaited(expr, ancestors)) report(expr.place);
  ancestors.push(expr);
  for (const operand of operandsOf(expr)) visit(operand, ancestors, report);
  ancestors.pop();
}

/** Whether the read `expr` (through fields and elements of what it holds) is awaited, or given to `Promise.all`. */
function awaited(expr: Expr, ancestors: readonly Expr[]): boolean {
  let k = ancestors.length - 1;
  let child = expr;
  while (k >= 0 && (ancestors[k]!.kind === "member" || ancestors[k]!.kind === "element") && (ancestors[k] as { object: Expr }).object === child) child = ancestors[k--]!;
  const parent = ancestors[k];
  if (parent?.kind === "await" || parent?.kind === "promise-all") return true;
  return parent?.kind === "array" && ancestors[k - 1]?.kind === "promise-all";
}
