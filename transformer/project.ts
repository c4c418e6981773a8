/**
 * Loading the user's project, for every entry point that does it itself (`tspc` is handed its
 * program by TypeScript): the text paths' compile session (bundler plugins, `register`, `xcs-jit
 * build`) and `inspect`. One search rule, one reader, one way to name a failure, and one reading
 * of the xcs-jit plugin entry.
 */
import { resolve } from "node:path";
import type * as TS from "typescript";
import type { TypeScriptApi } from "./typescript-api.js";

export interface Project {
  /** The tsconfig in use, if any. */
  readonly tsconfig?: string;
  /** It parsed: its root files and compiler options. */
  readonly config?: TS.ParsedCommandLine;
  /** The tsconfig and every file it extends: what anything read from `config` depends on. */
  readonly configFiles: readonly string[];
}

/** The project `setting` names (see `findTsconfig`), searched for from `from`. */
export function loadProject(ts: TypeScriptApi, setting: string | false | undefined, from: string): Project {
  const tsconfig = findTsconfig(ts, setting, from);
  if (!tsconfig) return { configFiles: [] };
  const config = readProjectConfig(ts, tsconfig);
  const extended = (config.options.configFile as TS.TsConfigSourceFile | undefined)?.extendedSourceFiles ?? [];
  return { tsconfig, config, configFiles: [tsconfig, ...extended] };
}

/** The tsconfig plugin entry's `transform`, by which the xcs-jit entry is found. */
export const PLUGIN_TRANSFORM = "xcs-jit/transformer";

/**
 * The tsconfig to use: `setting` when it is a path (relative to `from`), none when it is `false`,
 * else the nearest `tsconfig.json` at or above `from`.
 */
function findTsconfig(ts: TypeScriptApi, setting: string | false | undefined, from: string): string | undefined {
  if (setting === false) return undefined;
  if (setting !== undefined) return resolve(from, setting);
  const found = ts.findConfigFile(from, ts.sys.fileExists);
  return found ? resolve(found) : undefined;
}

export function readProjectConfig(ts: TypeScriptApi, configPath: string): TS.ParsedCommandLine {
  const problems: string[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problems.push(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  });
  if (!parsed) throw new Error(`xcs-jit: cannot read ${configPath}: ${problems.join("; ")}`);
  return parsed;
}

/** The xcs-jit entry of a tsconfig's `plugins`, without its `transform` key: its options, unread. */
export function pluginEntryOf(options: TS.CompilerOptions | undefined): Record<string, unknown> {
  const plugins = options?.plugins as unknown;
  if (!Array.isArray(plugins)) return {};
  const entry = plugins.find((p) => (p as { transform?: unknown })?.transform === PLUGIN_TRANSFORM);
  if (!entry) return {};
  const { transform: _transform, ...options_ } = entry as Record<string, unknown>;
  return options_;
}
