/**
 * Expressions of graph statements → builder code. Prints the operation binding times chose
 * (`expr.how`) and decides nothing: a static expression is copied as written (with `this` →
 * `self`); a ref becomes a call, a field read (`.get`) or a compute node; a build-time array or
 * object stays a build-time literal whose parts are printed the same way.
 */
import type * as TS from "typescript";
import { packedAs, type Declaration, type Expr, type Pattern, type Place } from "../ir/ir.js";
import { IRInvariantError, isStatic, shapeOf } from "../ir/shapes.js";
import { callbackExpressions, callbackPlaces, walkExpr } from "../ir/walk.js";
import type { Builders } from "./builders.js";
import type { NameAllocator } from "./names.js";

/** How the structure binds patterns and declarations (the statement emitter's), for callbacks. */
export interface PatternEmitter {
  /** A callback parameter: the name or pattern it is written as, and the statements that bind the rest. */
  parameter(pattern: Pattern): { name: string | TS.BindingName; statements: TS.Statement[] };
  /** A `const` declaration of a callback's block body. */
  declaration(declaration: Declaration): TS.Statement[];
}

export class ValueEmitter {
  constructor(private readonly b: Builders, private readonly names: NameAllocator, private readonly patterns: PatternEmitter) {}

  /** The build-time representation of a value: what a variable of the structure holds. */
  value(expr: Expr): TS.Expression {
    const b = this.b;
    const f = b.f;
    switch (how(expr)) {
      case "static":
        return this.asWritten(expr);
      case "variable": {
        const place = (expr as Extract<Expr, { kind: "variable" }>).place;
        // A grown container or held literal read after it was given away: the run's object (05, `readsAfterGiving`).
        return packedAs(place) && shapeOf(expr).kind === "ref" ? this.variable(place) : b.id(place.name);
      }
      case "kept":
        // A held literal a loop goes over after it was given away, if no effect was (05, `afterGiving`).
        return b.g("kept", [b.id((expr as Extract<Expr, { kind: "variable" }>).place.name)]);
      case "field":
        return this.field(expr);
      case "index":
        return this.index(expr);
      case "operator": case "operator-optional":
        return this.operatorCall(expr as Extract<Expr, { kind: "call" }>);
      case "pass":
        return this.value((expr as Extract<Expr, { kind: "await" | "promise-all" }>).operand);
      case "await":
        return b.g("await", [this.value((expr as Extract<Expr, { kind: "await" }>).operand)]);
      case "all":
        return b.g("all", [b.arrow([], this.value((expr as Extract<Expr, { kind: "promise-all" }>).operand))]);
      case "array":
        return this.arrayLiteral(expr as Extract<Expr, { kind: "array" }>);
      case "object":
        return this.objectLiteral(expr as Extract<Expr, { kind: "object" }>);
      case "shared":
        // One object of the run, packed once where the literal is (`g.list`, `g.object`).
        return expr.kind === "array" ? b.g("list", [this.arrayLiteral(expr)]) : b.g("object", [this.objectLiteral(expr as Extract<Expr, { kind: "object" }>)]);
      case "map": {
        const map = expr as Extract<Expr, { kind: "map" }>;
        return f.createCallExpression(f.createPropertyAccessExpression(this.value(map.array), "map"), undefined, [this.callback(map)]);
      }
      case "compute":
        return this.compute(expr);
      case "fresh":
        // A constant literal made anew on each run: a compute node that writes it as written,
        // given the build-time variables it reads that may change later (`let round`).
        return this.compute(expr);
      case "state": {
        // State on an operator an effect may change: the builder reads it now or in a node of the run.
        const { holder, key, givenTo, atBuildTime } = expr.stateRead!;
        // An operator given it, by its path from `self` (`self.extras?.reranker`: one that is not there is never called).
        const operator = (path: readonly string[]) => path.reduce<TS.Expression>(
          (o, name, i) => (i === 0 ? b.f.createPropertyAccessExpression(o, name) : b.f.createPropertyAccessChain(o, b.f.createToken(b.ts.SyntaxKind.QuestionDotToken), name)),
          b.id(b.names.self),
        );
        const operators = givenTo === undefined ? b.f.createNull() : b.f.createArrayLiteralExpression(givenTo.map(operator));
        return b.g(atBuildTime ? "stateNow" : "state", [this.asWritten(holder), b.f.createStringLiteral(key), operators]);
      }
    }
  }

  /**
   * A build-time expression as written, but for what it reads of a held literal after it was
   * given away (`queries.length` in a loop's header): through the builder, `g.kept(queries)`.
   */
  asWritten(expr: Expr): TS.Expression {
    return this.b.rewrite(expr.node, this.keptIn(expr));
  }

  /** What `asWritten` replaces: each read the builder vouches for, of a held literal (`g.kept`) or of state (`g.stateNow`). */
  keptIn(expr: Expr): Map<TS.Node, TS.Expression> {
    const replacements = new Map<TS.Node, TS.Expression>();
    walkExpr(expr, (e) => (e.how === "kept" || e.how === "state") && replacements.set(e.node, this.value(e)));
    return replacements;
  }

  /**
   * A build-time map's callback: its parameters bound as patterns are (as written, or by
   * statements first), its steps declared, its result returned; an async one's nodes are one
   * member of the group around it (`g.member`), whose steps run in order.
   */
  private callback(map: Extract<Expr, { kind: "map" }>): TS.ArrowFunction {
    const b = this.b;
    const prelude: TS.Statement[] = [];
    const params = map.params.map((pattern) => {
      const { name, statements } = this.patterns.parameter(pattern);
      prelude.push(...statements);
      return b.param(name, b.anyType());
    });
    const statements = [...prelude, ...map.steps.flatMap((step) => this.patterns.declaration(step))];
    const result = this.value(map.body);
    if (!map.async && statements.length === 0) return b.arrow(params, result);
    const block = b.f.createBlock([...statements, b.f.createReturnStatement(result)], true);
    return b.arrow(params, map.async ? b.g("member", [b.arrow([], block)]) : block);
  }

  /** A variable as a node's input: an array or object the structure still changes is copied as it is now (`g.list`, `g.object`). */
  variable(place: Place): TS.Expression {
    const name = this.b.id(place.name);
    const packed = packedAs(place);
    return packed ? this.b.g(packed === "array" ? "list" : "object", [name]) : name;
  }

  /**
   * A value where the builder takes a `Value`: a build-time array is packed with `g.list` (one
   * node, named), a build-time object written by key with `g.object` (a copy of what it holds now).
   */
  argument(expr: Expr): TS.Expression {
    // A grown array or object is copied as it is now even when all it holds is constant: the one
    // built with the graph would be shared by every run.
    if (expr.kind === "variable" && packedAs(expr.place)) return this.variable(expr.place);
    const value = this.value(expr);
    const kind = shapeOf(expr).kind;
    return kind === "tuple" || kind === "list" ? this.b.g("list", [value]) : kind === "dict" ? this.b.g("object", [value]) : value;
  }

  private arrayLiteral(array: Extract<Expr, { kind: "array" }>): TS.ArrayLiteralExpression {
    const f = this.b.f;
    return f.createArrayLiteralExpression(array.elements.map((e) => (e.spread ? f.createSpreadElement(this.value(e.value)) : this.value(e.value))));
  }

  private objectLiteral(expr: Extract<Expr, { kind: "object" }>): TS.ObjectLiteralExpression {
    const f = this.b.f;
    const identifier = /^[A-Za-z_$][\w$]*$/;
    return f.createObjectLiteralExpression(expr.properties.map((p) => {
      // A build-time array stays one (`bag.docs[0]` reads it while the graph is built; the builder
      // packs it where a node reads it); a grown or held one is packed as it is now.
      const value = p.value.kind === "variable" && packedAs(p.value.place) ? this.variable(p.value.place) : this.value(p.value);
      if (typeof p.key === "object") return f.createPropertyAssignment(f.createComputedPropertyName(this.value(p.key)), value);
      const key = p.key!;
      if (this.b.ts.isIdentifier(value) && value.text === key && identifier.test(key)) return f.createShorthandPropertyAssignment(key);
      return f.createPropertyAssignment(identifier.test(key) ? key : f.createStringLiteral(key), value);
    }), expr.properties.length > 2);
  }

  /** `g.call(receiver, args)`; an optional call only when its build-time receiver is there. */
  private operatorCall(call: Extract<Expr, { kind: "call" }>): TS.Expression {
    const b = this.b;
    const f = b.f;
    if (call.callee.kind !== "member") throw new IRInvariantError("an operator call without a receiver");
    // The receiver as written (with its `!`, `as` or `?.`), from the call's own syntax.
    const receiver = b.rewrite(((call.node as TS.CallExpression).expression as TS.PropertyAccessExpression).expression);
    // A call not awaited where written (`call.started`) starts a moment, optional or not.
    const node = b.g(call.started ? "start" : "call", [receiver, this.argument(call.args[0]!)]);
    if (how(call) !== "operator-optional") return node;
    // Eager short-circuits the call when the receiver is nullish; the receiver is static, so the structure knows.
    return f.createConditionalExpression(
      f.createBinaryExpression(b.rewrite(((call.node as TS.CallExpression).expression as TS.PropertyAccessExpression).expression),
        b.ts.SyntaxKind.EqualsEqualsToken, f.createNull()),
      undefined, b.id("undefined"), undefined, node);
  }

  /** `r.a.b` → `r.get("a.b")`: consecutive field reads of a ref share one `.get`. */
  private field(expr: Expr): TS.Expression {
    const path: (string | number)[] = [];
    let root: Expr = expr;
    while (root.kind === "member" && how(root) === "field") {
      path.unshift(root.key);
      root = root.object;
    }
    return this.b.getPath(this.value(root), path);
  }

  /** A build-time read of a build-time array or object: `a[0]`, `a[i]`, `a.length`, `o.k`. */
  private index(expr: Expr): TS.Expression {
    const f = this.b.f;
    if (expr.kind === "element") return f.createElementAccessExpression(this.value(expr.object), this.b.rewrite(expr.index.node));
    if (expr.kind !== "member") throw new IRInvariantError(`index read of a ${expr.kind}`);
    if (typeof expr.key === "number") return f.createElementAccessExpression(this.value(expr.object), expr.key);
    return /^[A-Za-z_$][\w$]*$/.test(expr.key)
      ? f.createPropertyAccessExpression(this.value(expr.object), expr.key)
      : f.createElementAccessExpression(this.value(expr.object), f.createStringLiteral(expr.key));
  }

  /**
   * `g.compute((a, b) => <the expression as written>, [a, b])`: its dependencies are the variables
   * it reads that are not build-time constants, and the graph values nested in it (calls, awaits,
   * build-time fan-outs), which are emitted as values of their own and passed in. Any shape is a
   * valid dependency: the builder packs build-time arrays and objects holding refs.
   */
  compute(expr: Expr): TS.Expression {
    const parts = this.computeParts([expr]);
    return this.computeNode(parts.params, this.b.rewrite(expr.node, parts.replacements), parts.deps);
  }

  /** `g.compute((params) => body, [deps])` */
  computeNode(params: readonly string[], body: TS.ConciseBody, deps: readonly TS.Expression[]): TS.Expression {
    const b = this.b;
    return b.g("compute", [b.arrow(params.map((p) => b.param(p)), body), b.f.createArrayLiteralExpression([...deps])]);
  }

  /**
   * What a compute node over `exprs` (as written) needs: a parameter and a dependency for every
   * variable they read that is not a build-time constant (except the names in `bound`, which the
   * node binds itself), and for every graph value nested in them (calls, awaits, build-time
   * fan-outs), which are emitted as values of their own and replaced by parameters.
   * Any shape is a valid dependency: the builder packs build-time arrays and objects holding refs.
   */
  computeParts(exprs: readonly Expr[], bound: ReadonlySet<Place> = new Set()): ComputeParts {
    const b = this.b;
    const parts: ComputeParts = { params: [], deps: [], replacements: new Map() };
    const byPlace = new Set<Place>();
    const visit = (e: Expr, bound: ReadonlySet<Place>): void => {
      if (e.kind === "variable") {
        if (bound.has(e.place) || isClosureSafe(e.place) || byPlace.has(e.place)) return;
        byPlace.add(e.place);
        parts.params.push(e.place.name);
        parts.deps.push(this.variable(e.place));
        return;
      }
      const kind = how(e);
      // Graph values nested in the expression become nodes of their own, and parameters here
      // (not when they read a name the expression binds itself: a callback's parameter).
      if ((kind === "operator" || kind === "operator-optional" || kind === "pass" || kind === "all" || kind === "await" || kind === "map" || kind === "state") && !mentions(e, bound)) {
        const name = this.names.fresh("value");
        parts.params.push(name);
        parts.deps.push(this.value(e));
        parts.replacements.set(e.node, b.id(name));
        return;
      }
      if (e.kind === "map") {
        visit(e.array, bound);
        const inside = new Set([...bound, ...callbackPlaces(e)]);
        for (const part of callbackExpressions(e)) visit(part, inside);
        return;
      }
      for (const operand of operandsForCompute(e)) visit(operand, bound);
    };
    for (const expr of exprs) visit(expr, bound);
    if (exprs.some((e) => b.mentionsThis(e.node))) {
      parts.params.push(b.names.self);
      parts.deps.push(b.id(b.names.self));
    }
    return parts;
  }
}

export interface ComputeParts {
  readonly params: string[];
  readonly deps: TS.Expression[];
  readonly replacements: Map<TS.Node, TS.Expression>;
}

function mentions(expr: Expr, places: ReadonlySet<Place>): boolean {
  if (places.size === 0) return false;
  let found = false;
  walkExpr(expr, (e) => (found ||= e.kind === "variable" && places.has(e.place)));
  return found;
}

function how(expr: Expr): NonNullable<Expr["how"]> {
  if (expr.how === undefined) throw new IRInvariantError(`expression at ${expr.node.pos} was never given an operation`);
  return expr.how;
}

/** A build-time constant a compute or host function may close over: it never changes after its definition. */
function isClosureSafe(place: Place): boolean {
  return isStatic(shapeOf(place, `variable ${place.name}`)) && !place.reassigned && !packedAs(place) && place.declaredAs !== "let" && place.declaredAs !== "var";
}

/** The operands a compute node's body evaluates itself (a closure's captured variables included). */
function operandsForCompute(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "member": return [e.object];
    case "element": return [e.object, e.index];
    // A method's receiver, not the method: `r.text.trim()` reads `r.text`, never `r.text.trim` apart from its call.
    case "call": return [...(e.callee.kind === "member" ? [e.callee.object] : e.callee.kind === "element" ? [e.callee.object, e.callee.index] : [e.callee]), ...e.args];
    case "array": return e.elements.map((x) => x.value);
    case "object": return e.properties.flatMap((p) => (typeof p.key === "object" ? [p.key, p.value] : [p.value]));
    case "pure": return e.operands;
    default: return [];
  }
}
