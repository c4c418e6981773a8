/**
 * The unplugin factory behind `xcs-jit/vite`, `/rollup`, `/esbuild`, `/webpack` and `/rspack`.
 * It runs before the bundler's own TypeScript handling (`enforce: "pre"`), so the analysis sees
 * the original source; one compile session (one type-aware program) serves the whole build.
 * Breaks and bail-outs go to the bundler's warning channel; under `strict` they fail the build.
 */
import { createUnplugin, type UnpluginContext, type UnpluginFactory } from "unplugin";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
import { formatDiagnostic } from "../index.js";
import { createSourceCompiler, type SourceCompiler, type SourceCompilerOptions } from "./source-compiler.js";

export interface XcsJitPluginOptions extends Omit<SourceCompilerOptions, "ts"> {
  /** Only files whose id matches (default: every TypeScript file outside node_modules). */
  include?: RegExp | RegExp[];
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?(\?.*)?$/;
const SKIPPED = [/[\\/]node_modules[\\/]/, /\.d\.[cm]?tsx?(\?.*)?$/];

export const unpluginFactory: UnpluginFactory<XcsJitPluginOptions | undefined, false> = (options = {}) => {
  let root = options.root;
  let compiler: SourceCompiler | undefined;
  // Created on first use, after Vite has told us its root; kept for the build (and across watch rebuilds).
  const session = () => (compiler ??= createSourceCompiler({ strict: options.strict, tsconfig: options.tsconfig, root }));
  return {
    name: "xcs-jit",
    enforce: "pre",
    transform: {
      filter: { id: { include: options.include ?? [TYPESCRIPT_FILE], exclude: SKIPPED }, code: "xcs-jit" },
      handler(code, id) {
        const fileName = id.replace(/\?.*$/, "");
        const compiled = session();
        const result = compiled.transform(fileName, code);
        report(this, result.diagnostics, compiled.root);
        return result.code === undefined ? null : { code: result.code, map: result.map };
      },
    },
    watchChange(id) {
      compiler?.invalidate(id.replace(/\?.*$/, ""));
    },
    vite: {
      configResolved(config: { root: string }) {
        root ??= config.root;
      },
    },
  };
};

function report(context: UnpluginContext, diagnostics: readonly XcsDiagnostic[], root: string): void {
  const message = (d: XcsDiagnostic) => ({
    message: formatDiagnostic(d, root),
    id: d.file,
    loc: { file: d.file, line: d.line, column: d.column },
  });
  for (const d of diagnostics) if (d.severity !== "error") context.warn(message(d));
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) context.error({ ...message(errors[0]!), message: errors.map((d) => formatDiagnostic(d, root)).join("\n") });
}

export const xcsJit = createUnplugin(unpluginFactory);
