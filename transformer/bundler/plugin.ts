/**
 * The unplugin factory behind `xcs-jit/vite`, `/rollup`, `/esbuild`, `/webpack` and `/rspack`.
 * It runs before the bundler's own TypeScript handling (`enforce: "pre"`), so the analysis sees
 * the original source; one compile session serves the whole build, on a worker thread so the
 * bundler's thread is free for everything else meanwhile. Results are kept on disk between builds
 * (`transform-cache.ts`): an unchanged file is not analysed again. Breaks and bail-outs go to the
 * bundler's warning channel, from a kept result as from a new one; under `strict` they fail the build.
 */
import { join, resolve } from "node:path";
import { createUnplugin, type UnpluginContext, type UnpluginFactory } from "unplugin";
import type { XcsDiagnostic } from "../diagnostics/collector.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { deliver } from "../diagnostics/sink.js";
import { readOptionsOrThrow } from "../options.js";
import { mayHoldStructuralClasses } from "../passes/01-find-structural-classes.js";
import type { SourceCompilerOptions } from "./source-compiler.js";
import { cacheHoldsEntries, openTransformCache, type TransformCache } from "./transform-cache.js";
import { analysisWorkerAvailable, openAnalysisSession, warmAnalysisWorker } from "./worker/analysis-thread.js";
import type { AnalysedOutput, TransformOutput } from "./worker/protocol.js";

export interface XcsJitPluginOptions extends Omit<SourceCompilerOptions, "ts"> {
  /** Only files whose id matches (default: every TypeScript file outside node_modules). */
  include?: RegExp | RegExp[];
  /**
   * Analyse on a worker thread, so the bundler's own work goes on meanwhile (default: true,
   * except when running from the TypeScript sources, where there is no compiled worker).
   */
  worker?: boolean;
  /**
   * Where results are kept between builds (default: `node_modules/.cache/xcs-jit` under `root`),
   * or `false` to analyse every file in every build.
   */
  cache?: string | false;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?(\?.*)?$/;
const SKIPPED = [/[\\/]node_modules[\\/]/, /\.d\.[cm]?tsx?(\?.*)?$/];

/** One build's compile session, on the worker or in the bundler's own thread. */
interface Analysis {
  transform(fileName: string, code: string): AnalysedOutput | Promise<AnalysedOutput>;
  invalidate(fileName: string): void;
  close(): void;
}

export const unpluginFactory: UnpluginFactory<XcsJitPluginOptions | undefined, false> = (given = {}, meta) => {
  const options = readOptionsOrThrow<XcsJitPluginOptions>(given as Record<string, unknown>, "bundler");
  let root = options.root;
  let analysis: Promise<Analysis> | undefined;
  let kept: TransformCache | undefined;
  const onWorker = options.worker ?? analysisWorkerAvailable();
  const cacheDirectory = () => (options.cache === false ? undefined : resolve(root ?? process.cwd(), options.cache ?? join("node_modules", ".cache", "xcs-jit")));
  // Started early only for a build that will analyse: one whose results were kept mostly never loads TypeScript.
  const analysesAhead = () => !cacheHoldsEntries(cacheDirectory() ?? "");
  const warmIfAnalysing = () => {
    if (onWorker && analysesAhead()) warmAnalysisWorker();
  };
  // Vite names its root (and so where results are kept) only in `configResolved`.
  if (meta.framework !== "vite" || options.root) warmIfAnalysing();
  const cache = (): TransformCache | undefined => {
    const directory = cacheDirectory();
    // `throwInPass` is for tests of failures, which must happen every time.
    if (!directory || options.throwInPass) return undefined;
    return (kept ??= openTransformCache(directory, cacheSalt(options, root)));
  };
  // Opened on first use, after Vite has told us its root; kept for the build (and across watch rebuilds).
  const session = (): Promise<Analysis> => (analysis ??= open());
  const open = async (): Promise<Analysis> => {
    const settings = { strict: options.strict, throwInPass: options.throwInPass, tsconfig: options.tsconfig, root };
    if (onWorker) return openAnalysisSession(settings);
    // Loaded only here: with the worker, the bundler's thread never loads TypeScript.
    const { createSourceCompiler } = await import("./source-compiler.js");
    const compiler = createSourceCompiler(settings);
    return { transform: compiler.transform, invalidate: compiler.invalidate, close: () => {} };
  };
  const analyse = async (fileName: string, code: string): Promise<TransformOutput> => {
    const { reads, ...output } = await (await session()).transform(fileName, code);
    if (reads) cache()?.set(fileName, code, output, reads);
    return output;
  };
  return {
    name: "xcs-jit",
    enforce: "pre",
    transform: {
      filter: { id: { include: options.include ?? [TYPESCRIPT_FILE], exclude: SKIPPED }, code: "xcs-jit" },
      async handler(code, id) {
        // Files that cannot hold a structural class never wait for the analysis.
        if (!mayHoldStructuralClasses(code)) return null;
        const fileName = id.replace(/\?.*$/, "");
        const result = cache()?.get(fileName, code) ?? (await analyse(fileName, code));
        report(this, result.diagnostics, resolve(root ?? process.cwd()));
        return result.code === undefined ? null : { code: result.code, map: result.map };
      },
    },
    async buildStart() {
      // The session reads the tsconfig while the bundler resolves its entries.
      if (analysesAhead()) await session();
    },
    async watchChange(id) {
      kept?.forget(id.replace(/\?.*$/, ""));
      (await analysis)?.invalidate(id.replace(/\?.*$/, ""));
    },
    async buildEnd() {
      // In watch mode the session (its parsed declarations, its program) serves the next rebuild.
      if ((this as { meta?: { watchMode?: boolean } }).meta?.watchMode) return;
      const ending = analysis;
      analysis = undefined;
      (await ending)?.close();
    },
    vite: {
      configResolved(config: { root: string }) {
        root ??= config.root;
        warmIfAnalysing();
      },
    },
  };
};

/** What decides a result besides the source, the transformer's code and TypeScript's version. */
function cacheSalt(options: XcsJitPluginOptions, root: string | undefined): string {
  return JSON.stringify({ strict: options.strict ?? false, tsconfig: options.tsconfig ?? null, root: resolve(root ?? process.cwd()) });
}

function report(context: UnpluginContext, diagnostics: readonly XcsDiagnostic[], root: string): void {
  const message = (d: XcsDiagnostic) => ({
    message: formatDiagnostic(d, root),
    id: d.file,
    loc: { file: d.file, line: d.line, column: d.column },
  });
  deliver(diagnostics, {
    warn: (d) => context.warn(message(d)),
    fail: (errors) => context.error({ ...message(errors[0]!), message: errors.map((d) => formatDiagnostic(d, root)).join("\n") }),
  });
}

export const xcsJit = createUnplugin(unpluginFactory);
