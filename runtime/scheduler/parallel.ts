import { isPromiseLike, nodeError, nodeOptions, readsChanged, runSyncNode, startAsyncNode, type NodeOptions } from "./node-run.js";
import { Graph } from "../graph/index.js";
import { CALL, inGroupAt, isAsyncKind, memberAt, planFor, unreadAfterFailure, type ExecutionPlan } from "./plan.js";
import { costProfileOf } from "./cost-profile.js";
import { ReadyHeap } from "./ready-heap.js";
import { nextTurn, sharedAbortController, watchAbort } from "../shared-abort.js";
import { AheadOfOrder, RETRACTED, slotsOfRun, type CallBudget } from "../run-budget.js";
import { CallbackLease, type SettleTarget } from "./callback-lease.js";

export interface ParallelSettings {
  /** Most calls in flight; Infinity for no bound. Host nodes hold no slot: the calls they make take the budget's. */
  readonly limit: number;
  readonly signal: AbortSignal | undefined;
  /** The whole run's bound, shared with nested runs and the calls host nodes make. */
  readonly budget?: CallBudget | undefined;
  /** Record each call's duration in the plan's cost profile (for `auto`). */
  readonly measure: boolean;
  /** Calls and host nodes run as a driver's steps (`startSteppedRun`). */
  readonly steps?: NodeSteps;
}

/**
 * How a run's calls and host nodes start and settle when a driver runs them as steps of its own
 * (a durable run's journaled steps): `start` makes node `i`'s step, `watch` hands it to the
 * driver, which reports each step's settling to the run (`succeeded`, `failedAsync`) in an order
 * it controls, so a replay makes the same choices. Such a run holds nothing to the end of a turn
 * (`plan.waitsForHosts`): a timer is an order the driver does not see.
 */
export interface NodeSteps {
  start(i: number, values: unknown[], options: NodeOptions): PromiseLike<unknown>;
  watch(i: number, step: PromiseLike<unknown>): void;
}

/** Dependency-driven run: each node starts the moment its inputs exist. */
export function runParallel(plan: ExecutionPlan, input: unknown, settings: ParallelSettings): Promise<unknown> {
  return new Promise((resolve, reject) => new ParallelRun(plan, input, settings, resolve, reject).start());
}

/**
 * A run whose calls and host nodes are `settings.steps`, under the same rules: it starts what is
 * ready now and then only when the driver reports a step settled to the returned target; `end`
 * hears its value or error once (a step may still run then: one eager's code left running).
 */
export function startSteppedRun(
  plan: ExecutionPlan, input: unknown, settings: ParallelSettings & { readonly steps: NodeSteps }, end: { resolve(value: unknown): void; reject(error: unknown): void },
): SettleTarget {
  const run = new ParallelRun(plan, input, settings, end.resolve, end.reject);
  run.start();
  return run;
}

// Node states; 0 (the plan's `zeroes`) is "inputs missing".
const GATED = 1; // inputs present, but an ordered node waits for every earlier unit to succeed
const QUEUED = 2; // admitted, about to run (or waiting in the heap for a slot)
const RUNNING = 3;
const DONE = 4;
const FAILED = 5;

/** The unit of its member that `failure` is a failure of (the node itself, or a nested group). */
function unitOf(failure: MemberFailure): number {
  return failure.levels[3 * failure.level + 2]!;
}

/** The first node of the member holding `failure` at its level (-1: a member by itself). */
function memberOf(failure: MemberFailure): number {
  return failure.levels[3 * failure.level + 1]!;
}

/** A member: its level of nesting and its first node (members of two levels may start at one node). */
function memberKey(failure: MemberFailure): string {
  return `${failure.level}:${memberOf(failure)}`;
}

/** What an ordered node waits for (`blockerOf`), besides an inlined member's first node. */
const NONE = -2;
const PREFIX = -1;
/** The end of the current turn: see `plan.waitsForHosts`. */
const TURN = -3;

/**
 * Nodes started together share one AbortController (an "epoch"): a controller per node would cost
 * more than the node itself. A failure retires the current epoch, aborting it at once when no node
 * before the failure in program order still runs, else as soon as those settle.
 */
interface Epoch {
  readonly controller: AbortController;
  readonly options: NodeOptions;
  /** For a pure call started ahead of program order in a run a failure around it may leave running. */
  aheadOfOrder?: NodeOptions;
}

/** A failure inside an inlined group member, on its way out through the levels of nesting. */
interface MemberFailure {
  /** The failed node's `plan.levels`, and the level the failure is at. */
  readonly levels: Int32Array;
  readonly level: number;
  readonly node: number;
  readonly error: unknown;
  /** The member reached the unit: its group has been told. */
  reached: boolean;
}

class ParallelRun implements SettleTarget {
  private readonly values: unknown[];
  // Per-run state in plain arrays copied from the plan: typed arrays would each cost a backing store.
  private readonly pending: number[];
  private readonly status: number[];
  /** FIFO of admitted compute and output nodes (each enters it at most once). */
  private readonly queue: number[] = [];
  private head = 0;
  private tail = 0;
  /**
   * Calls and host nodes admitted while the synchronous work of the moment runs: they start
   * once it is done, in eager's order (`plan.startRank`), as eager starts what it reaches at one
   * moment (a tie on the clock then settles in eager's order too).
   */
  private readonly starts: number[] = [];
  private startHead = 0;
  private startTail = 0;
  private startsInOrder = true;
  /** Ordered nodes waiting for an inlined member's earlier steps, by that member's first node. */
  private waiting: Map<number, number[]> | undefined;
  /**
   * Ordered nodes held to the end of the turn (`plan.waitsForHosts`), and the units (by start)
   * whose turn has ended since: a host of theirs still running then waits for something that
   * takes time, so nothing of theirs is held again.
   */
  private turnEnd: Set<number> | undefined;
  private pastTurn: Set<number> | undefined;
  private readonly heap: ReadyHeap | undefined;
  private readonly startedAt: Float64Array | undefined;
  private readonly costs: Float64Array | undefined;
  /** Calls holding a slot of a bounded run (`heap`); host nodes hold none. */
  private inFlight = 0;
  /** Calls started and not settled (what holds the callback lease after the run finished). */
  private running = 0;
  private readonly lease: CallbackLease | undefined;
  /** Every node before `prefix` (program order) has succeeded. */
  private prefix = 0;
  /** Calls started without `await` that the prefix passed while they ran (`passesRunning`). */
  private passed: number[] | undefined;
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
  /** How far each inlined group member (by its first node) has succeeded: its first node not done. */
  private progress: Map<number, number> | undefined;
  /**
   * The failure of each member that has one (its earliest failing unit), and whether the member
   * reached it; by level and first node (`memberKey`): an operator inlined as the first member of a
   * group nested at the start of another member starts where that member does.
   */
  private memberFailures: Map<string, MemberFailure> | undefined;
  /** The run's promise has settled. */
  private finished = false;
  /**
   * Nothing more starts or is looked at: the run settled, except after a failure, when the failed
   * group's other members go on as eager's do (a rejected `Promise.all` leaves them running, and
   * their later steps run when their awaits end), until the caller aborts (`leaveGroupRunning`).
   */
  private halted = false;
  /**
   * Pure calls the failure aborted in a member that goes on (`settleContinuing`): each starts again
   * when eager's member reaches it.
   */
  private restart: Set<number> | undefined;
  private epoch: Epoch | undefined;
  /**
   * The signal of pure calls in a member with later steps (`plan.continuesMember`): a failure
   * decides once what of them goes on (`settleContinuing`), so a successful run pays nothing more
   * for them than for any pure call.
   */
  private continuing: Epoch | undefined;
  /**
   * The signal of ordered nodes (host nodes, effectful calls): a failure does not abort them. They
   * run only once every earlier unit succeeded, so one still running at a failure is one eager
   * started beside the failing call and leaves running when its `Promise.all` rejects; its code
   * could observe an abort (a `catch` that logs, a `finally`). Aborted when the run is.
   */
  private kept: Epoch | undefined;
  private retiring: Epoch[] = [];
  private stopWatching: (() => void) | undefined;
  /** Host nodes run in a scope holding the run's signal and budget when there is one to pass on. */
  private readonly scopeHosts: boolean;
  /**
   * Once a run around this one failed and left it running (`budget.over`), this run starts nothing
   * ahead of program order: a pure node starts when eager would reach it, as an ordered one does.
   * Eager's code left running makes only the calls it reaches; an early one would be waste.
   */
  private inOrder = false;
  private stopWatchingOver: (() => void) | undefined;
  /** The ordered nodes' budget, carrying this run's failure to what it leaves running (`slotsOfRun`). */
  private leftRunning: ReturnType<typeof slotsOfRun> | undefined;

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
    this.heap = settings.limit < plan.callCount ? new ReadyHeap(size, plan.slotRank) : undefined;
    this.startedAt = settings.measure ? new Float64Array(size) : undefined;
    this.costs = settings.measure ? costProfileOf(plan).costs : undefined;
    this.failedAt = size;
    this.failStart = size;
    this.failLimit = size;
    this.lease = settings.steps === undefined ? CallbackLease.acquire(plan, this) : undefined;
    this.scopeHosts = settings.signal !== undefined || settings.budget !== undefined;
  }

  start(): void {
    const { signal } = this.settings;
    if (signal?.aborted) {
      this.end();
      return this.reject(signal.reason);
    }
    // After a failure, the ordered nodes it left running still hear the caller's abort (`kept`).
    if (signal) this.stopWatching = watchAbort(signal, () => (this.finished ? this.abortLeftRunning(signal.reason) : this.abortRun(signal.reason)));
    const over = this.settings.budget?.over;
    if (over?.aborted) this.inOrder = true;
    else if (over) this.stopWatchingOver = watchAbort(over, () => this.enterProgramOrder());
    for (let i = 0; i < this.plan.size; i++) if (this.pending[i] === 0) this.ready(i);
    this.drain();
  }

  private ready(i: number): void {
    // An effect waits for every node before its unit: eager's `Promise.all` starts all its calls at once.
    // So does a synchronous node reading what an earlier effect may have changed (a call is looked
    // at when it would start: `startNode`, once the synchronous work of the moment has run).
    if (this.plan.ordered[i] === 1 || (this.inOrder && isAsyncKind(this.plan.kinds[i]!)) || (!isAsyncKind(this.plan.kinds[i]!) && this.readsChanged(i))) this.gate(i);
    else this.admit(i);
  }

  /** A run around this one failed and left it running: see `inOrder`. */
  private enterProgramOrder(): void {
    this.inOrder = true;
  }

  /**
   * Unbounded runs start a call or host node once the synchronous work of the moment is done (so a
   * pure node that fails is known before any later call starts), those of one moment in eager's
   * order (`plan.startRank`). Bounded runs park ready calls in the heap and hand out slots then, so
   * every call that became ready together competes on priority; a host node starts as in an
   * unbounded run (it holds no slot: eager's code runs while its calls wait for theirs). Compute
   * nodes go through the FIFO (no deep recursion).
   */
  private admit(i: number): void {
    this.status[i] = QUEUED;
    const kind = this.plan.kinds[i]!;
    if (!isAsyncKind(kind)) {
      this.queue[this.tail++] = i;
    } else if (this.heap !== undefined && kind === CALL) {
      this.heap.push(i);
    } else {
      const rank = this.plan.startRank;
      if (this.startTail > this.startHead && rank[this.starts[this.startTail - 1]!]! > rank[i]!) this.startsInOrder = false;
      this.starts[this.startTail++] = i;
    }
  }

  /**
   * Runs the synchronous work of the moment, then starts what it admitted, then (bounded) hands
   * free slots to the waiting calls; a host node that returns at once makes more synchronous
   * work, run before the next start. Re-entrant: one cursor.
   */
  private drain(): void {
    while (!this.halted) {
      if (this.head < this.tail) {
        const i = this.queue[this.head++]!;
        if (i < this.failLimit) this.runSync(i);
        continue;
      }
      if (this.startHead < this.startTail) {
        if (!this.startsInOrder) this.sortStarts();
        if (this.heap !== undefined && this.slotBefore(this.heap, this.starts[this.startHead]!)) continue;
        const i = this.starts[this.startHead++]!;
        if (this.startHead === this.startTail) this.startHead = this.startTail = 0;
        if (i < this.failLimit) this.startNode(i);
        continue;
      }
      if (this.heap === undefined || !this.startFromHeap(this.heap)) break;
    }
  }

  /** A call started from the heap gives its slot back (host nodes and unbounded runs hold none). */
  private releaseSlot(i: number): void {
    if (this.heap !== undefined && this.plan.kinds[i] === CALL) this.inFlight--;
  }

  private sortStarts(): void {
    const rank = this.plan.startRank;
    const waiting = this.starts.slice(this.startHead, this.startTail).sort((a, b) => rank[a]! - rank[b]!);
    for (let k = 0; k < waiting.length; k++) this.starts[this.startHead + k] = waiting[k]!;
    this.startsInOrder = true;
  }

  /**
   * Before host node `host` starts in a bounded run: a call of the same moment that eager's code
   * makes before it (earlier in `plan.startRank`) takes a free slot first, as eager's `invoke`
   * takes one at once (its `forward` begins before the host's code runs); the one with the longest
   * remaining path, as `startFromHeap` picks. True when one started.
   */
  private slotBefore(heap: ReadyHeap, host: number): boolean {
    if (heap.size === 0 || this.inFlight >= this.settings.limit) return false;
    const rank = this.plan.startRank;
    const next = heap.popFirst((call) => rank[call]! < rank[host]!);
    if (next < 0) return false;
    if (next >= this.failLimit) return true;
    this.inFlight++;
    this.startNode(next);
    return true;
  }

  /** Gives a free slot to the waiting call with the longest remaining path; false when none starts. */
  private startFromHeap(heap: ReadyHeap): boolean {
    while (heap.size > 0 && this.inFlight < this.settings.limit) {
      const next = heap.pop();
      if (next >= this.failLimit) continue;
      this.inFlight++;
      this.startNode(next);
      return true;
    }
    return false;
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

  /** Whether node `i` reads an object an earlier effect may have changed, and eager would not have reached it yet. */
  private readsChanged(i: number): boolean {
    return this.plan.changedParts !== undefined && this.blockerOf(i) !== NONE && readsChanged(this.plan, i, this.values, this.status, DONE);
  }

  private startNode(i: number): void {
    const ordered = this.plan.ordered[i] === 1;
    if (!ordered && this.readsChanged(i)) {
      this.releaseSlot(i);
      return this.gate(i);
    }
    const ahead = !ordered && (this.settings.budget?.over !== undefined || this.finished) && this.blockerOf(i) !== NONE;
    if (ahead && this.inOrder) {
      // Admitted before this run, or the run around it, failed; now it waits until eager would reach it.
      this.releaseSlot(i);
      return this.gate(i);
    }
    if (this.finished && unreadAfterFailure(this.plan, i)) {
      this.releaseSlot(i);
      return;
    }
    this.status[i] = RUNNING;
    const epoch = ordered
      ? (this.kept ??= this.newEpoch(this.keptBudget()))
      : this.plan.continuesMember?.[i] === 1
        ? (this.continuing ??= this.newEpoch(this.settings.budget))
        : (this.epoch ??= this.newEpoch(this.settings.budget));
    const options = ahead ? (epoch.aheadOfOrder ??= nodeOptions(epoch.controller.signal, new AheadOfOrder(this.settings.budget!, this.settings.budget!.over!))) : epoch.options;
    if (this.startedAt) this.startedAt[i] = performance.now();
    const { steps } = this.settings;
    let started: unknown;
    try {
      started = steps === undefined ? startAsyncNode(this.plan, i, this.values, options, this.scopeHosts) : steps.start(i, this.values, options);
    } catch (error) {
      this.releaseSlot(i);
      return this.fail(i, error);
    }
    if (!isPromiseLike(started)) {
      // A host that ran to its end: what follows it may start in this same moment, as in eager.
      this.releaseSlot(i);
      return this.complete(i, started);
    }
    const promise = started;
    this.running++;
    if (steps !== undefined) {
      steps.watch(i, promise);
    } else if (this.lease !== undefined) {
      promise.then(this.lease.onValue[i], this.lease.onError[i]);
    } else {
      promise.then(
        (value) => this.succeeded(i, value),
        (error) => this.failedAsync(i, error),
      );
    }
    // A call started without `await`: the code after it goes on (at the head of program order,
    // or of its member's steps).
    if (this.plan.joinAt !== undefined && this.plan.joinAt[i]! >= 0) {
      if (i === this.prefix) this.advancePrefix();
      if (this.plan.levels[i] !== undefined && !this.halted) this.memberStepDone(i);
      this.reachFailure();
    }
  }

  succeeded(i: number, value: unknown): void {
    this.running--;
    if (this.halted) return this.releaseWhenIdle();
    if (this.costs) this.costs[i] = performance.now() - this.startedAt![i]!;
    this.releaseSlot(i);
    this.complete(i, value);
    this.afterSettle();
    if (this.finished) this.releaseWhenIdle();
  }

  failedAsync(i: number, error: unknown): void {
    this.running--;
    if (this.halted) return this.releaseWhenIdle();
    this.releaseSlot(i);
    // Started ahead of program order, it never got a slot before the run around this one failed,
    // or the failure aborted it in a member that goes on: it starts again when eager would reach
    // it (`AheadOfOrder`, `leaveGroupRunning`).
    if (error === RETRACTED || this.restart?.delete(i) === true) this.gate(i);
    else this.fail(i, error);
    this.afterSettle();
    if (this.finished) this.releaseWhenIdle();
  }

  private afterSettle(): void {
    if (this.retiring.length > 0) this.abortRetired();
    if (this.head < this.tail || this.startHead < this.startTail || this.heap !== undefined) this.drain();
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
    if (this.plan.levels[i] !== undefined && !this.halted) this.memberStepDone(i);
    if (this.passed !== undefined && !this.halted) this.joined(i);
    this.reachFailure();
  }

  /** A started call the prefix passed has ended: what eager's code does after awaiting it may start. */
  private joined(i: number): void {
    if (!this.passed!.includes(i)) return;
    const nodes = this.waiting?.get(i);
    if (nodes !== undefined) {
      this.waiting!.delete(i);
      for (const j of nodes) if (this.status[j] === GATED) this.gate(j);
    }
    if (!this.halted) this.advancePrefix();
  }

  /**
   * The turn the held nodes were ready in has ended (every microtask of it ran): the hosts they
   * were held for either settled in it, as eager's finish when their awaits take no time, or wait
   * for something that takes time, which eager's siblings do not wait for. Either way they start.
   */
  private endOfTurn(): void {
    if (this.halted || this.turnEnd === undefined) return;
    this.releaseHeld();
    this.drain();
    if (this.finished) this.releaseWhenIdle();
  }

  private releaseHeld(): void {
    const nodes = this.turnEnd!;
    this.turnEnd = undefined;
    this.pastTurn ??= new Set();
    for (const j of nodes) this.pastTurn.add(this.plan.unitStart[j]!);
    for (const j of nodes) if (this.status[j] === GATED) this.gate(j);
  }

  /** A step of an inlined member succeeded: the member may have reached its failure, or its next effect. */
  private memberStepDone(i: number): void {
    if (this.memberFailures !== undefined) {
      for (const failure of this.memberFailures.values()) {
        if (!failure.reached && this.progressOf(memberOf(failure)) >= unitOf(failure)) {
          failure.reached = true;
          this.groupFailed(failure);
        }
      }
    }
    const waiting = this.waiting;
    if (waiting === undefined || waiting.size === 0) return;
    const levels = this.plan.levels[i]!;
    for (let l = 1; l < levels.length && !this.halted; l += 3) {
      const nodes = waiting.get(levels[l]!);
      if (nodes === undefined) continue;
      waiting.delete(levels[l]!);
      // A node filed twice (it waited for another member in between) is looked at once.
      for (const j of nodes) if (this.status[j] === GATED) this.gate(j);
    }
  }

  /** An ordered node with its inputs: it starts, or waits, filed under what it waits for. */
  private gate(i: number): void {
    const blocker = this.blockerOf(i);
    if (blocker === NONE) return this.admit(i);
    this.status[i] = GATED;
    if (blocker === TURN) {
      if (this.turnEnd === undefined) nextTurn(() => this.endOfTurn());
      (this.turnEnd ??= new Set()).add(i);
      return;
    }
    // Waiting for the top-level prefix: `advancePrefix` looks at the unit when the prefix reaches it.
    if (blocker !== PREFIX) {
      const waiting = (this.waiting ??= new Map());
      const nodes = waiting.get(blocker);
      if (nodes === undefined) waiting.set(blocker, [i]);
      else nodes.push(i);
    }
  }

  /**
   * An ordered node starts once every node before its unit succeeded (eager's `Promise.all`
   * starts its members together) and, in a member inlined into a group, every earlier unit of
   * that member, at every level of nesting (eager runs the member's steps in order); after a wait
   * for a call, while a host the group runs when it starts still runs, once the turn has ended
   * (`plan.waitsForHosts`). What it waits for: `NONE`, `PREFIX`, `TURN`, or the first node of the
   * member whose earlier steps it waits for.
   */
  private blockerOf(i: number): number {
    const unit = this.plan.unitStart[i]!;
    if (this.prefix < unit) return PREFIX;
    const levels = this.plan.levels[i];
    if (levels !== undefined) {
      for (let j = 0; j < levels.length; j += 3) {
        const member = levels[j + 1]!;
        if (member >= 0 && this.progressOf(member) < levels[j + 2]!) return member;
      }
    }
    // After the members' progress, which passes the started calls running in them (`passesRunning`).
    if (this.passed !== undefined) {
      // Eager's code awaited a started call before this node: it waits for that call to end.
      for (const started of this.passed) if (this.status[started] !== DONE && this.awaitedBefore(this.plan.joinAt![started]!, i)) return started;
    }
    if (this.plan.waitsForHosts[i] === 1 && this.settings.steps === undefined && !this.pastTurn?.has(unit)) {
      for (const host of this.plan.startHosts.get(unit)!) if (this.status[host] !== DONE && this.status[host] !== FAILED) return TURN;
    }
    return NONE;
  }

  /**
   * Whether eager's code reaches node `i` after the await that comes just before node `join`: `i`
   * comes later in program order, and is no later sibling of a member the await is in (those run
   * beside it; code after their group waits for the group, so for the await too).
   */
  private awaitedBefore(join: number, i: number): boolean {
    if (join > i) return false;
    const { levels, unitStart } = this.plan;
    const at = levels[join];
    if (at === undefined) return true;
    for (let k = 0; k < at.length; k += 3) {
      if (!inGroupAt(i, join, k, unitStart, levels)) return true;
      if (at[k + 1]! >= 0 && memberAt(i, k, levels) !== at[k + 1]) return false;
    }
    return true;
  }

  /** The first node of the member starting at `member` that has not succeeded. */
  private progressOf(member: number): number {
    const end = this.plan.memberEnd[member]!;
    let r = this.progress?.get(member) ?? member;
    while (r < end && (this.status[r] === DONE || (this.plan.joinAt !== undefined && this.passesRunning(r)))) r++;
    (this.progress ??= new Map()).set(member, r);
    return r;
  }

  private advancePrefix(): void {
    const size = this.plan.size;
    const from = this.prefix;
    let p = from;
    if (this.plan.joinAt === undefined) {
      while (p < size && this.status[p] === DONE) p++;
    } else {
      // Calls started without `await`: passed while they run, waited for where the code awaits them.
      while (p < size && (this.status[p] === DONE || this.passesRunning(p)) && !this.awaitsStarted(p + 1)) p++;
    }
    this.prefix = p;
    if (p === size) return this.finish();
    // The prefix entered a unit: its gated members may start (for a lone node, just itself). Moving
    // on inside a unit it had already entered frees nothing (what a member's steps wait for is
    // filed under the member, `memberStepDone`), and scanning the rest of the unit then would
    // make a wide group quadratic.
    const unit = this.plan.unitStart[p]!;
    if (from < unit) {
      for (let j = p; j < size && this.plan.unitStart[j] === unit; j++) if (this.status[j] === GATED) this.gate(j);
    }
  }

  /**
   * The prefix has reached the failed unit: fail, once what the node that moved it released is
   * gated. Called last by whoever moved the prefix: failing drains what is admitted, and a node an
   * inlined member's step just released (host code after host code of one moment) must be among it,
   * or eager's order of the moment is lost (the generator, seed 31337, case 134).
   */
  private reachFailure(): void {
    if (this.prefix >= this.failStart && !this.finished) this.failAfterStarting();
  }

  /**
   * Whether the prefix passes node `p`, which has not ended: a call started without `await` that
   * runs (eager's code goes on while it does); the nodes from its join on wait for it (`blockerOf`).
   */
  private passesRunning(p: number): boolean {
    const join = this.plan.joinAt?.[p];
    if (join === undefined || join < 0 || this.status[p] !== RUNNING) return false;
    if (!(this.passed ??= []).includes(p)) this.passed.push(p);
    return true;
  }

  /** Whether eager's code has awaited, by node `p`, a started call the prefix passed that has not ended. */
  private awaitsStarted(p: number): boolean {
    if (this.passed === undefined) return false;
    for (const started of this.passed) {
      const join = this.plan.joinAt![started]!;
      if (this.status[started] !== DONE && join <= p && join < this.plan.size) return true;
    }
    return false;
  }

  /** The failed unit is reached: what of it eager would start with it has started; now fail. */
  private failAfterStarting(): void {
    // A node held to the end of the turn was ready before the failure: eager had reached it.
    if (this.turnEnd !== undefined) this.releaseHeld();
    this.drain();
    if (!this.finished) this.finishWithFailure();
  }

  /**
   * A node failed. Inside an inlined member its failure is the member's only once the member
   * reaches it (eager runs the member's steps in order: an earlier step failing later in time is
   * still the member's error); then the member's group fails, first in time, and so on outwards.
   */
  private fail(i: number, error: unknown): void {
    this.status[i] = FAILED;
    const levels = this.plan.levels[i];
    if (levels === undefined) return this.failUnit(this.plan.unitStart[i]!, i, error);
    this.raise({ levels, level: levels.length / 3 - 1, node: i, error, reached: false });
  }

  /**
   * `failure` at its level: held until the member holding it reaches its unit. A member keeps
   * its earliest failing unit; a later one, or another failure of the same unit (a nested group
   * whose other member failed first in time), changes nothing.
   */
  private raise(failure: MemberFailure): void {
    const member = memberOf(failure);
    if (member >= 0) {
      const unit = unitOf(failure);
      const key = memberKey(failure);
      const known = (this.memberFailures ??= new Map()).get(key);
      if (known !== undefined && unitOf(known) <= unit) return;
      this.memberFailures.set(key, failure);
      if (this.progressOf(member) < unit) return;
      failure.reached = true;
    }
    this.groupFailed(failure);
  }

  /** The group at `failure`'s level fails: a failure of its own unit in the member (or run) around it. */
  private groupFailed(failure: MemberFailure): void {
    const { levels, level } = failure;
    if (level === 0) return this.failUnit(levels[0]!, failure.node, failure.error);
    this.raise({ ...failure, level: level - 1, reached: false });
  }

  /** Top-level unit `start` fails with node `i`'s error (within a group, the first in time). */
  private failUnit(start: number, i: number, error: unknown): void {
    // A later unit eager never reaches, or a later failure in the group that already failed.
    if (start >= this.failStart) return;
    this.failedAt = i;
    this.failStart = start;
    this.failLimit = this.plan.unitEnd[start]!;
    this.failure = error;
    this.retireEpoch();
    // Promise.all rejects at once: only the units before the group must have succeeded.
    this.reachFailure();
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

  private newEpoch(budget: CallBudget | undefined): Epoch {
    const controller = sharedAbortController();
    return { controller, options: nodeOptions(controller.signal, budget) };
  }

  /** Ordered nodes share the run's slots and hear of its failure, which leaves them running. */
  private keptBudget(): CallBudget | undefined {
    const budget = this.settings.budget;
    if (budget === undefined) return undefined;
    this.leftRunning ??= slotsOfRun(budget);
    return this.leftRunning.slots;
  }

  private finish(): void {
    this.end();
    this.resolve(this.values[this.plan.outputIndex]);
  }

  private finishWithFailure(): void {
    this.settle();
    // The pure nodes still running were started ahead of eager's code, or no later step reads them
    // (ordered ones keep running: `kept`; those of members that go on: `settleContinuing`).
    this.leftRunning?.failed();
    const reason = this.abortReason();
    for (const epoch of [this.epoch, ...this.retiring]) epoch?.controller.abort(reason);
    const { signal } = this.settings;
    // A durable run's steps after it ended would be journaled by an invocation that is over: nothing
    // goes on, so nothing of its members' pure calls is read.
    const goesOn = !signal?.aborted && this.settings.steps === undefined;
    if (goesOn) this.settleContinuing(reason);
    else this.continuing?.controller.abort(reason);
    this.reject(signal?.aborted ? signal.reason : nodeError(this.plan, this.failedAt, this.failure));
    if (goesOn) this.leaveGroupRunning();
    this.releaseWhenIdle();
  }

  /**
   * The failed group's other members go on, as eager's do: each step starts when eager's member
   * reaches it (`inOrder`), nothing past the group (`failLimit`). A member that fails, or the
   * failing one, stops where it failed (its progress never passes the node).
   */
  private leaveGroupRunning(): void {
    this.halted = false;
    this.inOrder = true;
    this.epoch = undefined;
    this.retiring = [];
    this.drain();
  }

  /**
   * The pure calls running in members with later steps when the run failed. Eager's members go on,
   * so do these, unless one was started ahead of eager's code where eager never gets: in a later
   * unit, or after the failure in the failing member. Then their shared signal aborts, and those of
   * members that go on start again when eager's member reaches them (`restart`).
   */
  private settleContinuing(reason: unknown): void {
    const continuing = this.continuing;
    if (continuing === undefined) return;
    const failing = memberAt(this.failedAt, 0, this.plan.levels);
    const running: number[] = [];
    let ahead = false;
    for (let j = this.failStart; j < this.plan.size; j++) {
      if (this.status[j] !== RUNNING || this.plan.continuesMember![j] !== 1 || this.plan.ordered[j] === 1) continue;
      running.push(j);
      ahead ||= j >= this.failLimit || (failing >= 0 && memberAt(j, 0, this.plan.levels) === failing && this.blockerOf(j) !== NONE);
    }
    if (!ahead) return;
    this.continuing = undefined;
    for (const j of running) if (j < this.failLimit) (this.restart ??= new Set()).add(j);
    continuing.controller.abort(reason);
  }

  /** The caller aborted after the run failed: what it left running hears it, and nothing more starts. */
  private abortLeftRunning(reason: unknown): void {
    this.halted = true;
    for (const epoch of [this.epoch, this.continuing, this.kept]) epoch?.controller.abort(reason);
    this.releaseWhenIdle();
  }

  private abortRun(reason: unknown): void {
    if (this.finished) return;
    this.end();
    for (const epoch of [this.epoch, this.continuing, this.kept, ...this.retiring]) epoch?.controller.abort(reason);
    this.reject(reason);
  }

  private end(): void {
    this.settle();
    this.releaseWhenIdle();
  }

  private settle(): void {
    this.finished = true;
    this.halted = true;
  }

  /** Once every call the run started has settled: the callbacks go back, the caller's signal is let go. */
  private releaseWhenIdle(): void {
    // A node held to the end of the turn in what a failure left running may still start.
    if (this.running > 0 || (!this.halted && this.turnEnd !== undefined)) return;
    // Called only once the run settled: nothing is left to start what follows.
    this.halted = true;
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.stopWatchingOver?.();
    this.stopWatchingOver = undefined;
    this.leftRunning?.done();
    this.lease?.release(this);
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
