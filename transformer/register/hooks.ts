/**
 * The module hooks behind `xcs-jit/register`. `load` reads a project `.ts` file itself (the
 * analysis needs the original text, before anyone strips types), applies the transform, and
 * hands on JavaScript (types removed with TypeScript's `transpileModule`), so it works on plain
 * Node 20 and composes with tsx: a tsx hook above this one receives JavaScript it passes through,
 * and one below never needs to see these files. `resolve` lets `./x.js` name `./x.ts`, as tsc does.
 * Breaks and bail-outs are printed as warnings; an error (misuse, `strict`) fails the import.
 * The JavaScript is kept between runs (the bundler plugins' transform cache): a run whose files
 * and their dependencies are unchanged loads neither TypeScript nor the analysis.
 * `--import` takes no options, so they come from the environment: XCS_JIT_STRICT=1,
 * XCS_JIT_TSCONFIG=<path> (or `false`) instead of the nearest tsconfig.json, and
 * XCS_JIT_CACHE=<dir> (or `false`) instead of node_modules/.cache/xcs-jit under the working directory.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceCompiler, SourceCompilerOptions } from "../bundler/source-compiler.js";
import { openTransformCache, type TransformCache } from "../bundler/transform-cache.js";
import type { TransformOutput } from "../bundler/worker/protocol.js";
import { deliver, printOrThrow } from "../diagnostics/sink.js";
import { optionError } from "../options.js";
import type { TypeScriptApi } from "../typescript-api.js";
import type { CompilerOptions } from "typescript";
import { moduleFormatOf } from "./module-format.js";

const TYPESCRIPT_URL = /^file:.*\.[cm]?ts$/;
const SKIPPED = /\/node_modules\/|\.d\.[cm]?ts$/;

type Resolve = (specifier: string, context: unknown) => Promise<{ url: string; format?: string | null }>;
type Load = (url: string, context: { format?: string | null }) => Promise<{ format: string; source?: string | Buffer | ArrayBuffer | null }>;

/** Read from the environment on the first file; TypeScript and the analysis only on the first miss. */
let settings: { readonly options: SourceCompilerOptions; readonly cache?: TransformCache } | undefined;
let compiler: { readonly ts: TypeScriptApi; readonly session: SourceCompiler } | undefined;

export async function resolve(specifier: string, context: unknown, nextResolve: Resolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const typescriptTwin = /^\.{1,2}\/.*\.(m?)js$/.test(specifier) ? specifier.replace(/\.(m?)js$/, ".$1ts") : undefined;
    if (!typescriptTwin || (error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    return nextResolve(typescriptTwin, context);
  }
}

export async function load(url: string, context: { format?: string | null }, nextLoad: Load) {
  if (!TYPESCRIPT_URL.test(url) || SKIPPED.test(url)) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const text = await readFile(fileName, "utf8");
  const format = await moduleFormatOf(fileName);
  settings ??= readSettings();
  // The format decides the JavaScript as much as the text does.
  const keyText = `${format}\0${text}`;
  const javascript = settings.cache?.get(fileName, keyText) ?? (await compile(fileName, text, format, keyText));
  deliver(javascript.diagnostics, printOrThrow(process.cwd()));
  return { format, source: javascript.code, shortCircuit: true };
}

/** Transform and strip types; TypeScript and the analysis load on the first file that needs them. */
async function compile(fileName: string, text: string, format: "module" | "commonjs", keyText: string): Promise<TransformOutput> {
  const { options, cache } = settings!;
  const { ts, session } = (compiler ??= await openCompiler(options));
  const result = session.transform(fileName, text);
  const javascript = ts.transpileModule(result.code ?? text, { fileName, compilerOptions: emitOptions(ts, session.compilerOptions, format) });
  const output = { code: javascript.outputText, diagnostics: result.diagnostics };
  if (result.reads) cache?.set(fileName, keyText, output, result.reads);
  return output;
}

/**
 * The project's own compiler options (target, decorators, class fields, JSX...), as `tsc` would
 * compile the file, except what this hook decides: the module format Node expects for the file,
 * and an inline source map instead of files on disk.
 */
export function emitOptions(ts: TypeScriptApi, project: Readonly<CompilerOptions>, format: "module" | "commonjs"): CompilerOptions {
  const { sourceMap: _sourceMap, declaration: _declaration, declarationMap: _declarationMap, composite: _composite, noEmit: _noEmit,
    emitDeclarationOnly: _declarationOnly, outDir: _outDir, outFile: _outFile, rootDir: _rootDir,
    // Node decides each file's module format (`module` below); kept, this would reject the other one.
    verbatimModuleSyntax: _verbatim, ...own } = project;
  return {
    target: ts.ScriptTarget.ES2022,
    ...own,
    module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
    inlineSourceMap: true,
    inlineSources: true,
  };
}

async function openCompiler(options: SourceCompilerOptions) {
  const { createSourceCompiler } = await import("../bundler/source-compiler.js");
  const ts = createRequire(__filename)("typescript") as TypeScriptApi;
  return { ts, session: createSourceCompiler({ ...options, ts }) };
}

function readSettings(): NonNullable<typeof settings> {
  const options = optionsFromEnvironment(process.env);
  const directory = process.env.XCS_JIT_CACHE;
  if (directory === "false") return { options };
  const salt = JSON.stringify({ hook: "register", strict: options.strict ?? false, tsconfig: options.tsconfig ?? null, root: process.cwd() });
  return { options, cache: openTransformCache(resolvePath(directory || "node_modules/.cache/xcs-jit"), salt) };
}

/** The environment read as plugin options; a wrong value is reported as every entry reports one. */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv): SourceCompilerOptions {
  const tsconfig = env.XCS_JIT_TSCONFIG;
  const strict = env.XCS_JIT_STRICT;
  if (strict !== undefined && !["", "0", "1"].includes(strict)) throw new Error(optionError(`XCS_JIT_STRICT must be 1 or 0, got ${JSON.stringify(strict)}`));
  return { strict: strict === "1", tsconfig: tsconfig === "false" ? false : tsconfig || undefined };
}
