/**
 * Operator calls started without `await` (`call.started`, on a call resolved as an operator's) whose promise the code uses as a promise (`call.promiseUsed`, from the syntax alone, set as
 * binding times begin): the name holding it is read
 * other than by an `await` of it (or of a field or element of what holds it), by `Promise.all`,
 * or as what a `for…of` goes over (whose variable then holds the promises): `.then`, `.catch`, a
 * `try` around its `await` (host code), `Promise.allSettled`, passed to a function, returned. A
 * `Promise.all` bound to a name as it is (`const pending = Promise.all([...])`, awaited later) is
 * one too: the structure would await its group where it is written, before the code between (an
 * effect made while the group runs, and made even when a member fails). The
 * graph has a call's value, not its promise, so such a call stays in host code with its statement,
 * which hands that code the promise itself (`g.await` of it later waits for the promise a host
 * node defined).
 */
import type { Declaration, Expr, ForwardIR, Place, Stmt } from "./ir.js";
import { expressionsOf, operandsOf, patternPlaces, walkExpr, walkRegion } from "./walk.js";

export function markPromisesUsedAsPromises(ir: ForwardIR): void {
  // What holds a started call's promise: the names a statement (or a `.map` callback's step) binds
  // it to, and a `for…of` over one of those binds its elements to.
  const holders = new Map<Place, Expr[]>();
  const hold = (places: readonly Place[], calls: readonly Expr[]) => {
    if (calls.length > 0) for (const place of places) holders.set(place, [...(holders.get(place) ?? []), ...calls]);
  };
  const started = (exprs: readonly Expr[]) => {
    const calls: Expr[] = [];
    for (const expr of exprs) walkExpr(expr, (e) => e.kind === "call" && e.calleeKind === "operator" && e.started && calls.push(e));
    return calls;
  };
  // A `Promise.all` bound as it is (not awaited where written): every call in it, whatever the name is used for.
  const bound = (value: Expr) => {
    if (value.kind === "promise-all") walkExpr(value, (e) => e.kind === "call" && e.calleeKind === "operator" && (e.promiseUsed = true));
    return value;
  };
  const holdDeclarations = (declarations: readonly Declaration[]) => {
    for (const d of declarations) if (d.init) hold(patternPlaces(d.pattern), started([bound(d.init)]));
  };
  walkRegion(ir.body, (stmt) => {
    if (stmt.kind === "declare") holdDeclarations(stmt.declarations);
    if (stmt.kind === "assign") hold([stmt.place], started([bound(stmt.value)]));
    if (stmt.kind === "for-of" && stmt.iterable.kind === "variable") hold(patternPlaces(stmt.binding), holders.get(stmt.iterable.place) ?? []);
    for (const expr of expressionsOf(stmt)) walkExpr(expr, (e) => e.kind === "map" && holdDeclarations(e.steps));
  });
  if (holders.size === 0) return;
  const usedAsPromise = (place: Place) => holders.get(place)?.forEach((call) => (call.promiseUsed = true));
  walkRegion(ir.body, (stmt: Stmt) => {
    // Host code (statements not lowered) may do anything with the promise.
    if (stmt.kind === "opaque") return stmt.reads.forEach(usedAsPromise);
    for (const expr of expressionsOf(stmt)) {
      if (stmt.kind === "for-of" && expr === stmt.iterable && expr.kind === "variable") continue;
      visit(expr, [], usedAsPromise);
    }
  });
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
