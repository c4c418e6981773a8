/**
 * The files declaration-following resolution reads, each parsed once per build, and the module
 * specifiers between them resolved as the compiler would: with the tsconfig's options when there
 * is one, bundler-style otherwise. No program, no binder, no checker: a file costs one parse.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";

export interface ModuleIndex {
  readonly ts: TypeScriptApi;
  readonly options: TS.CompilerOptions;
  /** The parsed file (with parent pointers), or undefined when it cannot be read. */
  sourceFile(fileName: string): TS.SourceFile | undefined;
  /** The file `specifier` names when imported from `containingFile`, or undefined when it does not resolve. */
  resolveModule(specifier: string, containingFile: string): string | undefined;
  /** The file changed (watch mode): the next use reads and parses it again. */
  invalidate(fileName: string): void;
}

/** What resolution assumes without a tsconfig: the resolution bundlers themselves implement. */
export function defaultResolutionOptions(ts: TypeScriptApi): TS.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.Latest,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
}

export function createModuleIndex(ts: TypeScriptApi, options: TS.CompilerOptions, currentDirectory: string): ModuleIndex {
  const parsed = new Map<string, TS.SourceFile | undefined>();
  // Resolution results depend only on the directory and the options, so one cache serves the build
  // until a file changes (a file added or removed can change where a specifier leads).
  let cache = ts.createModuleResolutionCache(currentDirectory, (name) => name, options);
  const resolved = new Map<string, string | undefined>();
  return {
    ts,
    options,
    sourceFile(fileName) {
      const name = normalize(fileName);
      if (parsed.has(name)) return parsed.get(name);
      const text = ts.sys.readFile(name);
      const file = text === undefined ? undefined : parseSource(ts, name, text);
      parsed.set(name, file);
      return file;
    },
    resolveModule(specifier, containingFile) {
      const key = `${containingFile}\0${specifier}`;
      if (resolved.has(key)) return resolved.get(key);
      const result = ts.resolveModuleName(specifier, containingFile, options, ts.sys, cache).resolvedModule;
      // A JavaScript file carries no declarations to follow; its .d.ts would have been preferred.
      const fileName = result && isTypeScript(result.resolvedFileName) ? normalize(result.resolvedFileName) : undefined;
      resolved.set(key, fileName);
      return fileName;
    },
    invalidate(fileName) {
      parsed.delete(normalize(fileName));
      resolved.clear();
      cache = ts.createModuleResolutionCache(currentDirectory, (name) => name, options);
    },
  };
}

/**
 * A file alone, with parent pointers (the analysis walks up from nodes) and without JSDoc, which
 * nothing here reads and which costs a good part of a parse.
 */
export function parseSource(ts: TypeScriptApi, fileName: string, text: string): TS.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return ts.createSourceFile(fileName, text, options, true, scriptKind(ts, fileName));
}

function scriptKind(ts: TypeScriptApi, fileName: string): TS.ScriptKind {
  return /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function isTypeScript(fileName: string): boolean {
  return /\.[cm]?tsx?$/.test(fileName);
}

/** TypeScript's own spelling of paths: forward slashes. */
export function normalize(fileName: string): string {
  return fileName.split("\\").join("/");
}
