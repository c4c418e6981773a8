/**
 * What a name declares, found by reading declarations instead of binding the program: a name in
 * scope at a place in a function, a top-level name of a file, or an export of a module, followed
 * through imports and re-exports. Anything this cannot read with certainty (namespaces merged
 * with classes, `export =`, destructured declarations) is "unknown", never a guess.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import type { ModuleIndex, Reads } from "./module-index.js";
import { PACKAGE_NAME } from "./xcs-symbols.js";

/** Values (what `new X` and `extends X` name) or types (what annotations name). */
export type Meaning = "value" | "type";

export type Found =
  | { readonly kind: "declarations"; readonly nodes: readonly TS.Node[] }
  | { readonly kind: "namespace"; readonly file: TS.SourceFile }
  /** Declared nowhere in the files read: a global such as `Map`, or a lib type. */
  | { readonly kind: "global"; readonly name: string }
  /** An export of xcs-jit when xcs-jit itself cannot be read (no resolution for it). */
  | { readonly kind: "xcs-export"; readonly name: string }
  | { readonly kind: "unknown" };

const UNKNOWN: Found = { kind: "unknown" };

/** The declaration `name` refers to at `place`: locals of enclosing scopes first, then the file's top level. */
export function lookUpName(index: ModuleIndex, place: TS.Node, name: string, meaning: Meaning): Found {
  const ts = index.ts;
  for (let node: TS.Node | undefined = place.parent; node; node = node.parent) {
    if (ts.isSourceFile(node)) return lookUpTopLevel(index, node, name, meaning);
    const local = localDeclaration(ts, node, name, meaning);
    if (local) return local;
  }
  return UNKNOWN;
}

/** A declaration of `name` that `scope` itself introduces (not its nested scopes). */
function localDeclaration(ts: TypeScriptApi, scope: TS.Node, name: string, meaning: Meaning): Found | undefined {
  if (ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const statement of scope.statements) {
      const found = statementDeclaration(ts, statement, name, meaning);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isFunctionLike(scope)) {
    if (meaning === "value" && ts.isFunctionExpression(scope) && scope.name?.text === name) return declared(scope);
    for (const parameter of scope.parameters) {
      const found = bindingDeclaration(ts, parameter, parameter.name, name);
      if (found) return meaning === "value" ? found : UNKNOWN;
    }
    // Type parameters shadow every outer type of the same name and say nothing about operators.
    if (meaning === "type" && scope.typeParameters?.some((p) => p.name.text === name)) return UNKNOWN;
    return undefined;
  }
  if ((ts.isClassDeclaration(scope) || ts.isClassExpression(scope)) && scope.typeParameters?.some((p) => p.name.text === name)) {
    return meaning === "type" ? UNKNOWN : undefined;
  }
  if ((ts.isForOfStatement(scope) || ts.isForInStatement(scope) || ts.isForStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const declaration of scope.initializer.declarations) {
      const found = bindingDeclaration(ts, declaration, declaration.name, name);
      if (found) return meaning === "value" ? found : UNKNOWN;
    }
    return undefined;
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration && bindsName(ts, scope.variableDeclaration.name, name)) return UNKNOWN;
  return undefined;
}

function statementDeclaration(ts: TypeScriptApi, statement: TS.Statement, name: string, meaning: Meaning): Found | undefined {
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      const found = bindingDeclaration(ts, declaration, declaration.name, name);
      if (found) return meaning === "value" ? found : UNKNOWN;
    }
    return undefined;
  }
  const declaredName = namedDeclarationName(ts, statement);
  if (declaredName !== name) return undefined;
  return declaresMeaning(ts, statement, meaning) ? declared(statement) : undefined;
}

/** The declaration when `binding` is the plain identifier `name`; unknown when a destructuring binds it. */
function bindingDeclaration(ts: TypeScriptApi, declaration: TS.Node, binding: TS.BindingName, name: string): Found | undefined {
  if (ts.isIdentifier(binding)) return binding.text === name ? declared(declaration) : undefined;
  return bindsName(ts, binding, name) ? UNKNOWN : undefined;
}

function bindsName(ts: TypeScriptApi, binding: TS.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(ts, element.name, name));
}

// Per parsed file, so an edited file (parsed again) never sees stale answers. Each answer keeps
// what finding it read, so whoever reuses it depends on those files too.
type Answers = WeakMap<TS.SourceFile, Map<string, { readonly found: Found; readonly reads: Reads }>>;
const topLevelCache: Answers = new WeakMap();
const exportCache: Answers = new WeakMap();

function cached(index: ModuleIndex, cache: Answers, file: TS.SourceFile, key: string, find: () => Found): Found {
  let entries = cache.get(file);
  if (!entries) cache.set(file, (entries = new Map()));
  const known = entries.get(key);
  if (known) {
    index.replay(known.reads);
    return known.found;
  }
  const { value: found, reads } = index.record(find);
  entries.set(key, { found, reads });
  return found;
}

/** A file's own top-level declaration of `name`, or what its imports bring in under it. */
export function lookUpTopLevel(index: ModuleIndex, file: TS.SourceFile, name: string, meaning: Meaning): Found {
  return cached(index, topLevelCache, file, `${meaning} ${name}`, () => readTopLevel(index, file, name, meaning));
}

function readTopLevel(index: ModuleIndex, file: TS.SourceFile, name: string, meaning: Meaning): Found {
  const ts = index.ts;
  const nodes: TS.Node[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const imported = importedName(index, file, statement, name, meaning);
      if (imported) return imported;
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) return UNKNOWN;
    if (ts.isVariableStatement(statement)) {
      const found = statementDeclaration(ts, statement, name, meaning);
      if (found) return found;
      continue;
    }
    if (namedDeclarationName(ts, statement) !== name) continue;
    // A namespace merged into a class or function changes what the name is: not read here.
    if (ts.isModuleDeclaration(statement)) return UNKNOWN;
    if (declaresMeaning(ts, statement, meaning)) nodes.push(statement);
  }
  return nodes.length > 0 ? { kind: "declarations", nodes } : { kind: "global", name };
}

function importedName(index: ModuleIndex, file: TS.SourceFile, statement: TS.ImportDeclaration, name: string, meaning: Meaning): Found | undefined {
  const ts = index.ts;
  const clause = statement.importClause;
  if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined;
  const specifier = statement.moduleSpecifier.text;
  const target = () => index.resolveModule(specifier, file.fileName);
  if (clause.name?.text === name) return exported(index, specifier, target(), "default", meaning);
  const bindings = clause.namedBindings;
  if (!bindings) return undefined;
  if (ts.isNamespaceImport(bindings)) {
    if (bindings.name.text !== name) return undefined;
    const targetFile = target();
    const source = targetFile === undefined ? undefined : index.sourceFile(targetFile);
    return source ? { kind: "namespace", file: source } : UNKNOWN;
  }
  const element = bindings.elements.find((e) => e.name.text === name);
  if (!element) return undefined;
  return exported(index, specifier, target(), (element.propertyName ?? element.name).text, meaning);
}

function exported(index: ModuleIndex, specifier: string, targetFile: string | undefined, name: string, meaning: Meaning): Found {
  if (targetFile === undefined) return specifier === PACKAGE_NAME ? { kind: "xcs-export", name } : UNKNOWN;
  const source = index.sourceFile(targetFile);
  return source ? cached(index, exportCache, source, `${meaning} ${name}`, () => findExport(index, source, name, meaning)) : UNKNOWN;
}

/** What module `file` exports as `name`: its own exported declarations, or re-exports followed. */
export function findExport(index: ModuleIndex, file: TS.SourceFile, name: string, meaning: Meaning, seen = new Set<TS.SourceFile>()): Found {
  const ts = index.ts;
  if (seen.has(file)) return UNKNOWN;
  seen.add(file);
  const nodes: TS.Node[] = [];
  const starFiles: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        const target = specifier === undefined ? undefined : index.resolveModule(specifier, file.fileName);
        if (target !== undefined) starFiles.push(target);
        continue;
      }
      if (ts.isNamespaceExport(clause)) {
        if (clause.name.text !== name || specifier === undefined) continue;
        const target = index.resolveModule(specifier, file.fileName);
        const source = target === undefined ? undefined : index.sourceFile(target);
        return source ? { kind: "namespace", file: source } : UNKNOWN;
      }
      const element = clause.elements.find((e) => e.name.text === name);
      if (!element) continue;
      const local = (element.propertyName ?? element.name).text;
      if (specifier === undefined) return lookUpTopLevel(index, file, local, meaning);
      const target = index.resolveModule(specifier, file.fileName);
      return exported(index, specifier, target, local, meaning);
    }
    if (ts.isExportAssignment(statement)) {
      if (name === "default" || statement.isExportEquals) return UNKNOWN;
      continue;
    }
    if (!isExported(ts, statement)) continue;
    if (ts.isVariableStatement(statement)) {
      const found = statementDeclaration(ts, statement, name, meaning);
      if (found) return found;
      continue;
    }
    const declaredName = isDefaultExport(ts, statement) ? "default" : namedDeclarationName(ts, statement);
    if (declaredName !== name) continue;
    if (ts.isModuleDeclaration(statement)) return UNKNOWN;
    if (declaresMeaning(ts, statement, meaning)) nodes.push(statement);
  }
  if (nodes.length > 0) return { kind: "declarations", nodes };
  for (const target of starFiles) {
    const source = index.sourceFile(target);
    if (!source) return UNKNOWN;
    const found = findExport(index, source, name, meaning, seen);
    if (found.kind !== "unknown") return found;
  }
  return UNKNOWN;
}

function namedDeclarationName(ts: TypeScriptApi, statement: TS.Statement): string | undefined {
  if (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) return statement.name?.text;
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) return statement.name.text;
  if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) return statement.name.text;
  return undefined;
}

function declaresMeaning(ts: TypeScriptApi, statement: TS.Node, meaning: Meaning): boolean {
  if (ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) return true;
  if (ts.isFunctionDeclaration(statement)) return meaning === "value";
  return meaning === "type" && (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement));
}

function isExported(ts: TypeScriptApi, statement: TS.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefaultExport(ts: TypeScriptApi, statement: TS.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function declared(node: TS.Node): Found {
  return { kind: "declarations", nodes: [node] };
}
