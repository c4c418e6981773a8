/**
 * Per-operator metrics of the JITs, kept beside the instance (WeakMap: released with it) and
 * read with `getJitStats(op)`. Runs report through `recordJitRun`; nothing here is on a hot path
 * (one update per run, never per node).
 */

export interface NodeTiming {
  /** The node's path, as run events name it (`members.0`, `ensemble/judge`, `unit#2`). */
  readonly path: string;
  readonly label: string;
  /** Milliseconds from the start of the run. */
  readonly start: number;
  readonly end: number;
  /** Answered by a call dispatched early. */
  readonly servedEarly: boolean;
}

export interface SpeculationCounts {
  /** Calls dispatched early, before `forward` reached them. */
  readonly dispatched: number;
  /** Early calls whose result `forward` used (the same figure as `hits`). */
  readonly used: number;
  /**
   * Calls eager would not have made: those of the early calls whose result was not used (`unused`),
   * one for a leaf and, for an operator that makes calls of its own (a nested structure), the
   * calls its early run made.
   */
  readonly wasted: number;
  readonly hits: number;
  /** Early calls whose prediction was wrong. */
  readonly misses: number;
  /** Early calls stopped because they reached an operator declaring effects. */
  readonly blocked: number;
  /** Early calls made whose result was not used (misses + blocked). */
  readonly unused: number;
}

/** A planned call, as a replay names it: its place in the run the plan was learned from. */
export interface PlannedCallRef {
  /** Its index among `forward`'s calls in that run (0 is the first call). */
  readonly position: number;
  /** The operator that call went to (`name`, else the class name). */
  readonly operator: string;
}

/** What a replay ran on: where its plan came from, and which planned calls wasted an early call. */
export interface ReplayedPlan {
  /** The run whose trace the plan was learned from, numbered as `JitStats.runs` counts runs (1 is the first). */
  readonly learnedFrom: number;
  /**
   * The planned calls whose early call was wasted (`speculation.unused` of them: a planned call
   * is dispatched early at most once a run), by position.
   */
  readonly wasted: readonly PlannedCallRef[];
}

/** One run, as it reports itself. */
export interface JitRun {
  /**
   * `trace`: forward ran eagerly and was recorded; `replay`: with speculation; `eager`: neither;
   * `structural`: the compiled graph ran through the scheduler.
   */
  readonly kind: "trace" | "replay" | "eager" | "structural";
  readonly durationMs: number;
  /** Time spent turning the run's trace into the next run's plan, or building the graph. */
  readonly buildMs: number;
  /** The plan the run started with predicted every call (nothing to relearn), or the graph was cached. */
  readonly cacheHit: boolean;
  readonly calls: number;
  readonly speculation: SpeculationCounts;
  /** Replays only (`kind: "replay"`): the plan replayed and where its early calls were wasted. */
  readonly replayed?: ReplayedPlan;
  readonly nodeTimings: readonly NodeTiming[];
  /** Most calls in flight at once. */
  readonly concurrencyReached: number;
  readonly failed: boolean;
  /**
   * Whether the run's nodes were timed (its `nodeTimings` and `concurrencyReached` are
   * measured): every traced or replayed run; compiled runs on a sample (see `getJitStats`).
   */
  readonly timed: boolean;
}

/** What the timed runs measured of one node path. */
export interface NodeStats {
  /** Times the node ran, over the timed runs. */
  readonly count: number;
  readonly totalMs: number;
  readonly meanMs: number;
}

export interface JitStats {
  readonly runs: number;
  readonly traceMs: number;
  readonly buildMs: number;
  readonly executionMs: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  readonly speculation: SpeculationCounts;
  readonly concurrencyReached: number;
  readonly lastRun: JitRun | undefined;
  /** Runs whose nodes were timed: what `nodes` and `concurrencyReached` are measured over. */
  readonly timedRuns: number;
  /** By node path, how often the node ran and how long it took, over the timed runs. */
  readonly nodes: Readonly<Record<string, NodeStats>>;
}

const noSpeculation: SpeculationCounts = Object.freeze({ dispatched: 0, used: 0, wasted: 0, hits: 0, misses: 0, blocked: 0, unused: 0 });

const emptyStats: JitStats = Object.freeze({
  runs: 0,
  traceMs: 0,
  buildMs: 0,
  executionMs: 0,
  cacheHits: 0,
  cacheMisses: 0,
  speculation: noSpeculation,
  concurrencyReached: 0,
  lastRun: undefined,
  timedRuns: 0,
  nodes: Object.freeze({}),
});

const statsByOperator = new WeakMap<object, JitStats>();

export function recordJitRun(op: object, run: JitRun): void {
  const before = statsByOperator.get(op) ?? emptyStats;
  statsByOperator.set(op, {
    runs: before.runs + 1,
    traceMs: before.traceMs + (run.kind === "trace" ? run.durationMs : 0),
    buildMs: before.buildMs + run.buildMs,
    executionMs: before.executionMs + (run.kind === "trace" ? 0 : run.durationMs),
    cacheHits: before.cacheHits + (run.cacheHit ? 1 : 0),
    cacheMisses: before.cacheMisses + (run.cacheHit ? 0 : 1),
    speculation: addCounts(before.speculation, run.speculation),
    concurrencyReached: Math.max(before.concurrencyReached, run.concurrencyReached),
    lastRun: run,
    timedRuns: before.timedRuns + (run.timed ? 1 : 0),
    nodes: before.nodes, // read from the node table by `getJitStats`
  });
  if (run.nodeTimings.length > 0) addTimings(op, run.nodeTimings);
}

/**
 * Per operator, the sums by node path, added to in place (a run adds one entry per node, never
 * copies the table) and turned into `JitStats.nodes` when read, at most once per change.
 */
const nodeTables = new WeakMap<object, { sums: Map<string, { count: number; totalMs: number }>; view: Readonly<Record<string, NodeStats>> | undefined }>();

function addTimings(op: object, timings: readonly NodeTiming[]): void {
  let table = nodeTables.get(op);
  if (!table) nodeTables.set(op, (table = { sums: new Map(), view: undefined }));
  for (const { path, start, end } of timings) {
    const sum = table.sums.get(path);
    if (sum) {
      sum.count++;
      sum.totalMs += end - start;
    } else table.sums.set(path, { count: 1, totalMs: end - start });
  }
  table.view = undefined;
}

function nodesOf(op: object): Readonly<Record<string, NodeStats>> | undefined {
  const table = nodeTables.get(op);
  if (!table) return undefined;
  table.view ??= Object.freeze(Object.fromEntries([...table.sums].map(([path, { count, totalMs }]) => [path, { count, totalMs, meanMs: totalMs / count }])));
  return table.view;
}

/** How many runs the operator has recorded (what samples are taken by, without building its stats). */
export function runsOf(op: object): number {
  return statsByOperator.get(op)?.runs ?? 0;
}

/**
 * The operator's metrics so far (all zero before its first run through a JIT). Traced runs time
 * every node; compiled runs time theirs on the first run and every `COMPILED_TIMING_SAMPLE`-th
 * run after it, because a timed run of 0 ms nodes costs 10–20 times an untimed one.
 */
export function getJitStats(op: object): JitStats {
  const stats = statsByOperator.get(op) ?? emptyStats;
  const nodes = nodesOf(op);
  return nodes ? { ...stats, nodes } : stats;
}

export function speculationCounts(counts: Partial<SpeculationCounts>): SpeculationCounts {
  return { ...noSpeculation, ...counts };
}

function addCounts(a: SpeculationCounts, b: SpeculationCounts): SpeculationCounts {
  return {
    dispatched: a.dispatched + b.dispatched,
    used: a.used + b.used,
    wasted: a.wasted + b.wasted,
    hits: a.hits + b.hits,
    misses: a.misses + b.misses,
    blocked: a.blocked + b.blocked,
    unused: a.unused + b.unused,
  };
}
