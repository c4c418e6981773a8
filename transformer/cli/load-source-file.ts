// Opens one file the way `tspc` would see it: with the compiler options of the nearest
// tsconfig.json (so "xcs-jit" and operator types resolve as in the build) and the xcs-jit plugin
// options from that tsconfig's `plugins`. Only the file and what it imports are loaded.
import { dirname, resolve } from "node:path";
import type * as TS from "typescript";

export interface LoadedSourceFile {
  sourceFile: TS.SourceFile;
  checker: TS.TypeChecker;
  /** The xcs-jit plugin entry of the tsconfig, if any (its custom keys are transformer options). */
  pluginOptions: Record<string, unknown>;
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
  const options = { ...(config?.options ?? defaults(ts)), noEmit: true };
  const program = ts.createProgram([path], options);
  const sourceFile = program.getSourceFile(path);
  if (!sourceFile) throw new Error(`TypeScript could not load ${file}`);
  return {
    sourceFile,
    checker: program.getTypeChecker(),
    pluginOptions: pluginEntry(config?.options.plugins),
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
