/**
 * The messages between a bundler's thread and the analysis worker. Everything crosses by
 * structured clone: options, source text, and results whose source map is plain data.
 */
import type { XcsDiagnostic } from "../../diagnostics/collector.js";
import type { Reads } from "../../resolve/module-index.js";
import type { SourceCompilerOptions } from "../source-compiler.js";

/** What a session is opened with: the serializable part of the compiler options. */
export type SessionOptions = Pick<SourceCompilerOptions, "tsconfig" | "root" | "strict" | "throwInPass">;

export type Request =
  | { readonly kind: "open"; readonly session: number; readonly options: SessionOptions }
  | { readonly kind: "transform"; readonly session: number; readonly id: number; readonly fileName: string; readonly code: string }
  | { readonly kind: "invalidate"; readonly session: number; readonly fileName: string }
  | { readonly kind: "close"; readonly session: number };

/** A source map as the bundler accepts it (magic-string's, without its methods). */
export interface PlainSourceMap {
  readonly version: number;
  readonly file?: string;
  readonly sources: string[];
  readonly sourcesContent?: (string | null)[];
  readonly names: string[];
  readonly mappings: string;
}

export interface TransformOutput {
  readonly code?: string;
  readonly map?: PlainSourceMap;
  readonly diagnostics: readonly XcsDiagnostic[];
}

/** A transform as the session returns it: with what it read, when that is all it depends on. */
export interface AnalysedOutput extends TransformOutput {
  readonly reads?: Reads;
}

export type Response =
  | { readonly id: number; readonly output: AnalysedOutput }
  | { readonly id: number; readonly error: string };
