/**
 * One compile session over many files, for the text-based paths (bundler plugins, `xcs-jit build`,
 * the `--import` hook): finds the tsconfig once, keeps one analysis project for the session, and
 * transforms each file it is handed.
 */
import typescriptModule from "typescript";
import type * as TS from "typescript";
import { resolve } from "node:path";
import type { TransformerOptions } from "../options.js";
import type { TypeScriptApi } from "../typescript-api.js";
import { createStandaloneProject, createTypeAwareProject, type AnalysisProject } from "./analysis-project.js";
import { transformSource, type SourceTransformResult } from "./source-transform.js";

/** `typescript` is CommonJS (`export =`): its default import is the namespace itself. */
const typescript = typescriptModule as unknown as TypeScriptApi;

export interface SourceCompilerOptions extends TransformerOptions {
  /**
   * The tsconfig for type-aware resolution: a path, `false` for import-binding resolution only,
   * or by default the nearest `tsconfig.json` at or above `root`.
   */
  tsconfig?: string | false;
  /** Where the search for a tsconfig starts and what diagnostic paths are relative to (default: cwd). */
  root?: string;
  /** The TypeScript to analyse with (default: this package's `typescript`, whatever compiler emits). */
  ts?: TypeScriptApi;
}

export interface SourceCompiler {
  readonly root: string;
  /** The tsconfig in use, if any. */
  readonly tsconfig?: string;
  readonly project: AnalysisProject;
  transform(fileName: string, code: string): SourceTransformResult;
  invalidate(fileName: string): void;
}

export function createSourceCompiler(options: SourceCompilerOptions = {}): SourceCompiler {
  const ts = options.ts ?? typescript;
  const root = resolve(options.root ?? process.cwd());
  const tsconfig = findTsconfig(ts, options.tsconfig, root);
  const project = tsconfig ? createTypeAwareProject(ts, tsconfig) : createStandaloneProject(ts);
  const transformerOptions: TransformerOptions = { strict: options.strict, throwInPass: options.throwInPass };
  return {
    root,
    tsconfig,
    project,
    transform(fileName, code) {
      // Most files that import xcs-jit declare no structural class: they never pay for the program.
      if (!hasDecoratedClass(ts, ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false))) return { diagnostics: [] };
      const { sourceFile, checker } = project.parse(fileName, code);
      return transformSource({ ts, sourceFile, checker, options: transformerOptions, currentDirectory: root });
    },
    invalidate: (fileName) => project.invalidate(fileName),
  };
}

function hasDecoratedClass(ts: TypeScriptApi, node: TS.Node): boolean {
  if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && ts.getDecorators(node)?.length) return true;
  return ts.forEachChild(node, (child) => hasDecoratedClass(ts, child) || undefined) ?? false;
}

function findTsconfig(ts: TypeScriptApi, setting: string | false | undefined, root: string): string | undefined {
  if (setting === false) return undefined;
  if (setting !== undefined) return resolve(root, setting);
  const found = ts.findConfigFile(root, ts.sys.fileExists);
  return found ? resolve(found) : undefined;
}
