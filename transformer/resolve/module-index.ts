/**
 * The files declaration-following resolution reads, each parsed once per build, and the module
 * specifiers between them resolved as the compiler would: with the tsconfig's options when there
 * is one, bundler-style otherwise. No program, no binder, no checker: a file costs one parse.
 *
 * It also says what an answer depended on (`record`): every file read and every resolution, with
 * the places where a file would have changed the resolution had it existed. That is what lets a
 * result outlive the build (the transform cache) and still never be stale.
 */
import { createHash } from "node:crypto";
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
  /** Runs `work`, noting everything the index is asked meanwhile (nested records each see it all). */
  record<T>(work: () => T): { readonly value: T; readonly reads: Reads };
  /** Notes `reads` in every record running now: an answer kept from earlier depends on them again. */
  replay(reads: Reads): void;
}

/** What some piece of resolution read: enough to tell later, without TypeScript, whether it still holds. */
export interface Reads {
  /** Files read, by normalized name, with the hash of the text read (`contentHash`), or null for one that could not be read. */
  readonly files: ReadonlyMap<string, string | null>;
  /** Files whose appearance or change could alter a resolution: candidates that did not exist, package.json files, a JavaScript file found. */
  readonly lookups: ReadonlySet<string>;
  /** False when a resolution did not say where it looked: what depended on it cannot be checked later. */
  readonly complete: boolean;
}

/** What an answer that reads no other file depends on. */
export const NO_READS: Reads = { files: new Map(), lookups: new Set(), complete: true };

interface Recording {
  readonly files: Map<string, string | null>;
  readonly lookups: Set<string>;
  complete: boolean;
}

/** The internal fields a resolution result carries (TypeScript's own watch mode uses them). */
interface LookupLocations {
  readonly failedLookupLocations?: readonly string[];
  readonly affectingLocations?: readonly string[];
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
  const parsed = new Map<string, { readonly file?: TS.SourceFile; readonly reads: Reads }>();
  // Resolution results depend only on the directory and the options, so one cache serves the build
  // until a file changes (a file added or removed can change where a specifier leads).
  let cache = ts.createModuleResolutionCache(currentDirectory, (name) => name, options);
  const resolved = new Map<string, { readonly fileName?: string; readonly reads: Reads }>();
  const recordings: Recording[] = [];
  const note = (reads: Reads) => {
    for (const recording of recordings) {
      for (const [file, state] of reads.files) recording.files.set(file, state);
      for (const lookup of reads.lookups) recording.lookups.add(lookup);
      recording.complete &&= reads.complete;
    }
  };
  return {
    ts,
    options,
    sourceFile(fileName) {
      const name = normalize(fileName);
      let known = parsed.get(name);
      if (!known) {
        const text = ts.sys.readFile(name);
        // The hash of the very text parsed: a later edit can never pass for what was read.
        const reads = { files: new Map([[name, text === undefined ? null : contentHash(text)]]), lookups: new Set<string>(), complete: true };
        parsed.set(name, (known = { file: text === undefined ? undefined : parseSource(ts, name, text), reads }));
      }
      note(known.reads);
      return known.file;
    },
    resolveModule(specifier, containingFile) {
      const key = `${containingFile}\0${specifier}`;
      let known = resolved.get(key);
      if (!known) {
        const result = ts.resolveModuleName(specifier, containingFile, options, ts.sys, cache);
        const target = result.resolvedModule?.resolvedFileName;
        // A JavaScript file carries no declarations to follow; its .d.ts would have been preferred.
        const fileName = target && isTypeScript(target) ? normalize(target) : undefined;
        resolved.set(key, (known = { fileName, reads: resolutionReads(result, target) }));
      }
      note(known.reads);
      return known.fileName;
    },
    invalidate(fileName) {
      parsed.delete(normalize(fileName));
      resolved.clear();
      cache = ts.createModuleResolutionCache(currentDirectory, (name) => name, options);
    },
    record(work) {
      const recording: Recording = { files: new Map(), lookups: new Set(), complete: true };
      recordings.push(recording);
      try {
        return { value: work(), reads: recording };
      } finally {
        recordings.splice(recordings.indexOf(recording), 1);
      }
    },
    replay: note,
  };
}

function resolutionReads(result: TS.ResolvedModuleWithFailedLookupLocations, target: string | undefined): Reads {
  const locations = result as TS.ResolvedModuleWithFailedLookupLocations & LookupLocations;
  // The file found is a lookup too: it must stay there (its text counts only once it is read).
  const lookups = new Set([...(locations.failedLookupLocations ?? []), ...(locations.affectingLocations ?? []), ...(target ? [target] : [])].map(normalize));
  // Both fields are present (possibly undefined, meaning none) on every result of TypeScript 5.
  const complete = "failedLookupLocations" in result && "affectingLocations" in result;
  return { files: new Map(), lookups, complete };
}

/** What a file's text is known by; a leading byte-order mark does not count (TypeScript drops it when reading). */
export function contentHash(text: string): string {
  return createHash("sha256").update(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).digest("hex");
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
