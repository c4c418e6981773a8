// Opens one file the way `tspc` would see it: with the compiler options of the nearest
// tsconfig.json (so "xcs-jit" and operator types resolve as in the build) and the xcs-jit plugin
// options from that tsconfig's `plugins`. Only the file and what it imports are loaded.
import { dirname, resolve } from "node:path";
import type * as TS from "typescript";
import { readOptions, type TransformerOptions } from "../options.js";

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

const PLUGIN = "xcs-jit/transformer";

const defaults = (ts: typeof TS): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
});

export function loadSourceFile(ts: typeof TS, file: string): LoadedSourceFile {
  const path = resolve(file);
  const configPath = ts.findConfigFile(dirname(path), ts.sys.fileExists);
  const config = configPath ? readConfig(ts, configPath) : undefined;
  // Emitted only to a callback (`emitted-members.ts`): what tspc would write, without the side files.
  const options = { ...(config?.options ?? defaults(ts)), noEmit: false, declaration: false, emitDeclarationOnly: false, sourceMap: false, inlineSourceMap: false };
  const program = ts.createProgram([path], options);
  const sourceFile = program.getSourceFile(path);
  if (!sourceFile) throw new Error(`TypeScript could not load ${file}`);
  const pluginOptions = pluginEntry(config?.options.plugins);
  return {
    program,
    sourceFile,
    checker: program.getTypeChecker(),
    pluginOptions,
    transformerOptions: readOptions(pluginOptions).options,
    configPath,
  };
}

function readConfig(ts: typeof TS, configPath: string): TS.ParsedCommandLine {
  const host: TS.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
  if (!parsed) throw new Error(`could not read ${configPath}`);
  return parsed;
}

function pluginEntry(plugins: unknown): Record<string, unknown> {
  if (!Array.isArray(plugins)) return {};
  const entry = plugins.find((p) => (p as { transform?: unknown })?.transform === PLUGIN);
  if (!entry) return {};
  const { transform: _transform, ...options } = entry as Record<string, unknown>;
  return options;
}
