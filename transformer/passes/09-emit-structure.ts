/**
 * Pass 9 — emit the structure.
 *
 * In: a fully annotated IR. Out: the `static [XCS_STRUCTURE](self, g, inputs)` method, statement
 * for statement in the order of `forward` and with its names, so a person can read it next to the
 * source. Graph statements are rebuilt from their IR (dynamic parts as builder calls, static parts
 * as written); host regions become `g.host(...)`. Decides nothing: every choice was made by the
 * passes before it.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { Declaration, ForwardIR, Place, Region, Stmt } from "../ir/ir.js";
import { isStatic } from "../ir/shapes.js";
import { Builders } from "../emit/builders.js";
import { emitHost } from "../emit/emit-host.js";
import { ValueEmitter } from "../emit/emit-value.js";

export const STRUCTURE_NAMES = { self: "self", builder: "g", runtime: "xcs" } as const;

export function emitStructure(ts: TypeScriptApi, ir: ForwardIR, sourceFile: TS.SourceFile, runtimeName: string,
                              checker?: TS.TypeChecker): TS.MethodDeclaration {
  const b = new Builders(ts, { ...STRUCTURE_NAMES, runtime: runtimeName }, checker && typeNodes(ts, checker, ir.method));
  const usedNames = new Set(ir.places.map((p) => p.name));
  const emitter = new StructureEmitter(b, ir, sourceFile, usedNames);
  const inputsName = ir.inputs && ts.isIdentifier(ir.inputs.pattern) ? ir.inputs.pattern.text : "inputs";
  const prelude = ir.inputs && !ts.isIdentifier(ir.inputs.pattern) ? emitter.destructure(ir.inputs.pattern, b.id(inputsName), "const") : [];
  const body = [...prelude, ...emitter.region(ir.body)];
  if (!endsWithReturn(body, ts)) body.push(b.f.createReturnStatement(b.g("output", [b.id("undefined")])));

  const classType = b.f.createTypeReferenceNode(ir.className, ir.classNode.typeParameters?.map(() => b.f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)));
  return b.f.createMethodDeclaration(
    [b.f.createModifier(ts.SyntaxKind.StaticKeyword)],
    undefined,
    b.f.createComputedPropertyName(b.runtime("XCS_STRUCTURE")),
    undefined,
    undefined,
    [b.param("self", classType), b.param("g", b.runtimeType("GraphBuilder")), b.param(inputsName, b.runtimeType("Ref"))],
    undefined,
    b.f.createBlock(body, true),
  );
}

/** Run-time types as `forward` sees them (awaited values), printable where the structure is. */
function typeNodes(ts: TypeScriptApi, checker: TS.TypeChecker, scope: TS.Node): (node: TS.Node) => TS.TypeNode | undefined {
  return (node) => {
    const type = checker.getTypeAtLocation(node);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
    return checker.typeToTypeNode(type, scope, ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.IgnoreErrors) ?? undefined;
  };
}

function endsWithReturn(body: TS.Statement[], ts: TypeScriptApi): boolean {
  const last = body[body.length - 1];
  return last !== undefined && ts.isReturnStatement(last);
}

class StructureEmitter {
  private readonly values: ValueEmitter;
  /** Variables a host node hands back as live-outs it did not declare: rebound after it, so `let`. */
  private readonly reboundByHosts = new Set<Place>();

  constructor(private readonly b: Builders, private readonly ir: ForwardIR, private readonly sourceFile: TS.SourceFile,
              private readonly usedNames: Set<string>) {
    this.values = new ValueEmitter(b, usedNames);
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
        out.push(...emitHost(this.b, this.ir, host, this.sourceFile, this.usedNames));
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
        if (isStatic(stmt.value.shape)) return [b.rewrite(stmt.node)];
        return [f.createExpressionStatement(f.createAssignment(b.id(stmt.place.name), this.values.value(stmt.value)))];
      case "push":
        return [f.createExpressionStatement(f.createCallExpression(
          f.createPropertyAccessExpression(b.id(stmt.place.name), "push"), undefined, stmt.values.map((v) => this.values.value(v))))];
      case "expression":
        return [f.createExpressionStatement(this.values.value(stmt.expr))];
      case "return":
        return [f.createReturnStatement(b.g("output", [stmt.value ? this.values.argument(stmt.value) : b.id("undefined")]))];
      case "if":
        return [f.createIfStatement(b.rewrite(stmt.condition.node), f.createBlock(this.region(stmt.then), true),
          stmt.otherwise && f.createBlock(this.region(stmt.otherwise), true))];
      case "for-of": {
        const node = stmt.node as TS.ForOfStatement;
        const iterable = stmt.iterable.shape?.kind === "refs" ? this.values.value(stmt.iterable) : b.rewrite(stmt.iterable.node);
        return [f.createForOfStatement(undefined, b.rewrite(node.initializer), iterable, f.createBlock(this.region(stmt.body), true))];
      }
      case "for-index": {
        const node = stmt.node as TS.ForStatement;
        return [f.createForStatement(b.rewrite(node.initializer!), b.rewrite(node.condition!), b.rewrite(node.incrementor!),
          f.createBlock(this.region(stmt.body), true))];
      }
      case "jump":
        return [stmt.node];
      case "opaque":
        throw new Error(`emit-structure: opaque statement at ${stmt.node.pos} was not planned into a host region`);
    }
  }

  private declaration(declaration: Declaration, keyword: "const" | "let"): TS.Statement[] {
    const { b, ts } = { b: this.b, ts: this.b.ts };
    const init = declaration.init;
    if (ts.isIdentifier(declaration.pattern)) {
      const place = declaration.places[0]!;
      const declared = place.reassigned || this.reboundByHosts.has(place) ? "let" : keyword;
      if (init && isStatic(init.shape) && (place.shape?.kind === "ref" || place.shape?.kind === "value") && (init.kind === "array" || init.kind === "object")) {
        // A fresh array or object that run-time code changes must be fresh on every run: a node, not a build-time constant.
        return [b.constDeclaration(place.name, b.g("compute", [b.arrow([], b.rewrite(init.node)), b.f.createArrayLiteralExpression([])]), declared)];
      }
      // A graph value that starts from a constant (or nothing) would otherwise be typed by that constant.
      const type = (!init || isStatic(init.shape)) && !isStatic(place.shape)
        ? place.shape?.kind === "refs" ? b.f.createArrayTypeNode(b.runtimeType("Value")) : b.runtimeType(place.shape?.kind === "ref" ? "Ref" : "Value")
        : undefined;
      return [b.constDeclaration(declaration.pattern.text, init && this.values.value(init), declared, type)];
    }
    // A name the pattern binds that is assigned later, by the source or by a host node, needs `let`.
    const patternKeyword = declaration.places.some((p) => p.reassigned || this.reboundByHosts.has(p)) ? "let" : keyword;
    if (!init || isStatic(init.shape) || (init.shape?.kind === "refs" && ts.isArrayBindingPattern(declaration.pattern) &&
        declaration.pattern.elements.every((e) => ts.isOmittedExpression(e) || ts.isIdentifier(e.name)))) {
      // Build-time destructuring: of a constant, or of a build-time array of refs into names.
      return [b.constDeclaration(b.rewrite(declaration.pattern), init && this.values.value(init), patternKeyword)];
    }
    const source = init.kind === "variable" ? b.id(init.place.name) : undefined;
    if (source) return this.destructure(declaration.pattern, source, patternKeyword);
    const name = this.freshName(temporaryName(init));
    return [b.constDeclaration(name, this.values.value(init)), ...this.destructure(declaration.pattern, b.id(name), patternKeyword)];
  }

  /** A pattern over a ref: one `.get` per name, with the path the pattern spells. */
  destructure(pattern: TS.BindingName, ref: TS.Expression, keyword: "const" | "let", path: (string | number)[] = []): TS.Statement[] {
    const { b } = this;
    const ts = b.ts;
    if (ts.isIdentifier(pattern)) return [b.constDeclaration(pattern.text, b.getPath(ref, path), keyword)];
    return pattern.elements.flatMap((element, index) => {
      if (ts.isOmittedExpression(element)) return [];
      const key = ts.isArrayBindingPattern(pattern) ? index
        : element.propertyName ? (element.propertyName as TS.Identifier | TS.StringLiteral).text : (element.name as TS.Identifier).text;
      return this.destructure(element.name, ref, keyword, [...path, key]);
    });
  }

  private freshName(base: string): string {
    let name = base;
    for (let i = 2; this.usedNames.has(name); i++) name = `${base}${i}`;
    this.usedNames.add(name);
    return name;
  }
}

/** `judge.invoke(...)` → `judgeResult`: a readable name for a value the source never named. */
function temporaryName(init: import("../ir/ir.js").Expr): string {
  let expr = init;
  while (expr.kind === "await") expr = expr.operand;
  if (expr.kind === "call" && expr.callee.kind === "member" && expr.callee.object.kind === "member" && typeof expr.callee.object.key === "string") {
    return `${expr.callee.object.key.replace(/^#/, "")}Result`;
  }
  return "result";
}
