/**
 * Decides what a name resolves to: `xcs-jit`'s `structuralJit`, an `Operator`, or unknown.
 *
 * Two sources answer, asked in this order. Declarations (the text paths: bundler plugins, the
 * `--import` hook) follow a value to the type its declaration gives it, and a class through its
 * `extends` chain to xcs-jit's own `Operator`, reading files but never building a program. A type
 * checker (the `tspc` path, or a text path once declarations leave a question open) follows
 * symbols through every alias, so `import { structuralJit as sj }` and `import * as x from
 * "xcs-jit"` both count and a local function that happens to be called `structuralJit` does not.
 * What neither can resolve is "unknown", never a guess.
 */
import type { TypeScriptApi } from "../typescript-api.js";
import type * as TS from "typescript";
import type { DeclaredShapes } from "./declared-shapes.js";

export const PACKAGE_NAME = "xcs-jit";

export type Resolution = "yes" | "no" | "unknown";

export interface XcsResolver {
  /** Whether the file imports anything from xcs-jit at all (no import: nothing to compile). */
  readonly importsPackage: boolean;
  isStructuralJit(expression: TS.Expression): boolean;
  isOperator(expression: TS.Expression): Resolution;
  /** Whether the value is a built-in `Map`, `Set` or array (whose `get`/`has`/`entries`/`keys`/`values` read without changing it). */
  isCollection(expression: TS.Expression): boolean;
  /** Whether the value is a string, number, boolean or bigint (whose methods are the built-in ones). */
  isPrimitive(expression: TS.Expression): boolean;
  /** How many questions no source could answer: a reason to analyse again with a checker. */
  readonly unanswered: number;
}

export interface ResolutionSources {
  readonly checker?: TS.TypeChecker;
  readonly declarations?: DeclaredShapes;
}

type Answers = Omit<XcsResolver, "unanswered">;

export function createResolver(ts: TypeScriptApi, sourceFile: TS.SourceFile, sources: ResolutionSources = {}): XcsResolver {
  const { checker, declarations } = sources;
  const imports = sourceFile.statements.filter(
    (s): s is TS.ImportDeclaration =>
      ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === PACKAGE_NAME,
  );
  if (imports.length === 0) {
    return { importsPackage: false, isStructuralJit: () => false, isOperator: () => (checker ? "no" : "unknown"), isCollection: () => false, isPrimitive: () => false, unanswered: 0 };
  }
  const typed = checker ? checkerResolver(ts, checker, imports) : bindingResolver(ts, imports);
  if (!declarations) return { ...typed, unanswered: 0 };
  let unanswered = 0;
  const fallBack = <T>(answer: () => T): T => {
    if (!checker) unanswered += 1;
    return answer();
  };
  return {
    importsPackage: true,
    isStructuralJit: typed.isStructuralJit,
    isOperator(expression) {
      const declared = declarations.isOperator(expression);
      return declared !== "unknown" ? declared : fallBack(() => typed.isOperator(expression));
    },
    isCollection(expression) {
      const declared = declarations.isCollection(expression);
      return declared !== "unknown" ? declared === "yes" : fallBack(() => typed.isCollection(expression));
    },
    isPrimitive(expression) {
      const declared = declarations.isPrimitive(expression);
      return declared !== "unknown" ? declared === "yes" : fallBack(() => typed.isPrimitive(expression));
    },
    get unanswered() {
      return unanswered;
    },
  };
}

function checkerResolver(ts: TypeScriptApi, checker: TS.TypeChecker, imports: TS.ImportDeclaration[]): Answers {
  const resolve = (symbol: TS.Symbol | undefined): TS.Symbol | undefined =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const moduleSymbol = imports.map((i) => checker.getSymbolAtLocation(i.moduleSpecifier)).find(Boolean);
  const { structuralJit, operator } = moduleSymbol ? packageExports(moduleSymbol, checker, resolve) : {};

  const extendsOperator = (type: TS.Type, seen: Set<TS.Type>): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    if (operator && resolve(type.getSymbol()) === operator) return true;
    const target = (type as TS.TypeReference).target ?? type;
    if (!(target.flags & ts.TypeFlags.Object) || !((target as TS.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) {
      return false;
    }
    return (checker.getBaseTypes(target as TS.InterfaceType) ?? []).some((base) => extendsOperator(base, seen));
  };

  return {
    importsPackage: true,
    isStructuralJit: (expression) =>
      structuralJit !== undefined && resolve(checker.getSymbolAtLocation(expression)) === structuralJit,
    isOperator(expression) {
      // `this.tools.get("x")!.invoke(...)`: the `!` is the author's word that the value is there.
      const written = checker.getTypeAtLocation(expression);
      // `this.extras?.reranker?.invoke(...)`: the call happens only when the receiver is there.
      const present = ts.isNonNullExpression(expression.parent) || ts.isOptionalChain(expression.parent);
      const type = present ? checker.getNonNullableType(written) : written;
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "unknown";
      // A union is an operator when every member is; an intersection when any member is.
      if (type.isIntersection()) return type.types.some((member) => extendsOperator(member, new Set())) ? "yes" : "no";
      const members = type.isUnion() ? type.types : [type];
      return members.every((member) => extendsOperator(member, new Set())) ? "yes" : "no";
    },
    isCollection(expression) {
      const type = checker.getTypeAtLocation(expression);
      if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
      const name = type.getSymbol()?.name;
      return name === "Map" || name === "ReadonlyMap" || name === "Set" || name === "ReadonlySet";
    },
    isPrimitive(expression) {
      const type = checker.getTypeAtLocation(expression);
      const primitive = (t: TS.Type) => (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike)) !== 0;
      return type.isUnion() ? type.types.every(primitive) : primitive(type);
    },
  };
}

interface PackageExports {
  readonly structuralJit?: TS.Symbol;
  readonly operator?: TS.Symbol;
}

// Per module symbol, that is per program: every file of a build imports the same xcs-jit, whose
// exports are listed once (`getExportsOfModule` follows every `export *` of the package).
const exportsByModule = new WeakMap<TS.Symbol, PackageExports>();

function packageExports(moduleSymbol: TS.Symbol, checker: TS.TypeChecker, resolve: (symbol: TS.Symbol | undefined) => TS.Symbol | undefined): PackageExports {
  let known = exportsByModule.get(moduleSymbol);
  if (!known) {
    const exports = checker.getExportsOfModule(moduleSymbol);
    const exported = (name: string) => resolve(exports.find((s) => s.name === name));
    exportsByModule.set(moduleSymbol, (known = { structuralJit: exported("structuralJit"), operator: exported("Operator") }));
  }
  return known;
}

function bindingResolver(ts: TypeScriptApi, imports: TS.ImportDeclaration[]): Answers {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const declaration of imports) {
    const bindings = declaration.importClause?.namedBindings;
    if (!bindings || declaration.importClause?.isTypeOnly) continue;
    if (ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else
      for (const element of bindings.elements) {
        if ((element.propertyName ?? element.name).text === "structuralJit" && !element.isTypeOnly) names.add(element.name.text);
      }
  }
  return {
    importsPackage: true,
    isStructuralJit: (e) =>
      (ts.isIdentifier(e) && names.has(e.text)) ||
      (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && namespaces.has(e.expression.text) && e.name.text === "structuralJit"),
    isOperator: () => "unknown",
    isCollection: () => false,
    isPrimitive: () => false,
  };
}
