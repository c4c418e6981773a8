// Opens one file the way `tspc` sees it: the nearest tsconfig.json, loaded as every entry point
// loads it (`project.ts`), and the program tspc builds from it (its files, its compiler options),
// so "xcs-jit", operator types and whatever the project declares resolve as in the build; and the
// xcs-jit plugin options from that tsconfig's `plugins`, read by the one options reader. A file
// the tsconfig does not list (tspc would not compile it) is loaded alone, with its options.
import { dirname, resolve } from "node:path";
import type * as TS from "typescript";
import { optionError, readOptions, type TransformerOptions } from "../options.js";
import { InputError } from "./cli-errors.js";
import { loadProject, pluginEntryOf } from "../project.js";

export interface LoadedSourceFile {
  program: TS.Program;
  sourceFile: TS.SourceFile;
  checker: TS.TypeChecker;
  /** The xcs-jit plugin entry of the tsconfig, if any (its custom keys are transformer options). */
  pluginOptions: Record<string, unknown>;
  /** Those options, read as the ts-patch entry reads them. */
  transformerOptions: TransformerOptions;
  /** The tsconfig used, or undefined when none was found (defaults apply). */
  configPath?: string;
}

const defaults = (ts: typeof TS): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
});

export function loadSourceFile(ts: typeof TS, file: string): LoadedSourceFile {
  const path = resolve(file);
  const { tsconfig: configPath, config } = loadProject(ts, undefined, dirname(path));
  // Emitted only to a callback (`emitted-members.ts`): what tspc would write, without the side files.
  const options = { ...(config?.options ?? defaults(ts)), noEmit: false, declaration: false, emitDeclarationOnly: false, sourceMap: false, inlineSourceMap: false };
  const listed = config?.fileNames.some((name) => resolve(name) === path);
  const program = ts.createProgram(listed ? config!.fileNames : [path], options);
  const sourceFile = program.getSourceFile(path);
  if (!sourceFile) throw new Error(`TypeScript could not load ${file}`);
  const pluginOptions = pluginEntryOf(config?.options);
  return {
    program,
    sourceFile,
    checker: program.getTypeChecker(),
    pluginOptions,
    transformerOptions: transformerOptionsOf(pluginOptions),
    configPath,
  };
}

/** A wrong plugin option is the user's to fix, reported as tspc would report it. */
function transformerOptionsOf(pluginOptions: Record<string, unknown>): TransformerOptions {
  const { options, problems } = readOptions(pluginOptions);
  if (problems.length > 0) throw new InputError(optionError(problems[0]!));
  return options;
}
