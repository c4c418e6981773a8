/**
 * Pass 10 — check the IR before anything is emitted from it.
 *
 * In: the fully annotated IR. Out: nothing, or an `IRInvariantError` (reported as XCS9002, the
 * class left as written) when the promises the passes make each other are broken: every value
 * the structure computes has a shape and an operation that is defined for its operands' shapes,
 * static code reads only static variables, every pattern has a binding plan, every host
 * statement belongs to exactly one host region, and every variable a host region exchanges has a
 * shape. Emitting from a broken IR could change what the program means; this pass is why it never
 * does silently.
 */
import type { Expr, ForwardIR, Pattern, Region, Stmt } from "../ir/ir.js";
import { IRInvariantError, isContainer, isObjectContainer, isStatic, printShape, shapeOf } from "../ir/shapes.js";
import { expressionsOf, operandsOf, patternPlaces, regionsOf, walkExpr } from "../ir/walk.js";
import { makesObject, pushedAtBuildTime } from "./05-infer-binding-times.js";

export function checkIR(ir: ForwardIR): void {
  const hosts = ir.hostRegions;
  if (!hosts) throw new IRInvariantError("host regions were never planned");
  const inHost = new Set<Stmt>();
  for (const region of hosts.values()) {
    for (const stmt of region.statements) {
      if (stmt.role !== "host") throw new IRInvariantError(`statement s${stmt.id} is in a host region but classified ${stmt.role}`);
      if (inHost.has(stmt)) throw new IRInvariantError(`statement s${stmt.id} is in two host regions`);
      inHost.add(stmt);
    }
    for (const place of [...region.liveIns, ...region.liveOuts]) shapeOf(place, `variable ${place.name}`);
  }
  for (const place of ir.inputs?.places ?? []) shapeOf(place, `variable ${place.name}`);
  if (ir.inputs) checkPattern(ir.inputs.pattern);
  checkRegion(ir.body, inHost);
}

function checkRegion(region: Region, inHost: ReadonlySet<Stmt>): void {
  for (const stmt of region) {
    if (stmt.role === undefined) throw new IRInvariantError(`statement s${stmt.id} was never classified`);
    if (stmt.role === "host") {
      if (!inHost.has(stmt)) throw new IRInvariantError(`host statement s${stmt.id} belongs to no host region`);
      continue;
    }
    if (stmt.kind === "opaque") throw new IRInvariantError(`opaque statement s${stmt.id} is classified graph`);
    for (const expr of expressionsOf(stmt)) checkExpr(expr);
    if (stmt.kind === "declare") stmt.declarations.forEach((d) => checkPattern(d.pattern));
    if (stmt.kind === "for-of") checkPattern(stmt.binding);
    if (stmt.kind === "set" && (!isObjectContainer(shapeOf(stmt.place, `variable ${stmt.place.name}`)) || (typeof stmt.key === "object" && !isStatic(shapeOf(stmt.key))))) {
      throw new IRInvariantError(`s${stmt.id} writes by key at build time to ${stmt.place.name}, which is not a build-time object, or by a run-time key`);
    }
    if (stmt.kind === "push" && !pushedAtBuildTime(stmt.place)) {
      throw new IRInvariantError(`s${stmt.id} pushes at build time onto ${stmt.place.name}, which the structure does not hold as an array`);
    }
    if ((stmt.kind === "if" && !isStatic(shapeOf(stmt.condition))) ||
        (stmt.kind === "for-index" && stmt.header.some((h) => !isStatic(shapeOf(h))))) {
      throw new IRInvariantError(`build-time control flow s${stmt.id} depends on a run-time value`);
    }
    for (const inner of regionsOf(stmt)) checkRegion(inner, inHost);
  }
}

function checkPattern(pattern: Pattern): void {
  if (pattern.bind === undefined) throw new IRInvariantError(`a pattern at ${pattern.node.pos} has no binding plan`);
  for (const place of patternPlaces(pattern)) shapeOf(place, `variable ${place.name}`);
  if (pattern.kind === "name") return;
  if (pattern.bind === "elements") {
    for (const element of pattern.elements) {
      if (element.initializer && element.defaultAt === undefined) throw new IRInvariantError("a default with no plan");
      checkPattern(element.target);
    }
  }
}

/** The operation chosen for each value must be defined for the shapes of its operands. */
function checkExpr(root: Expr): void {
  walkExpr(root, (expr) => {
    const shape = shapeOf(expr);
    const fail = (why: string) => {
      throw new IRInvariantError(`${expr.kind} at ${expr.node.pos} (${printShape(shape)}) ${why}`);
    };
    switch (expr.how) {
      case undefined:
        return fail("has no operation");
      case "static":
        // Its operands are build-time values; each was checked as its own operation (the walk is
        // post-order), so `results.length` of a build-time array holding refs is one.
        for (const operand of operandsOf(expr)) {
          if (!isStatic(shapeOf(operand))) fail(`is built as written but reads ${operand.kind === "variable" ? operand.place.name : `a ${operand.kind}`}, a run-time value`);
        }
        if (expr.kind === "variable" && !isStatic(shapeOf(expr.place, `variable ${expr.place.name}`))) fail(`is built as written but reads ${expr.place.name}, a run-time value`);
        if (!isStatic(shape)) fail("is built as written but is not static");
        return;
      case "field":
        if (expr.kind !== "member" || shapeOf(expr.object).kind !== "ref") fail("reads a field of something that is not a ref");
        return;
      case "index": {
        const object = expr.kind === "member" || expr.kind === "element" ? shapeOf(expr.object) : undefined;
        if (!object || !(isContainer(object) || object.kind === "dict" || (object.kind === "record" && expr.kind === "member"))) fail("indexes something that is not a build-time array or object");
        return;
      }
      case "operator": case "operator-optional":
        if (expr.kind !== "call" || expr.callee.kind !== "member" || !isStatic(shapeOf(expr.callee.object))) fail("calls an operator that is not known at build time");
        return;
      case "map":
        if (expr.kind !== "map" || !(isStatic(shapeOf(expr.array)) || isContainer(shapeOf(expr.array)))) return fail("maps at build time over a run-time value");
        expr.params.forEach(checkPattern);
        expr.steps.forEach((d) => checkPattern(d.pattern));
        return;
      case "shared":
        if ((expr.kind !== "object" && expr.kind !== "array") || operandsOf(expr).every((o) => isStatic(shapeOf(o)))) fail("is one object of the run but is not a literal holding a graph value");
        return;
      case "kept":
        if (expr.kind !== "variable" || !expr.place.held || !(isContainer(shape) || isObjectContainer(shape))) fail("is a held literal a loop goes over, but is not one");
        return;
      case "state":
        if (expr.kind !== "member" || expr.stateRead === undefined || !isStatic(shapeOf(expr.stateRead.holder)) || isStatic(shapeOf(expr)) !== expr.stateRead.atBuildTime) {
          fail("reads state through the builder but is no read of a field of a build-time operator");
        }
        return;
      case "fresh":
        if (!makesObject(expr) || operandsOf(expr).some((o) => !isStatic(shapeOf(o)))) fail("is made anew on each run but is not a constant that makes an object");
        return;
      case "pass": case "all": case "await":
        if (operandsOf(expr).some((o) => isStatic(shapeOf(o)))) fail("awaits a build-time value in the structure");
        if (expr.how === "await" && (expr.kind !== "await" || ["call", "promise-all", "await", "map"].includes(expr.operand.kind))) fail("ends a moment but is no await of a value made before");
        if (expr.how === "all" && expr.kind !== "promise-all") fail("is a group but not a Promise.all");
        return;
      default:
        return;
    }
  });
}
