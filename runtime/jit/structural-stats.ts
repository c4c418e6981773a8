/**
 * `getJitStats` for compiled classes: one record per run of the graph (its duration, whether the
 * graph was built for it and how long that took, its call nodes) and, on timed runs, each call
 * and host node's duration under its path and the most of them in flight at once.
 */
import type { Graph } from "../graph/index.js";
import { recordJitRun, runsOf, speculationCounts, type JitRun, type NodeTiming } from "../metrics/index.js";
import type { RunOptions } from "../options/index.js";
import type { NodeObserver } from "../scheduler/observe.js";
import { bothObservers } from "../telemetry/spans.js";

/**
 * A compiled class's nodes are timed on its first run and every this-many-th after. A timed run
 * goes through the node observer (a copy of the plan, a wrapper, two clock reads and a record per
 * node): with 0 ms nodes it costs 10–20 times an untimed one (`bench/README.md`), so one in 64
 * keeps the average within about a third of an untimed run's (nothing measurable for calls that
 * take milliseconds), while a sample of runs gives the same means for nodes whose cost does not
 * swing from run to run.
 */
export const COMPILED_TIMING_SAMPLE = 64;

const noSpeculation = speculationCounts({});

/** Counts the graph's call nodes once per graph (a graph is immutable). */
const callCounts = new WeakMap<Graph, number>();

function callsOf(graph: Graph): number {
  let calls = callCounts.get(graph);
  if (calls === undefined) callCounts.set(graph, (calls = graph.nodes.filter((n) => n.kind === "call").length));
  return calls;
}

/** Times the nodes of one run through the scheduler's node observer. */
class NodeTimer {
  readonly timings: NodeTiming[] = [];
  private inFlight = 0;
  peak = 0;

  constructor(private readonly started: number) {}

  readonly observe: NodeObserver = (node, start) => {
    const begun = performance.now();
    this.peak = Math.max(this.peak, ++this.inFlight);
    const done = () => {
      this.inFlight--;
      this.timings.push({ path: node.id, label: node.label, start: begun - this.started, end: performance.now() - this.started, servedEarly: false });
    };
    let running: Promise<any>;
    try {
      running = start();
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(
      (value) => {
        done();
        return value;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  };
}

/**
 * Runs the graph through `execute` (with `run`, plus a node timer on timed runs) and records the
 * run when it settles, its outcome passed on unchanged. `buildMs`: how long building the graph
 * for this run took, undefined when cached.
 */
export function recordStructuralRun(
  op: object,
  graph: Graph,
  buildMs: number | undefined,
  run: RunOptions,
  execute: (run: RunOptions) => Promise<unknown>,
): Promise<unknown> {
  const started = performance.now();
  const timed = runsOf(op) % COMPILED_TIMING_SAMPLE === 0;
  const timer = timed ? new NodeTimer(started) : undefined;
  // The timer sits inside the run's own observer, so it times the node, not the events about it.
  const observeNode = timer && (run.observeNode ? bothObservers(run.observeNode, timer.observe) : timer.observe);
  const running = execute(observeNode ? { ...run, observeNode } : run);
  const record = (failed: boolean) => {
    const run: JitRun = {
      kind: "structural",
      durationMs: performance.now() - started,
      buildMs: buildMs ?? 0,
      cacheHit: buildMs === undefined,
      calls: callsOf(graph),
      speculation: noSpeculation,
      nodeTimings: timer?.timings ?? [],
      concurrencyReached: timer?.peak ?? 0,
      failed,
      timed,
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
