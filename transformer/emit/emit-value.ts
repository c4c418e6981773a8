/**
 * Expressions of graph statements → builder code. Reads the shapes and never decides: a static
 * expression is copied as written (with `this` → `self`); a `ref` becomes a call, a field read
 * (`.get`), a packing node or a compute node; a `refs` value stays a build-time array.
 */
import type * as TS from "typescript";
import type { Expr, Place } from "../ir/ir.js";
import { isStatic } from "../ir/shapes.js";
import type { Builders } from "./builders.js";

export class ValueEmitter {
  constructor(private readonly b: Builders, private readonly reserved: ReadonlySet<string>) {}

  /** The build-time representation of a value: what a variable of the structure holds. */
  value(expr: Expr): TS.Expression {
    const b = this.b;
    if (isStatic(expr.shape)) return b.rewrite(expr.node);
    switch (expr.kind) {
      case "variable":
        return b.id(expr.place.name);
      case "member":
        return this.member(expr);
      case "element":
        if (expr.object.shape?.kind === "refs" && isStatic(expr.index.shape) && !expr.optional) {
          return b.f.createElementAccessExpression(this.value(expr.object), b.rewrite(expr.index.node));
        }
        return this.compute(expr);
      case "call":
        if (expr.calleeKind === "operator" && expr.callee.kind === "member") {
          // The receiver as written (with its `!` or `as`), from the call's own syntax.
          const access = (expr.node as TS.CallExpression).expression as TS.PropertyAccessExpression;
          return b.g("call", [b.rewrite(access.expression), this.argument(expr.args[0]!)]);
        }
        return this.compute(expr);
      case "await": case "promise-all":
        return this.value(expr.operand);
      case "array":
        if (expr.shape?.kind !== "refs") return this.compute(expr);
        return b.f.createArrayLiteralExpression(expr.elements.map((e) =>
          e.spread ? b.f.createSpreadElement(this.value(e.value)) : this.value(e.value)));
      case "object":
        if (expr.properties.some((p) => p.spread)) return this.compute(expr);
        return b.g("object", [this.objectLiteral(expr)]);
      case "map":
        if (isStatic(expr.array.shape) || expr.array.shape?.kind === "refs") {
          const callback = b.arrow(expr.params.map((p) => b.param(p.name)), this.value(expr.body));
          return b.f.createCallExpression(b.f.createPropertyAccessExpression(this.value(expr.array), "map"), undefined, [callback]);
        }
        return this.compute(expr);
      default:
        return this.compute(expr);
    }
  }

  /** A value where the builder takes a `Value`: a build-time array of refs is packed with `g.list`. */
  argument(expr: Expr): TS.Expression {
    if (expr.kind === "object" && !isStatic(expr.shape) && !expr.properties.some((p) => p.spread)) return this.objectLiteral(expr);
    const value = this.value(expr);
    return expr.shape?.kind === "refs" ? this.b.g("list", [value]) : value;
  }

  private objectLiteral(expr: Extract<Expr, { kind: "object" }>): TS.ObjectLiteralExpression {
    const f = this.b.f;
    return f.createObjectLiteralExpression(expr.properties.map((p) => {
      const value = this.argument(p.value);
      const key = p.key!;
      if (this.b.ts.isIdentifier(value) && value.text === key && /^[A-Za-z_$][\w$]*$/.test(key)) return f.createShorthandPropertyAssignment(key);
      return f.createPropertyAssignment(/^[A-Za-z_$][\w$]*$/.test(key) ? key : f.createStringLiteral(key), value);
    }), expr.properties.length > 2);
  }

  /** `r.a.b` → `r.get("a.b")`; optional chains and reads of `value`-shaped variables go through compute. */
  private member(expr: Extract<Expr, { kind: "member" }>): TS.Expression {
    const object = expr.object;
    if (object.shape?.kind === "refs") {
      if (expr.key === "length") return this.b.f.createPropertyAccessExpression(this.value(object), "length");
      if (typeof expr.key === "number") return this.b.f.createElementAccessExpression(this.value(object), expr.key);
      return this.compute(expr);
    }
    const path: (string | number)[] = [];
    let root: Expr = expr;
    while (root.kind === "member" && root.object.shape?.kind === "ref") {
      if (root.optional || (typeof root.key === "string" && root.key.includes("."))) return this.compute(expr);
      path.unshift(root.key);
      root = root.object;
    }
    if (root === expr) return this.compute(expr);
    return this.b.getPath(this.value(root), path);
  }

  /**
   * `g.compute((a, b) => <the expression as written>, [a, b])`: its dependencies are the run-time
   * variables it reads and the graph values nested in it (calls, awaits, build-time fan-outs),
   * which are emitted as nodes of their own and passed in.
   */
  compute(expr: Expr): TS.Expression {
    const b = this.b;
    const params: string[] = [];
    const types: (TS.TypeNode | undefined)[] = [];
    const deps: TS.Expression[] = [];
    const replacements = new Map<TS.Node, TS.Expression>();
    const byPlace = new Map<Place, string>();
    let counter = 0;
    const freshName = () => {
      let name: string;
      do name = `value${++counter}`; while (this.reserved.has(name));
      return name;
    };
    const visit = (e: Expr, bound: ReadonlySet<Place>): void => {
      if (isStatic(e.shape) && e.kind !== "variable") return;
      switch (e.kind) {
        case "variable":
          if (bound.has(e.place) || isClosureSafe(e.place)) return;
          if (!byPlace.has(e.place)) {
            byPlace.set(e.place, e.place.name);
            params.push(e.place.name);
            types.push(b.typeOf(e.place.node));
            deps.push(this.argumentOfPlace(e.place));
          }
          return;
        case "call":
          if (e.calleeKind === "operator") return this.dependency(e, freshName(), params, deps, replacements, types);
          break;
        case "await": case "promise-all":
          return this.dependency(e, freshName(), params, deps, replacements, types);
        case "map":
          if (isStatic(e.array.shape) || e.array.shape?.kind === "refs") return this.dependency(e, freshName(), params, deps, replacements, types);
          visit(e.array, bound);
          visit(e.body, new Set([...bound, ...e.params]));
          return;
      }
      for (const operand of operandsOfForCompute(e)) visit(operand, bound);
    };
    visit(expr, new Set());
    const typed = types.every((t) => t !== undefined);
    const body = b.rewrite(expr.node, replacements, !typed);
    const parameters = params.map((p, i) => b.param(p, typed ? types[i] : undefined));
    return b.g("compute", [b.arrow(parameters, body), b.f.createArrayLiteralExpression(deps)]);
  }

  private dependency(e: Expr, name: string, params: string[], deps: TS.Expression[], replacements: Map<TS.Node, TS.Expression>,
                     types: (TS.TypeNode | undefined)[]): void {
    params.push(name);
    types.push(this.b.typeOf(e.node));
    deps.push(this.argument(e));
    replacements.set(e.node, this.b.id(name));
  }

  private argumentOfPlace(place: Place): TS.Expression {
    const name = this.b.id(place.name);
    return place.shape?.kind === "refs" ? this.b.g("list", [name]) : name;
  }
}

/** A build-time constant the compute function may close over: it never changes after its definition. */
export function isClosureSafe(place: Place): boolean {
  return isStatic(place.shape) && !place.reassigned && place.declaredAs !== "let" && place.declaredAs !== "var";
}

function operandsOfForCompute(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "member": return [e.object];
    case "element": return [e.object, e.index];
    case "call": return [e.callee, ...e.args];
    case "array": return e.elements.map((x) => x.value);
    case "object": return e.properties.map((p) => p.value);
    case "pure": return e.operands;
    default: return [];
  }
}
