/**
 * The one severity policy every entry point applies (ts-patch, `createTransformer`, the bundler
 * plugins, `register`, `build`): a suppressed diagnostic (`info`) is never shown, a warning is shown
 * and the build goes on, errors fail it — after every warning of the file was shown, all at once.
 * Entries only say how to show a warning and how to fail.
 */
import type { XcsDiagnostic } from "./collector.js";
import { formatDiagnostic } from "./format.js";

export interface DiagnosticSink {
  warn(diagnostic: XcsDiagnostic): void;
  /** Called once per delivery with every error of it, in source order. */
  fail(errors: readonly XcsDiagnostic[]): void;
}

export function deliver(diagnostics: readonly XcsDiagnostic[], sink: DiagnosticSink): void {
  for (const d of diagnostics) if (d.severity === "warning") sink.warn(d);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) sink.fail(errors);
}

/**
 * Warnings to stderr, errors thrown, all in `tsc`'s one-line form with paths relative to
 * `currentDirectory`: for the entries with no channel of their own (`createTransformer` without
 * `onDiagnostic`, the legacy ts-patch signatures, the `--import` hook, whose thrown error fails the import).
 */
export function printOrThrow(currentDirectory?: string): DiagnosticSink {
  return {
    warn: (d) => void process.stderr.write(`${formatDiagnostic(d, currentDirectory)}\n`),
    fail: (errors) => {
      throw new Error(errors.map((d) => formatDiagnostic(d, currentDirectory)).join("\n"));
    },
  };
}

/** How many of `diagnostics` a build shows, and how many of those are errors (for summaries). */
export function countShown(diagnostics: readonly XcsDiagnostic[]): { shown: number; errors: number } {
  const shown = diagnostics.filter((d) => d.severity !== "info");
  return { shown: shown.length, errors: shown.filter((d) => d.severity === "error").length };
}
