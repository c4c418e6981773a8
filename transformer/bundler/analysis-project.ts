/**
 * Where a text path gets the parsed file and the type checker for it. With a tsconfig: one
 * language service for the whole build, whose program is built on first use, reused for every
 * file and updated incrementally when a file's text changes (watch mode), so only the changed
 * file is parsed again. Without one, or for a file outside the tsconfig: the file alone, parsed,
 * with no checker.
 */
import type * as TS from "typescript";
import type { TypeScriptApi } from "../typescript-api.js";
import { normalize, parseSource } from "../resolve/module-index.js";
import { readProjectConfig } from "../project.js";

export interface ParsedForAnalysis {
  readonly sourceFile: TS.SourceFile;
  readonly checker?: TS.TypeChecker;
}

export interface AnalysisProject {
  /** `code` is the text the bundler hands over, which may differ from the file on disk. */
  parse(fileName: string, code: string): ParsedForAnalysis;
  /** The file changed on disk (watch mode): its next use reads it again. */
  invalidate(fileName: string): void;
  /** How many distinct programs were built so far (one per change, never one per file). */
  readonly programCount: number;
}

export function createStandaloneProject(ts: TypeScriptApi): AnalysisProject {
  return {
    parse: (fileName, code) => ({ sourceFile: parseSource(ts, fileName, code) }),
    invalidate: () => {},
    programCount: 0,
  };
}

/** What a tsconfig boils down to: the root files and the compiler options. */
export interface ProjectConfig {
  readonly fileNames: readonly string[];
  readonly options: TS.CompilerOptions;
}

/** `config` is a tsconfig path, or its parsed form. */
export function createTypeAwareProject(ts: TypeScriptApi, config: string | ProjectConfig): AnalysisProject {
  const parsed = typeof config === "string" ? readProjectConfig(ts, config) : config;
  const rootNames = new Set(parsed.fileNames.map(normalize));
  const versions = new Map<string, number>();
  const texts = new Map<string, string>();
  const textOf = (fileName: string): string | undefined => {
    const known = texts.get(fileName);
    if (known !== undefined) return known;
    const read = ts.sys.readFile(fileName);
    if (read !== undefined) texts.set(fileName, read);
    return read;
  };
  const host: TS.LanguageServiceHost = {
    getScriptFileNames: () => [...rootNames],
    getScriptVersion: (fileName) => String(versions.get(normalize(fileName)) ?? 0),
    getScriptSnapshot: (fileName) => {
      const text = textOf(normalize(fileName));
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCompilationSettings: () => parsed.options,
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (fileName) => texts.has(normalize(fileName)) || ts.sys.fileExists(fileName),
    readFile: (fileName) => textOf(normalize(fileName)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  let lastProgram: TS.Program | undefined;
  let programCount = 0;
  const bump = (fileName: string) => versions.set(fileName, (versions.get(fileName) ?? 0) + 1);

  return {
    parse(fileName, code) {
      const name = normalize(fileName);
      if (!rootNames.has(name)) return { sourceFile: parseSource(ts, fileName, code) };
      if (textOf(name) !== code) {
        texts.set(name, code);
        bump(name);
      }
      const program = service.getProgram();
      const sourceFile = program?.getSourceFile(name);
      if (!program || !sourceFile) return { sourceFile: parseSource(ts, fileName, code) };
      if (program !== lastProgram) {
        lastProgram = program;
        programCount += 1;
      }
      return { sourceFile, checker: program.getTypeChecker() };
    },
    invalidate(fileName) {
      const name = normalize(fileName);
      if (!texts.delete(name)) return;
      bump(name);
    },
    get programCount() {
      return programCount;
    },
  };
}

