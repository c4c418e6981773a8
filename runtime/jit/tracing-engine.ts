/**
 * The tracing JIT's run loop, shared by `@jit` and by `@structuralJit` classes without a usable
 * structure. The first run executes `forward` eagerly and records it; every later run replays the
 * plan speculatively while `forward` runs for real, and relearns the plan whenever the run did
 * not go as predicted. The result is always the one `forward` itself returns.
 */
import { recordJitRun, runsOf, speculationCounts, type JitRun, type NodeTiming, type ReplayedPlan } from "../metrics/index.js";
import type { ForwardContext, Operator } from "../operator.js";
import type { RunOptions } from "../options/index.js";
import { currentInterceptor, withInterceptor } from "../tracing/interception.js";
import { CallNames, ObservingFrame, TracedNodes } from "../tracing/traced-nodes.js";
import { snapshot } from "../tracing/deep-equal.js";
import { isEarlyCall, SpeculativeReplay, type SpeculationReport } from "../tracing/speculation.js";
import { buildPlan, holdBack, type TracePlan } from "../tracing/trace-plan.js";
import { TracerContext } from "../tracing/tracer-context.js";
import { quietSignal, untilAborted } from "../shared-abort.js";
import { withRunScope } from "../options/index.js";
import { slotsOfRun } from "../run-budget.js";
import { stateSignatureOf } from "./graph-cache.js";

export interface TracingJitOptions {
  /**
   * Dispatch traced calls early on later runs (default true). `false`: trace once, then run
   * eagerly. A run's own `speculate` (per call, or `executionOptions`) overrides it.
   */
  readonly speculate?: boolean;
  /** Traced at construction (in the background; the first `invoke` waits for it). */
  readonly sampleInput?: unknown;
}

interface InstanceState {
  plan: TracePlan | undefined;
  /** The instance's `stateSignature()` when the plan was learned: plans are keyed by it, as graphs are. */
  signature: unknown;
  warming: Promise<void> | undefined;
}

/** Keyed by the instance (never an id): the plan goes when the operator goes. */
const states = new WeakMap<object, InstanceState>();

function stateOf(op: object): InstanceState {
  let state = states.get(op);
  if (!state) states.set(op, (state = { plan: undefined, signature: undefined, warming: undefined }));
  return state;
}

/** The plan the instance's next run will replay, if it has traced. */
export function tracePlanOf(op: object): TracePlan | undefined {
  return states.get(op)?.plan;
}

/**
 * Traces `sampleInput` a microtask from now (once construction is over, so subclass fields
 * exist), so the first real call already replays; it waits for this trace. Failures only show in
 * the metrics.
 */
export function warmUp(op: Operator<any, any>, sampleInput: unknown): void {
  const state = stateOf(op);
  const ctx: ForwardContext = { signal: quietSignal() };
  const warming = Promise.resolve()
    .then(() => traceOrReplay(op, state, sampleInput, ctx, { scheduler: "auto" }, {}))
    .then(
      () => undefined,
      () => undefined,
    );
  state.warming = warming;
  void warming.then(() => {
    if (state.warming === warming) state.warming = undefined;
  });
}

export function runTraced(
  op: Operator<any, any>,
  inputs: unknown,
  ctx: ForwardContext,
  run: RunOptions,
  options: TracingJitOptions,
): Promise<unknown> {
  const state = stateOf(op);
  // Not `async`: returning the run's own promise spares every jitted call a promise and the
  // microtask turns an `async` wrapper takes to adopt it, at each level of nesting.
  if (state.warming) return state.warming.then(() => traceOrReplay(op, state, inputs, ctx, run, options));
  return traceOrReplay(op, state, inputs, ctx, run, options);
}

/**
 * A replaying run dispatched early (a nested jitted operator its parent's replay started ahead)
 * starts its `forward` one microtask late: every early call of the parent's replay, and of the
 * runs nested in them, is then out before any `forward` does its bookkeeping, which overlaps
 * them instead of delaying the ones dispatched after it. Such a run performs no effects (an early
 * call refuses them), so only when its `forward` starts moves, never what anyone observes. A run
 * user code started begins `forward` at once, as eager does: its first statements (an effect, a
 * log line) come before the caller's next ones.
 */
const afterDispatch = Promise.resolve();

async function traceOrReplay(
  op: Operator<any, any>,
  state: InstanceState,
  inputs: unknown,
  ctx: ForwardContext,
  run: RunOptions,
  options: TracingJitOptions,
): Promise<unknown> {
  const signature = stateSignatureOf(op);
  // A plan learned under another state predicts the inputs that state gave (a persona baked into prompts).
  const plan = Object.is(signature, state.signature) ? state.plan : undefined;
  const started = performance.now();
  const speculate = run.speculate ?? options.speculate;
  // Left running by a run around it that failed, it calls only what eager reaches: no early calls.
  // Nor one call at a time (`sequential`, a bound of 1): an early call overlaps nothing then, and
  // would only take the slot before a call `forward` makes first, as eager's does under that bound.
  if (plan && (speculate === false || run.scheduler === "sequential" || run.budget?.limit === 1 || run.budget?.over?.aborted)) return runEagerly(op, inputs, ctx, run, started);
  // Taken before `forward` can change it: the next plan learns whether the next run's input differs.
  const runInput = snapshotSafely(inputs);

  const nodes = run.observeNode && new TracedNodes(op, run.observeNode, plan);
  const replay = plan
    ? new SpeculativeReplay(plan, inputs, { signal: ctx.signal, maxConcurrency: run.maxConcurrency, budget: run.budget, nodes })
    : undefined;
  const outer = currentInterceptor();
  const tracer = new TracerContext(inputs, replay, outer, nodes);
  replay?.start();
  let failed = false;
  try {
    if (replay && isEarlyCall(outer)) await afterDispatch;
    const result = await untilAborted(tracer.run(() => forwardInRun(op, inputs, ctx, run)), run.signal);
    tracer.recordResult(result);
    return result;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const report = replay?.finish();
    const durationMs = performance.now() - started;
    const cacheHit = plan !== undefined && report !== undefined && !failed && wentAsPlanned(plan, tracer, report);
    const buildStarted = performance.now();
    // A failed run keeps the plan it had (its trace stops at the failure), minus the trust in
    // what it did not confirm (`untrustedAfterFailure`). An aborted one, whose `forward` may
    // still be running, teaches nothing.
    if (!run.signal?.aborted && failed && plan) {
      state.plan = holdBack(plan, untrustedAfterFailure(plan, tracer, report!));
    } else if (!run.signal?.aborted && !cacheHit) {
      // Recorded just below, with the next number: the plan's positions are that run's calls.
      state.plan = nextPlan(tracer, runInput, plan, report, runsOf(op) + 1);
      state.signature = signature;
    }
    const buildMs = cacheHit ? 0 : performance.now() - buildStarted;
    const replayed = plan && report && replayedPlan(plan, report);
    recordJitRun(op, describeRun(op, replayed ? "replay" : "trace", tracer, report, replayed, { started, durationMs, buildMs, cacheHit, failed }));
  }
}

/**
 * The plan learned from this run. Learning never decides a result, so should it fail (a bug),
 * the run's own outcome stands and the next run simply traces afresh.
 */
function nextPlan(
  tracer: TracerContext,
  runInput: unknown,
  previous: TracePlan | undefined,
  report: SpeculationReport | undefined,
  run: number,
): TracePlan | undefined {
  try {
    return buildPlan(
      tracer,
      runInput,
      previous,
      {
        previousPositionOf: (position) => report?.plannedPositionOf.get(position),
        mispredicted: report?.mispredictedPositions ?? noPositions,
      },
      run,
    );
  } catch {
    return undefined;
  }
}

const noPositions: ReadonlySet<number> = new Set();

/** An input that cannot be copied (a throwing proxy) is compared by identity: never "the same" as another. */
function snapshotSafely(inputs: unknown): unknown {
  try {
    return snapshot(inputs);
  } catch {
    return Symbol("not copied");
  }
}

/** Where a replay's plan came from, and the planned calls whose early call it wasted. */
function replayedPlan(plan: TracePlan, report: SpeculationReport): ReplayedPlan {
  const wasted = [...report.mispredictedPositions].sort((a, b) => a - b).map((position) => ({ position, operator: plan.calls[position]!.operatorName }));
  return { learnedFrom: plan.learnedFrom, wasted };
}

function describeRun(
  op: object,
  kind: "trace" | "replay",
  tracer: TracerContext,
  report: SpeculationReport | undefined,
  replayed: ReplayedPlan | undefined,
  run: { started: number; durationMs: number; buildMs: number; cacheHit: boolean; failed: boolean },
): JitRun {
  const { started, ...figures } = run;
  const names = new CallNames(op); // the paths run events give these calls
  return {
    kind,
    ...figures,
    timed: true,
    calls: tracer.direct.length,
    speculation: speculationCounts(
      report
        ? { dispatched: report.dispatched, hits: report.hits, misses: report.mispredicted, blocked: report.blocked, unused: report.unused, used: report.hits, wasted: report.wastedCalls }
        : {},
    ),
    ...(replayed && { replayed }),
    nodeTimings: tracer.direct.map((r): NodeTiming => ({
      path: names.next(r.operator.deref(), r.operatorName),
      label: r.operatorName,
      start: r.start - started,
      end: (r.end ?? r.start) - started,
      servedEarly: r.servedEarly,
    })),
    concurrencyReached: Math.max(tracer.peakInFlight, report?.peakInFlight ?? 0),
  };
}

/**
 * What a failed run leaves untrusted in the plan it keeps: the early calls it did not use (the
 * same failure again must not waste them again), and every planned call from the first one it
 * did not make in its planned place. Past that point the run went another way than the plan (a
 * loop turned once more, a branch) or never got there; the calls it made later were matched to
 * planned positions by operator alone, so what the plan reads from those positions is another
 * call's output. They wait for `forward` until a trace with another input makes them again, as
 * calls some trace did not make do.
 */
function untrustedAfterFailure(plan: TracePlan, tracer: TracerContext, report: SpeculationReport): ReadonlySet<number> {
  const untrusted = new Set(report.mispredictedPositions);
  let position = 0;
  while (position < plan.calls.length && position < tracer.direct.length && report.plannedPositionOf.get(position) === position) position++;
  for (; position < plan.calls.length; position++) untrusted.add(position);
  return untrusted;
}

/**
 * Every call went to its own planned position, every call that may run early was answered early,
 * and no early call was wasted: the plan has nothing left to learn from this run.
 */
function wentAsPlanned(plan: TracePlan, tracer: TracerContext, report: SpeculationReport): boolean {
  if (tracer.direct.length !== plan.calls.length || report.unused > 0 || report.unplanned > 0) return false;
  if (report.hits !== plan.calls.filter((call) => !call.effects).length) return false;
  return tracer.direct.every((record) => report.plannedPositionOf.get(record.position!) === record.position);
}

/**
 * `forward` with the run's signal and bound scoped around it, so the calls it makes without
 * options (all of them, in code written for eager use) see both.
 */
function forwardInRun(op: Operator<any, any>, inputs: unknown, ctx: ForwardContext, run: RunOptions): Promise<unknown> | unknown {
  if (run.signal === undefined && run.budget === undefined) return op.forward(inputs, ctx);
  if (run.budget === undefined) return withRunScope(ctx.signal, undefined, () => op.forward(inputs, ctx));
  // Bounded: the calls `forward` makes share the run's slots. When it returns, those still waiting
  // (left by a caught failure) start before the run settles, as eager's had begun (`RunSlots`).
  // When it fails, what it made goes on as eager's does (a rejected `Promise.all`'s other members):
  // aborting it would show in their code (a `catch` that logs), but the runs nested in it start
  // nothing ahead of program order from then on (`slotsOfRun`).
  const bounded = slotsOfRun(run.budget);
  return Promise.resolve(withRunScope(ctx.signal, bounded.slots, () => op.forward(inputs, ctx))).then(
    async (result) => {
      const settled = await bounded.slots.whenAllStarted(result);
      bounded.done();
      return settled;
    },
    (error) => {
      bounded.failed();
      bounded.done();
      throw error;
    },
  );
}

async function runEagerly(op: Operator<any, any>, inputs: unknown, ctx: ForwardContext, run: RunOptions, started: number): Promise<unknown> {
  let failed = false;
  const observe = run.observeNode;
  const forward = () => forwardInRun(op, inputs, ctx, run);
  try {
    // Observed, `forward`'s calls are still its nodes, though nothing is traced.
    const running = observe ? withInterceptor(new ObservingFrame(new TracedNodes(op, observe), currentInterceptor()), forward) : Promise.resolve(forward());
    return await untilAborted(running, run.signal);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const run: JitRun = {
      kind: "eager",
      durationMs: performance.now() - started,
      buildMs: 0,
      cacheHit: true,
      calls: 0,
      speculation: speculationCounts({}),
      nodeTimings: [],
      concurrencyReached: 0,
      failed,
      timed: false,
    };
    recordJitRun(op, run);
  }
}
