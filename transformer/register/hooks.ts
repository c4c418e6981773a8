/**
 * The module hooks behind `xcs-jit/register`. `load` reads a project `.ts` file itself (the
 * analysis needs the original text, before anyone strips types), applies the transform, and
 * hands on JavaScript (types removed with TypeScript's `transpileModule`), so it works on plain
 * Node 20 and composes with tsx: a tsx hook above this one receives JavaScript it passes through,
 * and one below never needs to see these files. `resolve` lets `./x.js` name `./x.ts`, as tsc does.
 * Breaks and bail-outs are printed as warnings; an error (misuse, `strict`) fails the import.
 * `--import` takes no options, so they come from the environment: XCS_JIT_STRICT=1, and
 * XCS_JIT_TSCONFIG=<path> (or `false`) instead of the nearest tsconfig.json.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import typescriptModule from "typescript";
import { createSourceCompiler, type SourceCompiler, type SourceCompilerOptions } from "../bundler/source-compiler.js";
import { formatDiagnostic } from "../index.js";
import type { TypeScriptApi } from "../typescript-api.js";
import { moduleFormatOf } from "./module-format.js";

const ts = typescriptModule as unknown as TypeScriptApi;
const TYPESCRIPT_URL = /^file:.*\.[cm]?ts$/;
const SKIPPED = /\/node_modules\/|\.d\.[cm]?ts$/;

type Resolve = (specifier: string, context: unknown) => Promise<{ url: string; format?: string | null }>;
type Load = (url: string, context: { format?: string | null }) => Promise<{ format: string; source?: string | Buffer | ArrayBuffer | null }>;

let compiler: SourceCompiler | undefined;

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
  compiler ??= createSourceCompiler(optionsFromEnvironment(process.env));
  const result = compiler.transform(fileName, text);
  for (const d of result.diagnostics) if (d.severity !== "error") process.stderr.write(`${formatDiagnostic(d, compiler.root)}\n`);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => formatDiagnostic(d, compiler!.root)).join("\n"));

  const format = await moduleFormatOf(fileName);
  const javascript = ts.transpileModule(result.code ?? text, {
    fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  return { format, source: javascript.outputText, shortCircuit: true };
}

export function optionsFromEnvironment(env: NodeJS.ProcessEnv): SourceCompilerOptions {
  const tsconfig = env.XCS_JIT_TSCONFIG;
  return { strict: env.XCS_JIT_STRICT === "1", tsconfig: tsconfig === "false" ? false : tsconfig || undefined };
}
