/**
 * `getJitStats` for compiled classes: one record per run of the graph (its duration, whether the
 * graph was built for it and how long that took, its call nodes). Node timings and the
 * concurrency a run reached are the scheduler's to measure; it does not report them yet, so they
 * stay empty rather than being guessed.
 */
import type { Graph } from "../graph/index.js";
import { recordJitRun, speculationCounts, type JitRun } from "../metrics/index.js";

const noSpeculation = speculationCounts({});

/** Counts the graph's call nodes once per graph (a graph is immutable). */
const callCounts = new WeakMap<Graph, number>();

function callsOf(graph: Graph): number {
  let calls = callCounts.get(graph);
  if (calls === undefined) callCounts.set(graph, (calls = graph.nodes.filter((n) => n.kind === "call").length));
  return calls;
}

/**
 * Runs the graph through `run` and records the run when it settles, its outcome passed on
 * unchanged. `buildMs`: how long building the graph for this run took, undefined when cached.
 */
export function recordStructuralRun(op: object, graph: Graph, buildMs: number | undefined, run: () => Promise<unknown>): Promise<unknown> {
  const started = performance.now();
  const running = run();
  const record = (failed: boolean) => {
    const run: JitRun = {
      kind: "structural",
      durationMs: performance.now() - started,
      buildMs: buildMs ?? 0,
      cacheHit: buildMs === undefined,
      calls: callsOf(graph),
      speculation: noSpeculation,
      nodeTimings: [],
      concurrencyReached: 0,
      failed,
    };
    recordJitRun(op, run);
  };
  return running.then(
    (output) => {
      record(false);
      return output;
    },
    (error) => {
      record(true);
      throw error;
    },
  );
}
