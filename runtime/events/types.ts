import type { UsageReport } from "../models/usage.js";

/** What the model calls a node made used (the calls of nodes nested in it count there instead). */
export interface NodeUsage {
  readonly requests: number;
  readonly failures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** US dollars; `undefined` when no call had a price. */
  readonly costUsd: number | undefined;
  /** Calls answered from a model cache (counted in no other field). */
  readonly cacheHits: number;
}

/**
 * What `op.stream` reports, in the order it happens. Paths are node ids, nested runs' under their
 * node's (`drafts/units.3`); the operator is its name (or a host node's label).
 */
export type RunEvent<Out = unknown> =
  | { readonly type: "run-started"; readonly operator: string }
  | { readonly type: "node-started"; readonly path: string; readonly operator: string }
  | {
      readonly type: "node-finished";
      readonly path: string;
      readonly operator: string;
      readonly durationMs: number;
      /** Present when the node made model calls. */
      readonly usage?: NodeUsage;
    }
  | {
      readonly type: "node-failed";
      readonly path: string;
      readonly operator: string;
      readonly durationMs: number;
      readonly error: unknown;
      readonly usage?: NodeUsage;
    }
  /**
   * Comes just before `run-failed`, for each node that had started and not settled one event-loop
   * turn after the run failed (aborted, or on another node's error): it ignored its signal and is
   * left to finish in the background, its outcome dropped. A model call there still costs.
   */
  | { readonly type: "node-left-running"; readonly path: string; readonly operator: string; readonly durationMs: number }
  /** A piece of a model's answer, as it streams; `path` is the node that called the model. */
  | { readonly type: "text-delta"; readonly path: string; readonly delta: string }
  | { readonly type: "output"; readonly value: Out; readonly usage: UsageReport }
  /** The last event of a failed run (the iteration then throws `error`): what it used until then. */
  | { readonly type: "run-failed"; readonly error: unknown; readonly usage: UsageReport | undefined };
