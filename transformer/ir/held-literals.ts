/**
 * Local literals given to calls that the structure keeps holding while the graph is built.
 *
 * `const queries = [inputs.query, "fixed"]; await this.join.invoke({ items: queries }); for (const
 * q of queries) …`: eager's `join` is given the one array, and the loop reads it after. If `join`
 * may change it (an operator declaring effects), what the loop reads is known only at run time; if
 * it is pure, the loop reads what the literal holds, and can be unrolled while the graph is built.
 * Which it is, only the builder knows (it knows the operators), so the structure keeps the literal
 * as a build-time array or object: the builder packs it where a node reads it, and once an effect
 * was given such a copy, later reads read that one object of the run (`BuildState.pack`). Reads
 * after a giving are run-time reads of it, and a loop over it then asks the builder whether it
 * still holds what the literal made (`g.kept`), which fails the build (the safety net runs the
 * instance through the tracing JIT) when an effect was given it.
 *
 * The builder follows the arrays and objects themselves, but the structure reads them by name: a
 * literal is held this way only when nothing else may come to hold it or a part of it that is an
 * array or object (a `const` bound once, read only as a call's input, `forward`'s result, the
 * source of a loop or a `.map`, or through reads of its parts), so that every read of what an
 * effect may have changed is a read of the variable after a giving. A loop over it whose body
 * gives it away, a callback with steps that does, host code that reads it (and may change it),
 * and any other use leave it one object of the run (`shared`, pass 05), as before.
 */
import type { Expr, ForwardIR, Place, Shape, Stmt } from "./ir.js";
import { isContainer, isObjectContainer, isStatic, shapeOf } from "./shapes.js";
import { expressionsOf, operandsOf, patternExpressions, patternPlaces, regionsOf, walkRegion } from "./walk.js";
import { returnsPrimitive } from "../resolve/known-functions.js";

export interface HeldLiterals {
  /** Each held literal's variable, and the loop variables and callback parameters bound from its parts, by that variable. */
  readonly rootOf: ReadonlyMap<Place, Place>;
  /** The held literals a statement gives away (not counting the statements nested in it): in a call's input, or to host code. */
  givenIn(stmt: Stmt): Set<Place>;
}

/**
 * Where a value goes: where holding it makes no other name for it (`safe`: a call's input,
 * `forward`'s result, a template's text, a call known to return a primitive), or anywhere else.
 */
type Use = "safe" | "free";

/**
 * Of the variables bound to a literal holding graph values and given to a call or host code
 * (`candidates`), those the structure may keep holding (see above). `atRunTime`: whether a
 * statement runs as written in a host node (pass 05's answer).
 */
export function heldLiterals(ir: ForwardIR, candidates: ReadonlySet<Place>, atRunTime: (stmt: Stmt) => boolean): HeldLiterals {
  const rootOf = new Map<Place, Place>();
  const rejected = new Set<Place>();
  const declaredOnce = new Map<Place, number>();
  walkRegion(ir.body, (stmt) => {
    if (stmt.kind !== "declare" || atRunTime(stmt)) return;
    for (const d of stmt.declarations) {
      if (d.pattern.kind !== "name" || !candidates.has(d.pattern.place)) continue;
      const place = d.pattern.place;
      declaredOnce.set(place, (declaredOnce.get(place) ?? 0) + 1);
      // A build-time array or object (not a literal of a run-time spread, which is a node's value already).
      const shape = place.shape;
      const buildTime = shape !== undefined && (isContainer(shape) || isObjectContainer(shape));
      if (place.declaredAs === "const" && !place.reassigned && buildTime && (d.init?.kind === "array" || d.init?.kind === "object")) rootOf.set(place, place);
    }
  });
  for (const [place, count] of declaredOnce) if (count > 1) rejected.add(place);
  if (rootOf.size === 0) return { rootOf, givenIn: () => new Set() };

  /** The held literal whose array or object `e` is: a member's variable, or a read of one of its parts that is an array or object. */
  const rootIn = (e: Expr): Place | undefined => {
    // A loop variable bound to a string of the literal (`for (const q of queries)`) holds nothing of it.
    if (e.kind === "variable") {
      const root = rootOf.get(e.place);
      return root === e.place || (!flatParts.has(e.place) && holdsObjects(shapeOf(e))) ? root : undefined;
    }
    if (e.kind === "member" || e.kind === "element") {
      const root = chainRoot(e, rootOf);
      return root && holdsObjects(shapeOf(e)) ? root : undefined;
    }
    return undefined;
  };
  /** The held literals whose arrays or objects `e` gives away, if it is a call's input. */
  const given = (e: Expr, out: Set<Place>): Set<Place> => {
    const root = rootIn(e);
    if (root) out.add(root);
    else if ((e.kind === "member" || e.kind === "element") && chainRoot(e, rootOf)) {
      if (e.kind === "element") given(e.index, out);
    } else for (const operand of operandsOf(e)) given(operand, out);
    return out;
  };
  /** The held literals a statement gives away: in a call's input, or read by host code (`nested`: in the statements inside it too). */
  const givenBy = (stmt: Stmt, nested: boolean, out = new Set<Place>()): Set<Place> => {
    if (atRunTime(stmt)) {
      for (const place of stmt.reads) if (rootOf.has(place)) out.add(rootOf.get(place)!);
      return out;
    }
    for (const expr of expressionsOf(stmt)) {
      eachCall(expr, (call) => call.args.forEach((arg) => given(arg, out)));
    }
    if (nested) for (const inner of regionsOf(stmt)) for (const s of inner) givenBy(s, true, out);
    return out;
  };
  /** Parts bound from a source whose elements hold no array or object of the literal (graph values and constants only). */
  const flatParts = new Set<Place>();
  const bindParts = (root: Place, places: readonly Place[], source?: Expr) => places.forEach((p) => {
    rootOf.set(p, root);
    if (source && flat(source)) flatParts.add(p);
  });

  const visit = (e: Expr, use: Use): void => {
    const root = rootIn(e);
    if (root) {
      if (use === "free") rejected.add(root);
      if (e.kind === "element") visit(e.index, "free");
      return;
    }
    switch (e.kind) {
      case "member":
        return chainRoot(e, rootOf) ? undefined : visit(e.object, "free");
      case "element":
        if (!chainRoot(e, rootOf)) visit(e.object, "free");
        return visit(e.index, "free");
      case "call":
        if (e.calleeKind === "operator") {
          visit(e.callee, "free");
          for (const arg of e.args) visit(arg, "safe");
          return;
        }
        // A call known to return a primitive keeps nothing of its operands (`docs.join("+")`); any
        // other may return its receiver or a part of it (`tasks.slice()`, `tasks.find(…)`).
        for (const operand of [...(e.callee.kind === "member" ? [e.callee.object] : [e.callee]), ...e.args]) visit(operand, returnsPrimitive(e) ? "safe" : "free");
        return;
      case "await": case "promise-all":
        return visit(e.operand, use);
      case "array":
        for (const element of e.elements) visit(element.value, element.spread && flat(element.value) ? "safe" : use);
        return;
      case "object":
        for (const p of e.properties) {
          if (typeof p.key === "object") visit(p.key, "free");
          visit(p.value, p.spread && flat(p.value) ? "safe" : use);
        }
        return;
      case "pure":
        // A template's parts become text; any other operator may yield an operand itself (`a ?? b`).
        for (const operand of e.operands) visit(operand, isTemplate(e) ? "safe" : "free");
        return;
      case "map": {
        const source = rootIn(e.array);
        if (source) {
          // Its element parameter is a part (the index is a number; what a step declares is checked where it is read).
          bindParts(source, e.params.slice(0, 1).flatMap(patternPlaces), e.array);
          // Callbacks start together: one expression gives what it gives in the moment the map is
          // read; a callback with steps could give it away between two reads of it.
          if (e.steps.length > 0 && [...e.steps.map((d) => d.init!), e.body].some((x) => given(x, new Set()).has(source))) rejected.add(source);
        } else visit(e.array, "free");
        for (const x of e.params.flatMap(patternExpressions)) visit(x, "free");
        for (const d of e.steps) {
          visit(d.init!, "free");
          for (const x of patternExpressions(d.pattern)) visit(x, "free");
        }
        return visit(e.body, use);
      }
      default:
        for (const operand of operandsOf(e)) visit(operand, "free");
    }
  };

  const statement = (stmt: Stmt): void => {
    // Host code that reads it may well change it (`items.sort()`): a loop over it after that could
    // never be unrolled, so it stays one object of the run, read at run time.
    if (atRunTime(stmt)) {
      for (const place of stmt.reads) if (rootOf.has(place)) rejected.add(rootOf.get(place)!);
      return;
    }
    if (stmt.kind === "for-of") {
      const source = rootIn(stmt.iterable);
      if (source) {
        bindParts(source, patternPlaces(stmt.binding), stmt.iterable);
        // Eager's loop reads the array again at each step: a body that gives it away may change it.
        if (stmt.body.some((s) => givenBy(s, true).has(source))) rejected.add(source);
      } else visit(stmt.iterable, "free");
      for (const x of patternExpressions(stmt.binding)) visit(x, "free");
    } else if (stmt.kind === "return") {
      if (stmt.value) visit(stmt.value, "safe");
    } else {
      for (const expr of expressionsOf(stmt)) visit(expr, "free");
    }
    for (const inner of regionsOf(stmt)) inner.forEach(statement);
  };
  ir.body.forEach(statement);

  const kept = new Map([...rootOf].filter(([, root]) => !rejected.has(root)));
  return {
    rootOf: kept,
    givenIn: (stmt) => new Set([...givenBy(stmt, false)].filter((root) => kept.has(root))),
  };
}

/** The variable at the base of a chain of field and element reads (`state.ctx.docs[0]`), if it is a held literal's. */
function chainRoot(e: Expr, rootOf: ReadonlyMap<Place, Place>): Place | undefined {
  let base = e;
  while (base.kind === "member" || base.kind === "element") base = base.object;
  return base.kind === "variable" ? rootOf.get(base.place) : undefined;
}

/** Whether a value of this shape may be an array or object the structure holds (graph values and constants are not). */
function holdsObjects(shape: Shape): boolean {
  return !isStatic(shape) && shape.kind !== "ref";
}

/** Whether a spread of `e` copies only graph values and constants (no array or object the structure holds). */
function flat(e: Expr): boolean {
  const shape = shapeOf(e);
  if (shape.kind === "tuple") return !shape.elements.some(holdsObjects);
  if (shape.kind === "list") return !holdsObjects(shape.element);
  if (shape.kind === "record") return ![...shape.fields.values()].some(holdsObjects);
  return false;
}

function isTemplate(e: Extract<Expr, { kind: "pure" }>): boolean {
  return "templateSpans" in e.node;
}

function eachCall(expr: Expr, visit: (call: Extract<Expr, { kind: "call" }>) => void): void {
  if (expr.kind === "call" && expr.calleeKind === "operator") visit(expr);
  for (const operand of operandsOf(expr)) eachCall(operand, visit);
}
