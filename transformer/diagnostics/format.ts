/** Diagnostics as text, in `tsc`'s one-line form; free of TypeScript, so a bundler's thread can print what the worker found. */
import type { XcsDiagnostic } from "./collector.js";

/** `src/a.ts:12:5 - warning XCS1003: message`, the path relative to `currentDirectory` when under it. */
export function formatDiagnostic(d: XcsDiagnostic, currentDirectory?: string): string {
  const file = currentDirectory && d.file.startsWith(currentDirectory) ? d.file.slice(currentDirectory.length).replace(/^[\\/]/, "") : d.file;
  return `${file}:${d.line}:${d.column} - ${d.severity} ${d.code}: ${d.message}`;
}

/**
 * The text of a diagnostic handed to a compiler that prints it itself as `error TS<number>:
 * <text>` (ts-patch's `addDiagnostic`): the XCS code leads, so the line reads as xcs-jit's.
 */
export function compilerMessageText(d: XcsDiagnostic): string {
  return `${d.code} (xcs-jit, ${d.title}): ${d.message}`;
}

/**
 * The number `tsc` prints after `TS` for an XCS diagnostic: 90000 plus the XCS number (XCS1001 is
 * TS91001), outside the range of TypeScript's own errors so it is never read as one of them.
 */
export function compilerCode(d: XcsDiagnostic): number {
  return 90000 + Number(d.code.slice(3));
}
