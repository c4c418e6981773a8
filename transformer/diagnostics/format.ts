/** Diagnostics as text, in `tsc`'s one-line form; free of TypeScript, so a bundler's thread can print what the worker found. */
import type { XcsDiagnostic } from "./collector.js";

/** `src/a.ts:12:5 - warning XCS1003: message`, the path relative to `currentDirectory` when under it. */
export function formatDiagnostic(d: XcsDiagnostic, currentDirectory?: string): string {
  const file = currentDirectory && d.file.startsWith(currentDirectory) ? d.file.slice(currentDirectory.length).replace(/^[\\/]/, "") : d.file;
  return `${file}:${d.line}:${d.column} - ${d.severity} ${d.code}: ${d.message}`;
}
