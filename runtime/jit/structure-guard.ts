import type { Graph } from "../graph/index.js";
import { operatorName } from "../operator.js";
import { graphFor, stateSignatureOf } from "./graph-cache.js";
import { NeedsRunTime } from "../builder/build-state.js";

/**
 * The safety net under compiled structures: a structure that throws while it builds, or builds
 * an invalid graph, must not make the program fail *because* it was compiled. The instance then
 * runs through the tracing JIT (results stay eager's), `explain` says why, a `strict` class
 * rejects instead, and the first failure of each class is reported once as a process warning.
 * Failures are remembered per instance and state signature, so a failing build is not retried
 * on every call, and is retried when the state changes.
 */
const failures = new WeakMap<object, { readonly signature: unknown; readonly message: string; readonly asWritten?: boolean }>();
/** Classes already warned of, for each warning (a bug to report, or a structure an instance cannot use). */
const warned = new WeakSet<object>();
const warnedNeedsRunTime = new WeakSet<object>();

/** `asWritten`: the tracing JIT must not make the instance's calls early (`NeedsRunTime`). */
export type GraphOrFailure = { readonly graph: Graph; readonly failure?: undefined } | { readonly graph?: undefined; readonly failure: string; readonly asWritten?: boolean };

export function guardedGraph(op: object, onBuild?: (ms: number) => void): GraphOrFailure {
  const known = failures.get(op);
  const signature = stateSignatureOf(op);
  if (known && Object.is(known.signature, signature)) return { failure: known.message, asWritten: known.asWritten };
  try {
    return { graph: graphFor(op, onBuild) };
  } catch (error) {
    if (error instanceof NeedsRunTime) {
      // Expected for this instance (its operators decide it): said once per class, not reported as a bug.
      const how = error.asWritten ? "its forward as written (no call made early)" : "the tracing JIT instead, with eager's results";
      const message = `its compiled structure cannot be built for this instance: ${error.message}; it runs ${how}`;
      failures.set(op, { signature, message, asWritten: error.asWritten });
      // The inlined operator the reason is about, called on its own later, builds no graph either.
      const about = error.about;
      if (about !== undefined && about !== op && !failures.has(about)) failures.set(about, { signature: stateSignatureOf(about), message, asWritten: error.asWritten });
      if (!warnedNeedsRunTime.has(op.constructor)) {
        warnedNeedsRunTime.add(op.constructor);
        process.emitWarning(`${operatorName(op)}: ${message} (explain(op) says the same).`, { code: "XCS_STRUCTURE_NEEDS_RUN_TIME" });
      }
      return { failure: message, asWritten: error.asWritten };
    }
    const message = `its compiled structure failed to build the graph (${error instanceof Error ? error.message : String(error)})`;
    failures.set(op, { signature, message });
    if (!warned.has(op.constructor)) {
      warned.add(op.constructor);
      process.emitWarning(`${operatorName(op)}: ${message}; it runs through the tracing JIT instead, with eager's results. Please report this.`,
        { code: "XCS_STRUCTURE_FAILED" });
    }
    return { failure: message };
  }
}
