import { isPending, nodeError, nodeOptions, runSyncNode, startNode, type NodeOptions } from "./node-run.js";
import { Graph } from "../graph/index.js";
import { isAsyncKind, planFor, type ExecutionPlan } from "./plan.js";
import { costProfileOf } from "./cost-profile.js";
import { ReadyHeap } from "./ready-heap.js";
import { sharedAbortController, watchAbort } from "../shared-abort.js";
import type { CallBudget } from "../run-budget.js";
import { CallbackLease, type SettleTarget } from "./callback-lease.js";

export interface ParallelSettings {
  /** Most calls and host nodes in flight; Infinity for no bound. */
  readonly limit: number;
  readonly signal: AbortSignal | undefined;
  /** The whole run's bound, shared with nested runs and the calls host nodes make. */
  readonly budget?: CallBudget | undefined;
  /** Record each call's duration in the plan's cost profile (for `auto`). */
  readonly measure: boolean;
}

/** Dependency-driven run: each node starts the moment its inputs exist. */
export function runParallel(plan: ExecutionPlan, input: unknown, settings: ParallelSettings): Promise<unknown> {
  return new Promise((resolve, reject) => new ParallelRun(plan, input, settings, resolve, reject).start());
}

// Node states; 0 (the plan's `zeroes`) is "inputs missing".
const GATED = 1; // inputs present, but an ordered node waits for every earlier unit to succeed
const QUEUED = 2; // admitted, about to run (or waiting in the heap for a slot)
const RUNNING = 3;
const DONE = 4;
const FAILED = 5;

/**
 * Nodes started together share one AbortController (an "epoch"): a controller per node would cost
 * more than the node itself. A failure retires the current epoch, aborting it at once when no node
 * before the failure in program order still runs, else as soon as those settle.
 */
interface Epoch {
  readonly controller: AbortController;
  readonly options: NodeOptions;
}

class ParallelRun implements SettleTarget {
  private readonly values: unknown[];
  // Per-run state in plain arrays copied from the plan: typed arrays would each cost a backing store.
  private readonly pending: number[];
  private readonly status: number[];
  /** FIFO of admitted nodes (each enters it at most once). */
  private readonly queue: number[] = [];
  private head = 0;
  private tail = 0;
  /**
   * Host nodes whose statements awaited nothing and ran to the end when started (their results
   * in `values`): they complete once the pure work queued before them has run, as an awaited host
   * would a microtask later, but in this same turn, so the effects after them start when eager's
   * next statements would (before a caller that is still running synchronously goes on).
   */
  private doneNow: number[] = [];
  private readonly heap: ReadyHeap | undefined;
  private readonly startedAt: Float64Array | undefined;
  private readonly costs: Float64Array | undefined;
  private inFlight = 0;
  /** Calls started and not settled (what holds the callback lease after the run finished). */
  private running = 0;
  private readonly lease: CallbackLease | undefined;
  /** Every node before `prefix` (program order) has succeeded. */
  private prefix = 0;
  /**
   * The failure eager would raise so far: the one in the earliest unit of program order (within
   * an await group, the first in time); `size` while none has failed.
   */
  private failedAt: number;
  /** The start of the failed node's unit: the run fails once every node before it succeeded. */
  private failStart: number;
  /**
   * One past the failed node's unit: nothing at or after it starts any more. The unit's own
   * members still may, because eager's `Promise.all` starts them all together (an effect among
   * them starts when the run reaches the unit, just before it fails).
   */
  private failLimit: number;
  private failure: unknown;
  /** How far each group member (by its first node) has succeeded, for members that have nodes done. */
  private memberProgress: Map<number, number> | undefined;
  private finished = false;
  private epoch: Epoch | undefined;
  private retiring: Epoch[] = [];
  private stopWatching: (() => void) | undefined;
  /** Host nodes run in a scope holding the run's signal and budget when there is one to pass on. */
  private readonly scopeHosts: boolean;

  constructor(
    private readonly plan: ExecutionPlan,
    private readonly input: unknown,
    private readonly settings: ParallelSettings,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    const size = plan.size;
    this.values = new Array(size);
    this.pending = plan.dependencyCount.slice();
    this.status = plan.zeroes.slice();
    this.heap = settings.limit < plan.asyncCount ? new ReadyHeap(size, plan.rank) : undefined;
    this.startedAt = settings.measure ? new Float64Array(size) : undefined;
    this.costs = settings.measure ? costProfileOf(plan).costs : undefined;
    this.failedAt = size;
    this.failStart = size;
    this.failLimit = size;
    this.lease = CallbackLease.acquire(plan, this);
    this.scopeHosts = settings.signal !== undefined || settings.budget !== undefined;
  }

  start(): void {
    const { signal } = this.settings;
    if (signal?.aborted) {
      this.end();
      return this.reject(signal.reason);
    }
    if (signal) this.stopWatching = watchAbort(signal, () => this.abortRun(signal.reason));
    for (let i = 0; i < this.plan.size; i++) if (this.pending[i] === 0) this.ready(i);
    this.drain();
  }

  private ready(i: number): void {
    // An effect waits for every node before its unit: eager's `Promise.all` starts all its calls at once.
    if (this.plan.ordered[i] === 1 && !this.mayStart(i)) this.status[i] = GATED;
    else this.admit(i);
  }

  /**
   * A call starts at once when the run is unbounded, unless pure work is still queued: then it
   * queues behind it, so a pure node that fails is known before any later call starts. Bounded
   * runs park ready calls in the heap and hand out slots once the synchronous work of the moment
   * is done, so every call that became ready together competes on priority. Compute nodes go
   * through the FIFO (no deep recursion).
   */
  private admit(i: number): void {
    this.status[i] = QUEUED;
    if (!isAsyncKind(this.plan.kinds[i]!)) {
      this.queue[this.tail++] = i;
    } else if (this.heap !== undefined) {
      this.heap.push(i);
    } else if (this.head < this.tail) {
      this.inFlight++;
      this.queue[this.tail++] = i;
    } else if (!this.finished) {
      this.inFlight++;
      this.startNode(i);
    }
  }

  private drain(): void {
    do {
      while (this.head < this.tail && !this.finished) {
        const i = this.queue[this.head++]!;
        if (!isAsyncKind(this.plan.kinds[i]!)) {
          if (i < this.failLimit) this.runSync(i);
        } else if (i < this.failLimit) {
          this.startNode(i);
        } else {
          this.inFlight--;
        }
      }
      if (this.heap !== undefined && !this.finished) this.fillSlots();
    } while (this.doneNow.length > 0 && this.completeDoneNow());
  }

  /** Completes the hosts that finished when started; whether the run goes on. */
  private completeDoneNow(): boolean {
    const done = this.doneNow;
    this.doneNow = [];
    for (const i of done) {
      if (this.finished) return false;
      if (this.costs) this.costs[i] = performance.now() - this.startedAt![i]!;
      this.inFlight--;
      this.complete(i, this.values[i]);
    }
    if (this.retiring.length > 0) this.abortRetired();
    return !this.finished;
  }

  /** Gives free slots to the waiting calls with the longest remaining path. */
  private fillSlots(): void {
    const heap = this.heap!;
    while (heap.size > 0 && this.inFlight < this.settings.limit && !this.finished) {
      const next = heap.pop();
      if (next >= this.failLimit) continue;
      this.inFlight++;
      this.startNode(next);
    }
  }

  private runSync(i: number): void {
    let value: unknown;
    try {
      value = runSyncNode(this.plan, i, this.values, this.input);
    } catch (error) {
      return this.fail(i, error);
    }
    this.complete(i, value);
  }

  private startNode(i: number): void {
    this.status[i] = RUNNING;
    const epoch = (this.epoch ??= this.newEpoch());
    if (this.startedAt) this.startedAt[i] = performance.now();
    let started: unknown;
    try {
      started = startNode(this.plan, i, this.values, epoch.options, this.scopeHosts);
    } catch (error) {
      this.inFlight--;
      return this.fail(i, error);
    }
    if (!isPending(started)) {
      this.values[i] = started;
      this.doneNow.push(i);
      return;
    }
    const promise = Promise.resolve(started);
    this.running++;
    if (this.lease !== undefined) {
      promise.then(this.lease.onValue[i], this.lease.onError[i]);
    } else {
      promise.then(
        (value) => this.succeeded(i, value),
        (error) => this.failedAsync(i, error),
      );
    }
  }

  succeeded(i: number, value: unknown): void {
    this.running--;
    if (this.finished) return this.releaseWhenIdle();
    if (this.costs) this.costs[i] = performance.now() - this.startedAt![i]!;
    this.inFlight--;
    this.complete(i, value);
    this.afterSettle();
  }

  failedAsync(i: number, error: unknown): void {
    this.running--;
    if (this.finished) return this.releaseWhenIdle();
    this.inFlight--;
    this.fail(i, error);
    this.afterSettle();
  }

  private afterSettle(): void {
    if (this.retiring.length > 0) this.abortRetired();
    if (this.head < this.tail || this.heap !== undefined || this.doneNow.length > 0) this.drain();
  }

  private complete(i: number, value: unknown): void {
    this.status[i] = DONE;
    this.values[i] = value;
    if (i < this.failLimit) {
      const successors = this.plan.successors[i]!;
      for (let k = 0; k < successors.length; k++) {
        const s = successors[k]!;
        if (--this.pending[s]! === 0 && s < this.failLimit) this.ready(s);
      }
    }
    if (i === this.prefix) this.advancePrefix();
    // Within a group member, the member's next step may now start.
    const member = this.plan.memberStart[i]!;
    if (member >= 0 && !this.finished) {
      const next = this.memberDone(member);
      if (this.status[next] === GATED && this.mayStart(next)) this.admit(next);
    }
  }

  /**
   * An ordered node starts once every node before its unit succeeded (eager's `Promise.all`
   * starts its members together) and, in a member inlined into a group, every earlier node of
   * that member (eager runs the member's steps in order).
   */
  private mayStart(i: number): boolean {
    if (this.prefix < this.plan.unitStart[i]!) return false;
    const member = this.plan.memberStart[i]!;
    return member < 0 || this.memberDone(member) >= i;
  }

  /** The first node of the member starting at `member` that has not succeeded. */
  private memberDone(member: number): number {
    const { memberStart } = this.plan;
    let r = this.memberProgress?.get(member) ?? member;
    while (r < this.plan.size && memberStart[r] === member && this.status[r] === DONE) r++;
    (this.memberProgress ??= new Map()).set(member, r);
    return r;
  }

  private advancePrefix(): void {
    const size = this.plan.size;
    let p = this.prefix;
    while (p < size && this.status[p] === DONE) p++;
    this.prefix = p;
    if (p === size) return this.finish();
    // The prefix reached a unit: its gated members may start (for a lone node, just itself).
    const unit = this.plan.unitStart[p]!;
    for (let j = p; j < size && this.plan.unitStart[j] === unit; j++) if (this.status[j] === GATED && this.mayStart(j)) this.admit(j);
    if (p >= this.failStart) this.failAfterStarting();
  }

  /** The failed unit is reached: what of it eager would start with it has started; now fail. */
  private failAfterStarting(): void {
    this.drain();
    if (!this.finished) this.finishWithFailure();
  }

  private fail(i: number, error: unknown): void {
    this.status[i] = FAILED;
    const start = this.plan.unitStart[i]!;
    // A later unit eager never reaches, or a later failure in the group that already failed.
    if (start >= this.failStart) return;
    this.failedAt = i;
    this.failStart = start;
    let limit = start + 1;
    while (limit < this.plan.size && this.plan.unitStart[limit] === start) limit++;
    this.failLimit = limit;
    this.failure = error;
    this.retireEpoch();
    // Promise.all rejects at once: only the units before the group must have succeeded.
    if (this.prefix >= start) this.failAfterStarting();
  }

  private retireEpoch(): void {
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) this.retiring.push(epoch);
    this.abortRetired();
  }

  /**
   * Aborts the retired epochs once no node before the failure still runs. (Before the first
   * failure there is one epoch, so this waits exactly for the earlier nodes sharing it.)
   */
  private abortRetired(): void {
    for (let j = 0; j < this.failStart; j++) if (this.status[j] === RUNNING) return;
    const reason = this.abortReason();
    for (const epoch of this.retiring) epoch.controller.abort(reason);
    this.retiring = [];
  }

  private abortReason(): DOMException {
    const failed = this.plan.nodes[this.failedAt]!;
    return new DOMException(`aborted: node "${failed.id}" failed, and eager would raise its error`, "AbortError");
  }

  private newEpoch(): Epoch {
    const controller = sharedAbortController();
    return { controller, options: nodeOptions(controller.signal, this.settings.budget) };
  }

  private finish(): void {
    this.end();
    this.resolve(this.values[this.plan.outputIndex]);
  }

  private finishWithFailure(): void {
    this.end();
    // Everything still running comes after the failure.
    const reason = this.abortReason();
    for (const epoch of [this.epoch, ...this.retiring]) epoch?.controller.abort(reason);
    const { signal } = this.settings;
    this.reject(signal?.aborted ? signal.reason : nodeError(this.plan, this.failedAt, this.failure));
  }

  private abortRun(reason: unknown): void {
    if (this.finished) return;
    this.end();
    for (const epoch of [this.epoch, ...this.retiring]) epoch?.controller.abort(reason);
    this.reject(reason);
  }

  private end(): void {
    this.finished = true;
    this.stopWatching?.();
    this.releaseWhenIdle();
  }

  private releaseWhenIdle(): void {
    if (this.running === 0) this.lease?.release(this);
  }
}

/**
 * V8 holds the hidden class of a class's instances only weakly (through map transitions): once
 * every run has ended and a GC runs, it drops the class and, with it, all optimized scheduler code
 * (deopt reason "weak objects"), which made back-to-back runs 3–4× slower. One idle instance
 * keeps the class alive; it is exported because V8 does not retain a module-level constant that
 * nothing reads.
 */
export const shapeKeeper = new ParallelRun(
  planFor(new Graph({ nodes: [{ id: "output", kind: "output", label: "output" }], edges: [], output: "output" })),
  undefined,
  { limit: Infinity, signal: undefined, measure: false },
  () => {},
  () => {},
);
