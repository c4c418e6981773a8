import type { ClassRunner } from "../dispatch.js";
import { operatorName, type Operator } from "../operator.js";
import { resolveRun, type SchedulerName } from "../options/index.js";
import { runGraph } from "../scheduler/index.js";
import { classDiagnostics } from "./diagnostics.js";
import type { Explainer } from "./explain.js";
import { explainFallback, runFallback } from "./fallback.js";
import { guardedGraph } from "./structure-guard.js";
import { runSpanAttributes, traceRun } from "./run-span.js";
import { lookUpStructure } from "../builder/index.js";
import { warnNotCompiled } from "./not-compiled-warning.js";
import { recordStructuralRun } from "./structural-stats.js";

/** Options of `@structuralJit(options)`. */
export interface StructuralJitOptions {
  /** The class's default scheduler; `executionOptions` and per-call options override it. */
  readonly strategy?: SchedulerName;
  /** The class's default bound on calls in flight; overridden like `strategy`. */
  readonly maxConcurrency?: number;
  /** Never fall back: an instance without a usable structure rejects instead of running. */
  readonly strict?: boolean;
  /** For instances that run traced (no usable structure): dispatch calls early (default true), like `@jit`'s. */
  readonly speculate?: boolean;
}

/** Raised by a `strict` class that cannot run structurally. */
export class StrictStructuralJitError extends Error {
  override readonly name = "StrictStructuralJitError";
  constructor(
    readonly operator: string,
    readonly reason: string,
    readonly diagnostics: readonly string[],
  ) {
    const listed = diagnostics.map((d) => `\n  ${d}`).join("");
    super(`${operator} is @structuralJit({ strict: true }) but cannot run structurally: ${reason}${listed}`);
  }
}

/**
 * The runner `@structuralJit` registers: the instance's cached graph through the scheduler when
 * it has a structure, the fallback otherwise, in a span when the run asks for `trace`. Options
 * resolve here, once per run.
 */
export function structuralRunner(options: StructuralJitOptions): ClassRunner {
  return (op, inputs, perCall, ctx) => {
    const lookup = lookUpStructure(op);
    let buildMs: number | undefined;
    const built = lookup.found ? guardedGraph(op, (ms) => (buildMs = ms)) : undefined;
    const reason = lookup.found ? built!.failure : lookup.reason;
    if (reason !== undefined && options.strict) {
      return Promise.reject(new StrictStructuralJitError(operatorName(op), reason, classDiagnostics(op)));
    }
    if (!lookup.found) warnNotCompiled(op);
    const run = resolveRun(perCall, options);
    const graph = built?.graph;
    const execute = graph
      ? () => recordStructuralRun(op, graph, buildMs, run, (timedRun) => runGraph(graph, inputs, timedRun))
      : () => runFallback(op, inputs, ctx, built?.asWritten ? { ...run, speculate: false } : run, options);
    return run.trace ? traceRun(op, runSpanAttributes(graph ? "structural" : "fallback", run, graph), execute) : execute();
  };
}

/** How `explain` describes an instance of a `@structuralJit` class. */
export function structuralExplainer(options: StructuralJitOptions): Explainer {
  return (op: Operator<any, any>) => {
    const diagnostics = classDiagnostics(op);
    const lookup = lookUpStructure(op);
    const built = lookup.found ? guardedGraph(op) : undefined;
    if (built?.graph) return { mode: "structural", graph: built.graph, diagnostics };
    const reason = built ? built.failure : lookup.found ? "" : lookup.reason;
    if (options.strict) {
      return { mode: "eager", diagnostics: [...diagnostics, `${reason}; strict: invoke rejects`] };
    }
    const fallback = explainFallback(op);
    const explanation = { mode: fallback.mode, diagnostics: [...diagnostics, `${reason}; ${fallback.reason}`] };
    return fallback.graph ? { ...explanation, graph: fallback.graph } : explanation;
  };
}
