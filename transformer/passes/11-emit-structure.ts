/**
 * Pass 11 — emit the structure.
 *
 * In: a fully annotated IR. Out: the `static [XCS_STRUCTURE](self, g, inputs)` method, statement
 * for statement in the order of `forward` and with its names, so a person can read it next to the
 * source. Graph statements are rebuilt from their IR (dynamic parts as builder calls, static parts
 * as written); host regions become `g.host(...)`. Decides nothing: every choice was made by the
 * passes before it.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import { packedAs, type Declaration, type Expr, type ForwardIR, type Pattern, type Place, type Region, type Shape, type Stmt } from "../ir/ir.js";
import { IRInvariantError, isStatic, sameShape, shapeOf } from "../ir/shapes.js";
import { patternExpressions, patternPlaces } from "../ir/walk.js";
import { Builders } from "../emit/builders.js";
import { emitHost } from "../emit/emit-host.js";
import { ValueEmitter, type PatternEmitter } from "../emit/emit-value.js";
import { NameAllocator } from "../emit/names.js";

export function emitStructure(ts: TypeScriptApi, ir: ForwardIR, sourceFile: TS.SourceFile, runtimeName: string): TS.MethodDeclaration {
  const names = NameAllocator.of(ts, ir.method, [runtimeName]);
  const classType = classTypeOf(ts, ir);
  const b = new Builders(ts, { self: names.fresh("self"), builder: names.fresh("g"), runtime: runtimeName });
  const emitter = new StructureEmitter(b, ir, sourceFile, names);
  const inputsPattern = ir.inputs?.pattern;
  const inputsName = inputsPattern?.kind === "name" ? inputsPattern.place.name : names.fresh("inputs");
  const prelude = inputsPattern && inputsPattern.kind !== "name" ? emitter.bind(inputsPattern, b.id(inputsName), "const") : [];
  const body = [...prelude, ...emitter.region(ir.body)];
  if (!endsWithReturn(body, ts)) body.push(b.f.createReturnStatement(b.g("output", [b.id("undefined")])));

  return b.f.createMethodDeclaration(
    [b.f.createModifier(ts.SyntaxKind.StaticKeyword)],
    undefined,
    b.f.createComputedPropertyName(b.runtime("XCS_STRUCTURE")),
    undefined,
    undefined,
    [b.param(b.names.self, classType), b.param(b.names.builder, b.runtimeType("GraphBuilder")), b.param(inputsName, b.runtimeType("Ref"))],
    undefined,
    b.f.createBlock(body, true),
  );
}

/** `self`'s type: the class, as the source names it (type arguments as `any`). */
function classTypeOf(ts: TypeScriptApi, ir: ForwardIR): TS.TypeNode {
  const f = ts.factory;
  return f.createTypeReferenceNode(ir.className, ir.classNode.typeParameters?.map(() => f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)));
}

function endsWithReturn(body: TS.Statement[], ts: TypeScriptApi): boolean {
  const last = body[body.length - 1];
  return last !== undefined && ts.isReturnStatement(last);
}

type Keyword = "const" | "let";

class StructureEmitter implements PatternEmitter {
  private readonly values: ValueEmitter;
  /** Variables a host node hands back as live-outs it did not declare: rebound after it, so `let`. */
  private readonly reboundByHosts = new Set<Place>();

  constructor(private readonly b: Builders, private readonly ir: ForwardIR, private readonly sourceFile: TS.SourceFile,
              private readonly names: NameAllocator) {
    this.values = new ValueEmitter(b, names, this);
    for (const host of ir.hostRegions?.values() ?? []) {
      const declared = new Set(host.statements.flatMap((s) => s.declares));
      for (const place of host.liveOuts) if (!declared.has(place)) this.reboundByHosts.add(place);
    }
  }

  region(region: Region): TS.Statement[] {
    const out: TS.Statement[] = [];
    for (let i = 0; i < region.length; i++) {
      const host = this.ir.hostRegions?.get(region[i]!.id);
      if (host) {
        out.push(...emitHost(this.b, this.ir, host, this.sourceFile, {
          names: this.names,
          input: (place) => this.values.variable(place),
          keywordOf: (place) => this.keyword([place], place.declaredAs === "const" ? "const" : "let"),
        }));
        i += host.statements.length - 1;
      } else {
        out.push(...this.statement(region[i]!));
      }
    }
    return out;
  }

  private statement(stmt: Stmt): TS.Statement[] {
    const { b } = this;
    const f = b.f;
    switch (stmt.kind) {
      case "declare":
        return stmt.declarations.flatMap((d) => this.declaration(d, stmt.keyword === "const" ? "const" : "let"));
      case "assign":
        if (isStatic(shapeOf(stmt.value))) return [b.rewrite(stmt.node, this.values.keptIn(stmt.value))];
        return [f.createExpressionStatement(f.createAssignment(b.id(stmt.place.name), this.values.value(stmt.value)))];
      case "set": {
        const object = b.id(stmt.place.name);
        const target = typeof stmt.key === "object" ? f.createElementAccessExpression(object, this.values.value(stmt.key))
          : /^[A-Za-z_$][\w$]*$/.test(stmt.key) ? f.createPropertyAccessExpression(object, stmt.key)
          : f.createElementAccessExpression(object, f.createStringLiteral(stmt.key));
        return [f.createExpressionStatement(f.createAssignment(target, this.values.value(stmt.value)))];
      }
      case "push":
        return [f.createExpressionStatement(f.createCallExpression(
          f.createPropertyAccessExpression(stmt.path.reduce<TS.Expression>((o, key) => f.createPropertyAccessExpression(o, key), b.id(stmt.place.name)), "push"),
          undefined, stmt.values.map((v) => this.values.value(v))))];
      case "expression":
        return [f.createExpressionStatement(this.values.value(stmt.expr))];
      case "return":
        return [f.createReturnStatement(b.g("output", [stmt.value ? this.values.argument(stmt.value) : b.id("undefined")]))];
      case "if":
        return [f.createIfStatement(this.values.asWritten(stmt.condition), f.createBlock(this.region(stmt.then), true),
          stmt.otherwise && f.createBlock(this.region(stmt.otherwise), true))];
      case "for-of": {
        const node = stmt.node as TS.ForOfStatement;
        if (isStatic(shapeOf(stmt.iterable))) {
          return [f.createForOfStatement(undefined, b.rewrite(node.initializer), this.values.asWritten(stmt.iterable), f.createBlock(this.region(stmt.body), true))];
        }
        // A build-time loop over a build-time array of graph values: the binding is bound like a declaration.
        const binding = stmt.binding;
        const item = binding.kind === "name" ? binding.place.name : this.names.fresh("item");
        const keyword = stmt.keyword;
        const head = b.f.createVariableDeclarationList([b.f.createVariableDeclaration(item)], keyword === "const" ? b.ts.NodeFlags.Const : b.ts.NodeFlags.Let);
        const bound = binding.kind === "name" ? [] : this.bind(binding, b.id(item), keyword);
        return [f.createForOfStatement(undefined, head, this.values.value(stmt.iterable), f.createBlock([...bound, ...this.region(stmt.body)], true))];
      }
      case "for-index": {
        const node = stmt.node as TS.ForStatement;
        // As written, but for a held literal's reads after a giving (`i < g.kept(queries).length`).
        const [start, condition] = stmt.header;
        return [f.createForStatement(b.rewrite(node.initializer!, this.values.keptIn(start!)), this.values.asWritten(condition!), b.rewrite(node.incrementor!),
          f.createBlock(this.region(stmt.body), true))];
      }
      case "jump":
        return [b.rewrite(stmt.node)];
      case "opaque":
        throw new IRInvariantError(`opaque statement at ${stmt.node.pos} was not planned into a host region`);
    }
  }

  private keyword(places: readonly Place[], keyword: Keyword): Keyword {
    return places.some((p) => p.reassigned || this.reboundByHosts.has(p)) ? "let" : keyword;
  }

  /** A callback's parameter: as written when the pattern binds as written, else a name the pattern is bound from. */
  parameter(pattern: Pattern): { name: string | TS.BindingName; statements: TS.Statement[] } {
    if (pattern.kind === "name") return { name: pattern.place.name, statements: [] };
    if (pattern.bind === "static" || namesOnly(pattern)) return { name: this.b.rewrite(pattern.node), statements: [] };
    const item = this.names.fresh("item");
    return { name: item, statements: this.bind(pattern, this.b.id(item), "const") };
  }

  declaration(declaration: Declaration, keyword: Keyword = "const"): TS.Statement[] {
    const { b } = this;
    const init = declaration.init;
    const pattern = declaration.pattern;
    if (pattern.kind === "name") {
      const place = pattern.place;
      const declared = this.keyword([place], keyword);
      const placeShape = shapeOf(place, `variable ${place.name}`);
      const initStatic = !init || isStatic(shapeOf(init)) || (init.kind === "array" && init.elements.length === 0);
      // A graph value that starts from a constant (or nothing), or from less than it comes to hold
      // (a list whose first element is made on each run, then pushed to), would otherwise be typed
      // by its initializer.
      const startsNarrower = initStatic || !sameShape(shapeOf(init!), placeShape);
      // A literal of graph values of different kinds (`[{ query: ref }, ref]`) would be typed as an
      // array of their union, on which `text[0].query` does not type-check: it is typed as the tuple.
      const type = startsNarrower && !isStatic(placeShape) ? this.runtimeTypeOf(placeShape) : mixedTuple(placeShape) ? this.runtimeTypeOf(placeShape) : undefined;
      return [b.constDeclaration(place.name, init && this.values.value(init), declared, type)];
    }
    const patternKeyword = this.keyword(declaration.places, keyword);
    if (!init) throw new IRInvariantError("a destructuring declaration without an initializer");
    // Build-time destructuring as the source spells it: of a constant, or of a build-time array into names.
    if (pattern.bind === "static" || namesOnly(pattern)) return [b.constDeclaration(b.rewrite(pattern.node), this.values.value(init), patternKeyword)];
    // A grown container or held literal read after it was given away is the run's object (`ValueEmitter.value`), bound from a name of its own.
    if (init.kind === "variable" && !(packedAs(init.place) && shapeOf(init).kind === "ref")) return this.bind(pattern, b.id(init.place.name), patternKeyword);
    const name = this.names.fresh(temporaryName(init));
    return [b.constDeclaration(name, this.values.value(init)), ...this.bind(pattern, b.id(name), patternKeyword)];
  }

  /** The type of a variable that holds graph values but starts from a constant. */
  private runtimeTypeOf(shape: Shape): TS.TypeNode {
    const { b } = this;
    if (shape.kind === "ref") return b.runtimeType("Ref");
    if (shape.kind === "tuple" && mixedTuple(shape)) return b.f.createTupleTypeNode(shape.elements.map((e) => this.runtimeTypeOf(e)));
    if (shape.kind === "tuple" || shape.kind === "list") {
      const element = shape.kind === "list" ? shape.element : undefined;
      return b.f.createArrayTypeNode(b.runtimeType(element?.kind === "ref" ? "Ref" : "Value"));
    }
    // A record keeps its fields' types: an array inside it is pushed to (`state.ctx.docs.push(ref)`).
    if (shape.kind === "record") {
      return b.f.createTypeLiteralNode([...shape.fields].map(([key, field]) => b.f.createPropertySignature(
        undefined, /^[A-Za-z_$][\w$]*$/.test(key) ? key : b.f.createStringLiteral(key), undefined, this.runtimeTypeOf(field))));
    }
    if (shape.kind === "dict") {
      return b.f.createTypeReferenceNode("Record", [b.f.createKeywordTypeNode(b.ts.SyntaxKind.StringKeyword), b.runtimeType("Value")]);
    }
    return b.runtimeType("Value");
  }

  /**
   * Binds a pattern to `source` (an expression that may be repeated: a name or a build-time
   * index), as binding times planned it (`Pattern.bind`).
   */
  bind(pattern: Pattern, source: TS.Expression, keyword: Keyword): TS.Statement[] {
    const { b } = this;
    switch (pattern.bind) {
      case "name":
        return [b.constDeclaration((pattern as Extract<Pattern, { kind: "name" }>).place.name, source, this.keyword(patternPlaces(pattern), keyword))];
      case "static":
        return [b.constDeclaration(b.rewrite(pattern.node), source, this.keyword(patternPlaces(pattern), keyword))];
      case "elements":
        if (namesOnly(pattern)) return [b.constDeclaration(b.rewrite(pattern.node), source, this.keyword(patternPlaces(pattern), keyword))];
        return this.elements(pattern as Exclude<Pattern, { kind: "name" }>, source, keyword);
      case "fields":
        return this.fields(pattern, source, [], keyword);
      case "compute":
        return this.computed(pattern as Exclude<Pattern, { kind: "name" }>, source, keyword);
      default:
        throw new IRInvariantError(`a pattern at ${pattern.node.pos} was never planned`);
    }
  }

  /** `{ a, b: { c } } = r` → `const a = r.get("a"); const c = r.get("b.c")`. */
  private fields(pattern: Pattern, source: TS.Expression, path: (string | number)[], keyword: Keyword): TS.Statement[] {
    if (pattern.kind === "name") return [this.b.constDeclaration(pattern.place.name, this.b.getPath(source, path), this.keyword([pattern.place], keyword))];
    return pattern.elements.flatMap((e) => this.fields(e.target, source, [...path, e.key as string | number], keyword));
  }

  /** `[a, { b }, ...rest] = array` over a build-time array: each element read at build time. */
  private elements(pattern: Exclude<Pattern, { kind: "name" }>, source: TS.Expression, keyword: Keyword): TS.Statement[] {
    const { b } = this;
    const f = b.f;
    return pattern.elements.flatMap((element) => {
      const index = element.key as number;
      let value: TS.Expression = element.rest
        ? f.createCallExpression(f.createPropertyAccessExpression(source, "slice"), undefined, [f.createNumericLiteral(index)])
        : f.createElementAccessExpression(source, index);
      const out: TS.Statement[] = [];
      if (element.initializer && element.defaultAt === "build") {
        value = f.createConditionalExpression(f.createStrictEquality(value, b.id("undefined")), undefined,
          b.rewrite(element.initializer.node), undefined, value);
      } else if (element.initializer) {
        value = this.runDefault(value, element.initializer);
      }
      if (element.target.kind !== "name" && (element.initializer || element.rest)) {
        const name = this.names.fresh("element");
        out.push(b.constDeclaration(name, value));
        value = b.id(name);
      }
      return [...out, ...this.bind(element.target, value, keyword)];
    });
  }

  /** `value === undefined ? <default> : value`, decided when the graph runs. */
  private runDefault(value: TS.Expression, initializer: Expr): TS.Expression {
    const b = this.b;
    const parts = this.values.computeParts([initializer]);
    const v = this.names.fresh("value");
    const body = b.f.createConditionalExpression(b.f.createStrictEquality(b.id(v), b.id("undefined")), undefined,
      b.rewrite(initializer.node, parts.replacements), undefined, b.id(v));
    return this.values.computeNode([v, ...parts.params], body, [value, ...parts.deps]);
  }

  /** A compute node runs the pattern as written on the run-time value; each name is a field of its result. */
  private computed(pattern: Exclude<Pattern, { kind: "name" }>, source: TS.Expression, keyword: Keyword): TS.Statement[] {
    const b = this.b;
    const places = patternPlaces(pattern);
    const parts = this.values.computeParts(patternExpressions(pattern), new Set(places));
    const v = this.names.fresh("value");
    const run = b.f.createBlock([
      b.constDeclaration(b.rewrite(pattern.node, parts.replacements), b.id(v)),
      b.f.createReturnStatement(b.shorthandObject(places.map((p) => p.name))),
    ], true);
    const name = this.names.fresh("destructured");
    return [
      b.constDeclaration(name, this.values.computeNode([v, ...parts.params], run, [source, ...parts.deps])),
      ...places.map((p) => b.constDeclaration(p.name, b.get(b.id(name), p.name), this.keyword([p], keyword))),
    ];
  }
}

/** A build-time array of graph values of different shapes, each typed by its position. */
function mixedTuple(shape: Shape): boolean {
  return shape.kind === "tuple" && shape.elements.every((e) => !isStatic(e)) && shape.elements.some((e) => !sameShape(e, shape.elements[0]));
}

/** `[a, , b, ...rest]` over a build-time array: JavaScript's own destructuring does it at build time. */
function namesOnly(pattern: Pattern): boolean {
  return pattern.kind !== "name" && pattern.bind === "elements" && pattern.elements.every((e) => e.target.kind === "name" && !e.initializer);
}

/** `judge.invoke(...)` → `judgeResult`: a readable name for a value the source never named. */
function temporaryName(init: Expr): string {
  let expr = init;
  while (expr.kind === "await") expr = expr.operand;
  if (expr.kind === "call" && expr.callee.kind === "member" && expr.callee.object.kind === "member" && typeof expr.callee.object.key === "string") {
    return `${expr.callee.object.key.replace(/^#/, "")}Result`;
  }
  return "result";
}
