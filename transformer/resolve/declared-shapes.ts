/**
 * The declared type of a value in `forward`, read from declarations rather than computed by a
 * checker: `this.judge` has the type its field declares (its annotation, else its initializer's),
 * `member` in `for (const member of this.members)` an element of that, a class is an Operator when
 * its `extends` chain reaches xcs-jit's own `Operator` declaration. It answers only what the
 * checker would answer the same way; everything else is "unknown", for the checker to decide.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import { findExport, lookUpName, type Found } from "./declarations.js";
import type { ModuleIndex, Reads } from "./module-index.js";
import { PACKAGE_NAME, type Resolution } from "./xcs-symbols.js";

type Shape =
  /** An instance of the classes or interfaces these declarations (merged) declare. */
  | { readonly kind: "instance"; readonly declarations: readonly TS.Node[] }
  /** An instance of xcs-jit's `Operator`, known by its import when xcs-jit itself cannot be read. */
  | { readonly kind: "operator" }
  | { readonly kind: "array"; readonly element: Shape }
  | { readonly kind: "map"; readonly value: Shape }
  /** `Record<K, V>`: read by index. */
  | { readonly kind: "record"; readonly value: Shape }
  | { readonly kind: "set" }
  | { readonly kind: "union"; readonly members: readonly Shape[] }
  /** A string, number, boolean or bigint (a keyword or literal type, a literal, a template). */
  | { readonly kind: "primitive" }
  /** Known to be neither an operator, a collection nor a primitive: an object literal, a function, a method, a symbol, an enum. */
  | { readonly kind: "plain" }
  | { readonly kind: "unknown" };

const UNKNOWN: Shape = { kind: "unknown" };
/** Array methods returning one of the elements, or `undefined` (so only under `!`). */
const ARRAY_ELEMENT_METHODS = new Set(["at", "find", "findLast"]);
/** Array methods returning a new array of some of the same elements. */
const ARRAY_COPY_METHODS = new Set(["slice", "filter", "toSorted", "toReversed"]);
const PLAIN: Shape = { kind: "plain" };
const PRIMITIVE: Shape = { kind: "primitive" };
const ELEMENT_CALLBACKS = new Set(["map", "forEach", "filter", "flatMap", "some", "every", "find", "findLast", "findIndex"]);

export class DeclaredShapes {
  private readonly ts: TypeScriptApi;
  /** Per parse of xcs-jit's entry file, so a file read again (watch mode) is read anew; with what finding them read. */
  private readonly operatorRoots = new WeakMap<TS.SourceFile, { readonly roots: readonly TS.Node[] | "unreadable"; readonly reads: Reads }>();

  constructor(private readonly index: ModuleIndex) {
    this.ts = index.ts;
  }

  isOperator(expression: TS.Expression): Resolution {
    // `this.tools.get("x")!.invoke(...)`: the `!` is the author's word that the value is there.
    // `this.extras?.reranker?.invoke(...)`: the call happens only when the receiver is there.
    const nonNull = this.ts.isNonNullExpression(expression.parent) || this.ts.isOptionalChain(expression.parent);
    return this.operatorness(this.ofExpression(expression, nonNull), expression.getSourceFile(), new Set());
  }

  isPrimitive(expression: TS.Expression): Resolution {
    const shape = this.ofExpression(expression);
    if (shape.kind === "unknown") return "unknown";
    const members = shape.kind === "union" ? shape.members : [shape];
    return members.every((m) => m.kind === "primitive") ? "yes" : "no";
  }

  isCollection(expression: TS.Expression): Resolution {
    const shape = this.ofExpression(expression);
    if (shape.kind === "map" || shape.kind === "set" || shape.kind === "array") return "yes";
    // The checker asks the type's symbol for its name; a user type could be called `Map` too.
    if (shape.kind === "instance") return "unknown";
    return shape.kind === "unknown" ? "unknown" : "no";
  }

  /** The shape of an expression's value, as the checker would type it there. */
  private ofExpression(expression: TS.Expression, nonNull = false): Shape {
    const ts = this.ts;
    if (ts.isParenthesizedExpression(expression) || ts.isSatisfiesExpression(expression)) return this.ofExpression(expression.expression, nonNull);
    if (ts.isNonNullExpression(expression)) return this.ofExpression(expression.expression, true);
    if (ts.isAsExpression(expression) || ts.isTypeAssertionExpression(expression)) {
      return isConstAssertion(ts, expression.type) ? this.ofExpression(expression.expression, nonNull) : this.ofType(expression.type);
    }
    if (ts.isConditionalExpression(expression)) return union([this.ofExpression(expression.whenTrue, nonNull), this.ofExpression(expression.whenFalse, nonNull)]);
    if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = thisClass(ts, expression);
      return owner ? this.ofField(owner, expression.name.text, new Set()) : UNKNOWN;
    }
    if (ts.isElementAccessExpression(expression)) return this.ofElementAccess(expression, nonNull);
    if (ts.isIdentifier(expression)) return this.ofIdentifier(expression);
    if (ts.isNewExpression(expression)) return this.ofNew(expression);
    if (ts.isCallExpression(expression)) return this.ofCall(expression, nonNull);
    if (ts.isArrayLiteralExpression(expression)) {
      const elements = expression.elements;
      if (elements.length === 0 || elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return UNKNOWN;
      return { kind: "array", element: union(elements.map((e) => this.ofExpression(e))) };
    }
    if (isPrimitiveLiteral(ts, expression)) return PRIMITIVE;
    if (ts.isObjectLiteralExpression(expression) || ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return PLAIN;
    return UNKNOWN;
  }

  private ofElementAccess(expression: TS.ElementAccessExpression, nonNull: boolean): Shape {
    const target = this.ofExpression(expression.expression);
    if (target.kind !== "array" && target.kind !== "record") return UNKNOWN;
    // `list["length"]` reads a property, not an element.
    if (target.kind === "array" && this.ts.isStringLiteralLike(expression.argumentExpression)) return UNKNOWN;
    // With `noUncheckedIndexedAccess` an index read may be undefined unless the author says `!`.
    if (this.index.options.noUncheckedIndexedAccess && !nonNull) return UNKNOWN;
    return target.kind === "array" ? target.element : target.value;
  }

  private ofIdentifier(identifier: TS.Identifier): Shape {
    const ts = this.ts;
    if (identifier.text === "undefined") return UNKNOWN;
    const found = lookUpName(this.index, identifier, identifier.text, "value");
    if (found.kind !== "declarations" || found.nodes.length !== 1) return UNKNOWN;
    const declaration = found.nodes[0]!;
    if (ts.isVariableDeclaration(declaration)) return this.ofVariable(declaration);
    if (ts.isParameter(declaration)) return this.ofParameter(declaration);
    return UNKNOWN;
  }

  private ofVariable(declaration: TS.VariableDeclaration): Shape {
    const ts = this.ts;
    const list = declaration.parent;
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    if (declaration.type) {
      // A union-typed const is narrowed by its initializer where it is read: not a declared type any more.
      return isConst && ts.isUnionTypeNode(declaration.type) ? UNKNOWN : this.ofType(declaration.type);
    }
    const loop = list.parent;
    if (isConst && ts.isForOfStatement(loop) && !loop.awaitModifier) {
      const iterated = this.ofExpression(loop.expression);
      return iterated.kind === "array" ? iterated.element : UNKNOWN;
    }
    return isConst && declaration.initializer ? this.ofExpression(declaration.initializer) : UNKNOWN;
  }

  private ofParameter(parameter: TS.ParameterDeclaration): Shape {
    const ts = this.ts;
    if (parameter.dotDotDotToken) return UNKNOWN;
    if (parameter.type) return this.ofType(parameter.type);
    // `this.members.map((member) => ...)`: the callback's first parameter is an element.
    const callback = parameter.parent;
    if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || callback.parameters[0] !== parameter) return UNKNOWN;
    const call = callback.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== callback || !ts.isPropertyAccessExpression(call.expression)) return UNKNOWN;
    if (!ELEMENT_CALLBACKS.has(call.expression.name.text)) return UNKNOWN;
    const receiver = this.ofExpression(call.expression.expression);
    return receiver.kind === "array" ? receiver.element : UNKNOWN;
  }

  private ofNew(expression: TS.NewExpression): Shape {
    const ts = this.ts;
    const found = this.lookUpEntity(expression.expression, expression, "value");
    if (found.kind === "declarations") return found.nodes.every((n) => ts.isClassDeclaration(n)) ? { kind: "instance", declarations: found.nodes } : UNKNOWN;
    if (found.kind === "xcs-export") return found.name === "Operator" ? { kind: "operator" } : UNKNOWN;
    if (found.kind !== "global") return UNKNOWN;
    if (found.name === "Set") return { kind: "set" };
    if (found.name !== "Map") return UNKNOWN;
    const typeArguments = expression.typeArguments;
    if (typeArguments?.length === 2) return { kind: "map", value: this.ofType(typeArguments[1]!) };
    // `new Map([["a", x], ["b", y]])`: the value type is what the entries' second elements have in common.
    const entries = expression.arguments?.[0];
    if (!entries || !ts.isArrayLiteralExpression(entries) || entries.elements.length === 0) return UNKNOWN;
    const values: Shape[] = [];
    for (const entry of entries.elements) {
      if (!ts.isArrayLiteralExpression(entry) || entry.elements.length !== 2) return UNKNOWN;
      values.push(this.ofExpression(entry.elements[1]!));
    }
    return { kind: "map", value: union(values) };
  }

  private ofCall(call: TS.CallExpression, nonNull: boolean): Shape {
    const ts = this.ts;
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === "from" && ts.isIdentifier(callee.expression) && callee.expression.text === "Array") {
        const isGlobal = lookUpName(this.index, callee.expression, "Array", "value").kind === "global";
        const mapper = call.arguments[1];
        return isGlobal && mapper ? this.arrayOf(this.returned(mapper)) : UNKNOWN;
      }
      const receiver = this.ofExpression(callee.expression);
      if (method === "map" && receiver.kind === "array" && call.arguments[0]) return this.arrayOf(this.returned(call.arguments[0]));
      if (method === "get" && receiver.kind === "map") return nonNull ? receiver.value : UNKNOWN;
      if (receiver.kind === "array" && ARRAY_ELEMENT_METHODS.has(method)) return nonNull ? receiver.element : UNKNOWN;
      if (receiver.kind === "array" && ARRAY_COPY_METHODS.has(method)) return receiver;
      return UNKNOWN;
    }
    if (!ts.isIdentifier(callee)) return UNKNOWN;
    // A factory function's declared return type.
    const found = lookUpName(this.index, callee, callee.text, "value");
    if (found.kind !== "declarations" || found.nodes.length !== 1) return UNKNOWN;
    const declaration = found.nodes[0]!;
    if (!ts.isFunctionDeclaration(declaration) || !declaration.type || !declaration.body) return UNKNOWN;
    return this.ofType(declaration.type);
  }

  private arrayOf(element: Shape): Shape {
    return element.kind === "unknown" ? UNKNOWN : { kind: "array", element };
  }

  /** What a callback returns: its declared return type, or its single returned expression. */
  private returned(callback: TS.Expression): Shape {
    const ts = this.ts;
    if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return UNKNOWN;
    if (callback.asteriskToken || (ts.getModifiers(callback) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return UNKNOWN;
    if (callback.type) return this.ofType(callback.type);
    if (!ts.isBlock(callback.body)) return this.ofExpression(callback.body);
    const [only] = callback.body.statements;
    return callback.body.statements.length === 1 && only && ts.isReturnStatement(only) && only.expression ? this.ofExpression(only.expression) : UNKNOWN;
  }

  /** The declared type of `this.<name>` in `owner` (or the class it extends). */
  private ofField(owner: TS.ClassLikeDeclaration, name: string, seen: Set<TS.Node>): Shape {
    const ts = this.ts;
    if (seen.has(owner)) return UNKNOWN;
    seen.add(owner);
    for (const member of owner.members) {
      if (isStatic(ts, member) || memberName(ts, member) !== name) continue;
      if (ts.isPropertyDeclaration(member)) {
        if (member.type) return member.questionToken ? UNKNOWN : this.ofType(member.type);
        return member.initializer ? this.ofExpression(member.initializer) : UNKNOWN;
      }
      if (ts.isGetAccessorDeclaration(member)) return member.type ? this.ofType(member.type) : UNKNOWN;
      if (ts.isMethodDeclaration(member)) return PLAIN;
      return UNKNOWN;
    }
    const constructor = owner.members.find(ts.isConstructorDeclaration);
    const property = constructor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.isParameterPropertyDeclaration(p, constructor));
    if (property) return property.type && !property.questionToken ? this.ofType(property.type) : UNKNOWN;
    const base = this.baseClass(owner);
    return base ? this.ofField(base, name, seen) : UNKNOWN;
  }

  private baseClass(owner: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration | undefined {
    const ts = this.ts;
    const heritage = owner.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return undefined;
    const found = this.lookUpEntity(heritage.expression, heritage, "value");
    return found.kind === "declarations" && found.nodes.length === 1 && ts.isClassDeclaration(found.nodes[0]!) ? found.nodes[0] : undefined;
  }

  /** The shape of a value declared with this type annotation. */
  private ofType(type: TS.TypeNode): Shape {
    const ts = this.ts;
    if (ts.isParenthesizedTypeNode(type)) return this.ofType(type.type);
    if (ts.isTypeOperatorNode(type)) return type.operator === ts.SyntaxKind.ReadonlyKeyword ? this.ofType(type.type) : UNKNOWN;
    if (ts.isArrayTypeNode(type)) return this.arrayOf(this.ofType(type.elementType));
    if (ts.isUnionTypeNode(type)) {
      // `T | undefined` means different things with and without `strictNullChecks`: the checker decides.
      if (type.types.some((t) => isNullish(ts, t))) return UNKNOWN;
      return union(type.types.map((t) => this.ofType(t)));
    }
    if (ts.isTypeReferenceNode(type)) return this.ofTypeReference(type);
    if (ts.isLiteralTypeNode(type) && !isNullish(ts, type)) return PRIMITIVE;
    if (ts.isTypeLiteralNode(type) || ts.isFunctionTypeNode(type)) return PLAIN;
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BooleanKeyword:
      case ts.SyntaxKind.BigIntKeyword:
        return PRIMITIVE;
      case ts.SyntaxKind.SymbolKeyword:
        return PLAIN;
      default:
        return UNKNOWN;
    }
  }

  private ofTypeReference(reference: TS.TypeReferenceNode): Shape {
    const ts = this.ts;
    const found = this.lookUpEntity(reference.typeName, reference, "type");
    const typeArguments = reference.typeArguments ?? [];
    if (found.kind === "xcs-export") return found.name === "Operator" ? { kind: "operator" } : UNKNOWN;
    if (found.kind === "global") {
      if ((found.name === "Array" || found.name === "ReadonlyArray") && typeArguments.length === 1) return this.arrayOf(this.ofType(typeArguments[0]!));
      if ((found.name === "Map" || found.name === "ReadonlyMap") && typeArguments.length === 2) return { kind: "map", value: this.ofType(typeArguments[1]!) };
      if (found.name === "Set" || found.name === "ReadonlySet") return { kind: "set" };
      if (found.name === "Record" && typeArguments.length === 2) return { kind: "record", value: this.ofType(typeArguments[1]!) };
      return UNKNOWN;
    }
    if (found.kind !== "declarations") return UNKNOWN;
    if (found.nodes.every((n) => ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n))) return { kind: "instance", declarations: found.nodes };
    const [alias] = found.nodes;
    // A generic alias may route its arguments anywhere; only a plain alias is read through.
    if (found.nodes.length === 1 && alias && ts.isTypeAliasDeclaration(alias) && !alias.typeParameters) return this.ofType(alias.type);
    if (found.nodes.length === 1 && alias && ts.isEnumDeclaration(alias)) return PLAIN;
    return UNKNOWN;
  }

  /** `Name` or `ns.Name` (a namespace import), at `place`. */
  private lookUpEntity(name: TS.Node, place: TS.Node, meaning: "value" | "type"): Found {
    const ts = this.ts;
    if (ts.isIdentifier(name)) return lookUpName(this.index, place, name.text, meaning);
    const [left, right] = ts.isQualifiedName(name) ? [name.left, name.right] : ts.isPropertyAccessExpression(name) ? [name.expression, name.name] : [];
    if (!left || !right || !ts.isIdentifier(left) || !ts.isIdentifier(right)) return { kind: "unknown" };
    const namespace = lookUpName(this.index, place, left.text, "value");
    return namespace.kind === "namespace" ? findExport(this.index, namespace.file, right.text, meaning) : { kind: "unknown" };
  }

  private operatorness(shape: Shape, from: TS.SourceFile, seen: Set<TS.Node>): Resolution {
    switch (shape.kind) {
      case "operator":
        return "yes";
      case "instance":
        return this.extendsOperator(shape.declarations, from, seen);
      case "union": {
        // Each member on its own path: a class seen under one member says nothing about the next.
        const answers = shape.members.map((m) => this.operatorness(m, from, new Set(seen)));
        if (answers.includes("unknown")) return "unknown";
        return answers.every((a) => a === "yes") ? "yes" : "no";
      }
      case "unknown":
        return "unknown";
      default:
        return "no";
    }
  }

  /** Whether merged class or interface declarations reach xcs-jit's `Operator` through `extends`. */
  private extendsOperator(declarations: readonly TS.Node[], from: TS.SourceFile, seen: Set<TS.Node>): Resolution {
    const ts = this.ts;
    const roots = this.operatorDeclarations(from);
    if (roots === "unreadable") return "unknown";
    if (declarations.some((d) => roots.includes(d))) return "yes";
    // A class merged with an interface takes bases from both: read only the plain cases.
    if (declarations.some((d) => ts.isClassDeclaration(d)) && declarations.length > 1) return "unknown";
    const answers: Resolution[] = [];
    for (const declaration of declarations) {
      if (seen.has(declaration)) continue;
      seen.add(declaration);
      if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) return "unknown";
      for (const clause of declaration.heritageClauses ?? []) {
        if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
        for (const base of clause.types) {
          const found = this.lookUpEntity(base.expression, base, ts.isClassDeclaration(declaration) ? "value" : "type");
          if (found.kind === "xcs-export") answers.push(found.name === "Operator" ? "yes" : "unknown");
          else if (found.kind === "declarations" && found.nodes.every((n) => ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n))) {
            answers.push(this.extendsOperator(found.nodes, base.getSourceFile(), seen));
          } else answers.push("unknown");
        }
      }
    }
    if (answers.includes("yes")) return "yes";
    return answers.includes("unknown") ? "unknown" : "no";
  }

  /** xcs-jit's own `Operator` declaration(s), as `from` resolves the package. */
  private operatorDeclarations(from: TS.SourceFile): readonly TS.Node[] | "unreadable" {
    const target = this.index.resolveModule(PACKAGE_NAME, from.fileName);
    if (target === undefined) return [];
    const source = this.index.sourceFile(target);
    if (!source) return "unreadable";
    const known = this.operatorRoots.get(source);
    if (known) {
      this.index.replay(known.reads);
      return known.roots;
    }
    const { value: found, reads } = this.index.record(() => findExport(this.index, source, "Operator", "value"));
    const roots = found.kind === "declarations" ? found.nodes : "unreadable";
    this.operatorRoots.set(source, { roots, reads });
    return roots;
  }
}

/** The class whose instance `this` is at `node` (arrow functions keep the enclosing `this`). */
function thisClass(ts: TypeScriptApi, node: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionLike(current)) {
      const owner = current.parent;
      const isInstanceMember = (ts.isMethodDeclaration(current) || ts.isConstructorDeclaration(current) || ts.isAccessor(current)) && !isStatic(ts, current);
      return isInstanceMember && ts.isClassLike(owner) ? owner : undefined;
    }
    if (ts.isPropertyDeclaration(current)) return !isStatic(ts, current) && ts.isClassLike(current.parent) ? current.parent : undefined;
  }
  return undefined;
}

function union(members: Shape[]): Shape {
  if (members.some((m) => m.kind === "unknown")) return UNKNOWN;
  return members.length === 1 ? members[0]! : { kind: "union", members };
}

function isStatic(ts: TypeScriptApi, member: TS.Node): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function memberName(ts: TypeScriptApi, member: TS.ClassElement): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function isNullish(ts: TypeScriptApi, type: TS.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.VoidKeyword) return true;
  return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
}

function isConstAssertion(ts: TypeScriptApi, type: TS.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "const";
}

function isPrimitiveLiteral(ts: TypeScriptApi, expression: TS.Expression): boolean {
  return ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression) || ts.isTemplateExpression(expression) ||
    expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword;
}
