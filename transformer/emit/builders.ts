/**
 * Small `ts.factory` helpers for the emit pass: one place for the shapes of the code we generate
 * (Svelte's `b.*`), so the emitted member reads the same everywhere.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";

export class Builders {
  readonly f: TS.NodeFactory;

  /**
   * Copying syntax needs a transformation context only for its factory: TypeScript's own
   * `nullTransformationContext` (present in every 5.x build, though not in the typings).
   */
  private readonly copyContext: TS.TransformationContext;

  constructor(
    readonly ts: TypeScriptApi,
    readonly names: { self: string; builder: string; runtime: string },
  ) {
    this.f = ts.factory;
    const context = (ts as unknown as { nullTransformationContext?: TS.TransformationContext }).nullTransformationContext;
    if (!context) throw new Error("this TypeScript build has no nullTransformationContext");
    this.copyContext = context;
  }

  id(name: string): TS.Identifier {
    return this.f.createIdentifier(name);
  }

  /** `g.<method>(...args)` */
  g(method: string, args: TS.Expression[]): TS.CallExpression {
    return this.f.createCallExpression(this.f.createPropertyAccessExpression(this.id(this.names.builder), method), undefined, args);
  }

  /** `<runtime>.<name>`: a name from the namespace import of xcs-jit. */
  runtime(name: string): TS.PropertyAccessExpression {
    return this.f.createPropertyAccessExpression(this.id(this.names.runtime), name);
  }

  runtimeType(name: string): TS.TypeReferenceNode {
    return this.f.createTypeReferenceNode(this.f.createQualifiedName(this.id(this.names.runtime), name));
  }

  /** `<ref>.get(<key>)` */
  get(ref: TS.Expression, key: string | number): TS.CallExpression {
    const keyNode = typeof key === "number" ? this.f.createNumericLiteral(key) : this.f.createStringLiteral(key);
    return this.f.createCallExpression(this.f.createPropertyAccessExpression(ref, "get"), undefined, [keyNode]);
  }

  /** A field path read from a ref: consecutive names share one `.get("a.b")`, indexes are separate reads. */
  getPath(ref: TS.Expression, path: readonly (string | number)[]): TS.Expression {
    let out = ref;
    let names: string[] = [];
    const flush = () => {
      if (names.length) out = this.get(out, names.join("."));
      names = [];
    };
    for (const key of path) {
      if (typeof key === "number") {
        flush();
        out = this.get(out, key);
      } else names.push(key);
    }
    flush();
    return out;
  }

  constDeclaration(name: string | TS.BindingName, init: TS.Expression | undefined, keyword: "const" | "let" = "const", type?: TS.TypeNode): TS.VariableStatement {
    const flags = keyword === "const" ? this.ts.NodeFlags.Const : this.ts.NodeFlags.Let;
    return this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
      [this.f.createVariableDeclaration(typeof name === "string" ? this.id(name) : name, undefined, type, init)], flags));
  }

  arrow(params: TS.ParameterDeclaration[], body: TS.ConciseBody, isAsync = false): TS.ArrowFunction {
    const modifiers = isAsync ? [this.f.createModifier(this.ts.SyntaxKind.AsyncKeyword)] : undefined;
    const concise = this.ts.isObjectLiteralExpression(body) ? this.f.createParenthesizedExpression(body) : body;
    return this.f.createArrowFunction(modifiers, undefined, params, undefined, this.f.createToken(this.ts.SyntaxKind.EqualsGreaterThanToken), concise);
  }

  anyType(): TS.KeywordTypeNode {
    return this.f.createKeywordTypeNode(this.ts.SyntaxKind.AnyKeyword);
  }

  param(name: string | TS.BindingName, type?: TS.TypeNode): TS.ParameterDeclaration {
    return this.f.createParameterDeclaration(undefined, undefined, typeof name === "string" ? this.id(name) : name, undefined, type);
  }

  /** `{ a, b }` as a binding pattern or an object literal of shorthand properties. */
  shorthandPattern(names: readonly string[]): TS.ObjectBindingPattern {
    return this.f.createObjectBindingPattern(names.map((n) => this.f.createBindingElement(undefined, undefined, n)));
  }

  shorthandObject(names: readonly string[]): TS.ObjectLiteralExpression {
    return this.f.createObjectLiteralExpression(names.map((n) => this.f.createShorthandPropertyAssignment(n)), false);
  }

  /** A literal for plain JSON-like data (the diagnostics table). */
  literal(value: unknown): TS.Expression {
    if (typeof value === "string") return this.f.createStringLiteral(value);
    if (typeof value === "number") return this.f.createNumericLiteral(value);
    if (typeof value === "boolean") return value ? this.f.createTrue() : this.f.createFalse();
    if (Array.isArray(value)) return this.f.createArrayLiteralExpression(value.map((v) => this.literal(v)), true);
    const entries = Object.entries(value as object).map(([k, v]) => this.f.createPropertyAssignment(k, this.literal(v)));
    return this.f.createObjectLiteralExpression(entries, false);
  }

  /**
   * Whether original syntax reads `this` (not inside nested non-arrow functions). A compute
   * function then takes `self` as an input of its own: inside, it is untyped like every other
   * value there, so `self.experts[topic]` type-checks as it did in `forward`.
   */
  mentionsThis(node: TS.Node): boolean {
    const ts = this.ts;
    const visit = (current: TS.Node): boolean =>
      current.kind === ts.SyntaxKind.ThisKeyword ||
      (!ts.isFunctionDeclaration(current) && !ts.isFunctionExpression(current) && !ts.isClassLike(current) && !!ts.forEachChild(current, (c) => visit(c) || undefined));
    return visit(node);
  }

  /**
   * A copy of original syntax for the structure, which is a static method: `this` becomes the
   * `self` parameter (not inside nested non-arrow functions, which have their own `this`), and
   * listed nodes are replaced (compute-node parameters).
   */
  rewrite<T extends TS.Node>(node: T, replacements?: ReadonlyMap<TS.Node, TS.Expression>): T {
    const ts = this.ts;
    const visit = (current: TS.Node): TS.Node => {
      const replacement = replacements?.get(current);
      if (replacement) return replacement;
      if (current.kind === ts.SyntaxKind.ThisKeyword) return this.id(this.names.self);
      if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current) || ts.isClassLike(current)) return current;
      const copied = ts.visitEachChild(current, visit, this.copyContext);
      // In the structure, graph values and `self` are untyped, so a callback over them gets no
      // contextual type: its parameters say `any` instead of failing `noImplicitAny`.
      if (ts.isParameter(copied) && !copied.type && ts.isArrowFunction(copied.parent ?? current.parent)) {
        return this.f.updateParameterDeclaration(copied, copied.modifiers, copied.dotDotDotToken, copied.name, copied.questionToken,
          this.anyType(), copied.initializer);
      }
      return copied;
    };
    return visit(node) as T;
  }
}
