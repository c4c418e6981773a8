/**
 * One compile session over many files, for the text-based paths (bundler plugins, `xcs-jit build`,
 * the `--import` hook): finds the tsconfig once, keeps one analysis project and one index of
 * parsed declarations for the session, and transforms each file it is handed. Resolution reads
 * declarations first; the program (the expensive part) is built only when they leave a question
 * open.
 */
import typescriptModule from "typescript";
import type * as TS from "typescript";
import { resolve } from "node:path";
import type { TransformerOptions } from "../options.js";
import type { TypeScriptApi } from "../typescript-api.js";
import { mayHoldStructuralClasses } from "../passes/01-find-structural-classes.js";
import { createModuleIndex, defaultResolutionOptions, normalize, NO_READS, parseSource, type Reads } from "../resolve/module-index.js";
import { DeclaredShapes } from "../resolve/declared-shapes.js";
import { loadProject } from "../project.js";
import { createStandaloneProject, createTypeAwareProject, type AnalysisProject } from "./analysis-project.js";
import { transformSource, type SourceTransformResult } from "./source-transform.js";

/** `typescript` is CommonJS (`export =`): its default import is the namespace itself. */
const typescript = typescriptModule as unknown as TypeScriptApi;

export interface SourceCompilerOptions extends TransformerOptions {
  /**
   * The tsconfig for module resolution and, where declarations leave a question open, type-aware
   * resolution: a path, `false` for neither, or by default the nearest `tsconfig.json` at or
   * above `root`.
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
  /** Its compiler options (none without a tsconfig): what a path that emits JavaScript itself compiles with. */
  readonly compilerOptions: Readonly<TS.CompilerOptions>;
  readonly project: AnalysisProject;
  transform(fileName: string, code: string): CompiledSource;
  invalidate(fileName: string): void;
}

export interface CompiledSource extends SourceTransformResult {
  /**
   * Everything besides `code` the result depends on (the files declarations were read from, the
   * tsconfig, the places a module resolution looked), when that is all it depends on: absent when a
   * program answered, whose every file could matter.
   */
  readonly reads?: Reads;
}

export function createSourceCompiler(options: SourceCompilerOptions = {}): SourceCompiler {
  const ts = options.ts ?? typescript;
  const root = resolve(options.root ?? process.cwd());
  const { tsconfig, config, configFiles: read } = loadProject(ts, options.tsconfig, root);
  const project = config ? createTypeAwareProject(ts, config) : createStandaloneProject(ts);
  const index = createModuleIndex(ts, config?.options ?? defaultResolutionOptions(ts), root);
  const configFiles = read.map(normalize);
  const declarations = new DeclaredShapes(index);
  const transformerOptions: TransformerOptions = { strict: options.strict, throwInPass: options.throwInPass };
  const settings = { ts, declarations, options: transformerOptions, currentDirectory: root };
  return {
    root,
    tsconfig,
    compilerOptions: config?.options ?? {},
    project,
    transform(fileName, code) {
      // Most files that import xcs-jit hold no decorator: they are not even parsed.
      // What it returns then depends on the text alone.
      if (!mayHoldStructuralClasses(code)) return { diagnostics: [], unanswered: 0, reads: NO_READS };
      const { value: declared, reads } = index.record(() => transformSource({ ...settings, sourceFile: parseSource(ts, fileName, code) }));
      // No structural class, or every question answered: no program is built.
      if (declared.code === undefined || declared.unanswered === 0) {
        return { ...declared, reads: { ...reads, lookups: new Set([...reads.lookups, ...configFiles]) } };
      }
      const parsed = project.parse(fileName, code);
      return parsed.checker ? transformSource({ ...settings, ...parsed }) : declared;
    },
    invalidate(fileName) {
      project.invalidate(fileName);
      index.invalidate(fileName);
    },
  };
}
