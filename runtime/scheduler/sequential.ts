import { isPromiseLike, nodeError, nodeOptions, runSyncNode, startAsyncNode } from "./node-run.js";
import { CALL, HOST, isAsyncKind, memberAt, unreadAfterFailure, type ExecutionPlan } from "./plan.js";
import { costProfileOf } from "./cost-profile.js";
import { quietSignal, watchAbort } from "../shared-abort.js";
import { slotsOfRun, type CallBudget } from "../run-budget.js";
import { isAsyncFunction } from "../async-function.js";

/**
 * Program order, one node at a time: eager `forward` with every `Promise.all` unrolled (a node that
 * reads what an effect of its moment was given runs before it: `plan.sequentialOrder`). A signal
 * aborts the run within one turn even while a node that ignores it runs (that node is left to
 * finish on its own; nothing starts after it).
 */
export async function runSequential(
  plan: ExecutionPlan,
  input: unknown,
  signal: AbortSignal | undefined,
  budget: CallBudget | undefined,
  measure: boolean,
): Promise<unknown> {
  const values = new Array<unknown>(plan.size);
  // Nothing runs alongside a node here, so the caller's signal is all a node needs. A failure
  // aborts nothing: a host node's own `Promise.all` that rejected leaves its other members running,
  // as eager's does (under a bound they start as slots free up), and their code could see an abort.
  // Under a budget the nodes also hear when this run fails (`over`): what a failing host node leaves
  // running then starts nothing ahead of program order, as eager's would not.
  const run = budget && slotsOfRun(budget);
  const options = nodeOptions(signal ?? quietSignal(), run?.slots);
  const scopeHosts = signal !== undefined || budget !== undefined;
  const costs = measure ? costProfileOf(plan).costs : undefined;
  // One watcher per run (not per node); a node's promise races it only when a signal is given.
  let stopWatching: (() => void) | undefined;
  const aborted =
    signal &&
    new Promise<never>((_, reject) => {
      stopWatching = watchAbort(signal, () => reject(signal.reason));
    });
  aborted?.catch(() => {});
  // A call started without `await` (`plan.joinAt`) runs while the synchronous nodes after it do
  // (host code that does not await among them), as eager's code runs while it does; it is awaited
  // before the next call (one at a time), before a node that reads its value, and where eager's
  // code awaits it. Host code that awaits starts while it runs when a budget holds the host's
  // calls (every run through `invoke`): they wait for its slot, and what the host reads before
  // them it reads when eager's does. Without one it is awaited first, as a call.
  let started: { k: number; i: number; running: PromiseLike<unknown>; startedAt: number } | undefined;
  // `reached`: the run's position when it awaits the call; what came between has run.
  const settle = async (k: number, i: number, running: PromiseLike<unknown>, startedAt: number, reached: number) => {
    try {
      values[i] = await (aborted ? Promise.race([running, aborted]) : running);
      if (costs) costs[i] = performance.now() - startedAt;
    } catch (error) {
      run?.failed();
      if (signal?.aborted) throw signal.reason;
      leaveGroupRunning(plan, k, reached, values, input, options, scopeHosts);
      throw nodeError(plan, i, error);
    }
  };
  try {
    const order = plan.sequentialOrder;
    for (let k = 0; k < plan.size; k++) {
      const i = order === undefined ? k : order[k]!;
      signal?.throwIfAborted();
      if (started !== undefined && (takesTime(plan, i, run === undefined) || i >= plan.joinAt![started.i]! || plan.fills[i]!.some((f) => f.from === started!.i))) {
        const { k: at, i: node, running, startedAt } = started;
        started = undefined;
        await settle(at, node, running, startedAt, k);
      }
      try {
        if (!isAsyncKind(plan.kinds[i]!)) {
          values[i] = runSyncNode(plan, i, values, input);
          continue;
        }
        const startedAt = costs ? performance.now() : 0;
        const running = startAsyncNode(plan, i, values, options, scopeHosts);
        if (plan.joinAt !== undefined && plan.joinAt[i]! >= 0 && isPromiseLike(running)) {
          // Awaited a little later: a failure meanwhile is this run's to raise, not an unhandled one.
          Promise.resolve(running).catch(() => {});
          started = { k, i, running, startedAt };
          continue;
        }
        // A host that ran to its end at once: what follows starts in this same moment, as in eager.
        values[i] = !isPromiseLike(running) ? running : await (aborted ? Promise.race([running, aborted]) : running);
        if (costs) costs[i] = performance.now() - startedAt;
      } catch (error) {
        run?.failed();
        if (signal?.aborted) throw signal.reason;
        leaveGroupRunning(plan, k, k, values, input, options, scopeHosts);
        throw nodeError(plan, i, error);
      }
    }
    if (started !== undefined) await settle(started.k, started.i, started.running, started.startedAt, plan.size);
  } finally {
    stopWatching?.();
    run?.done();
  }
  return values[plan.outputIndex];
}

/**
 * The node at position `at` of the run's order failed (every position before `reached` has run
 * but it: a call started without `await` fails where it is awaited) inside an await group: eager's `Promise.all`
 * had started every member with it, and leaves the others running when it rejects. What of the
 * other members eager's group started with it — a member that is one call, the first step of a
 * member with steps (its code up to its first wait for a call) — and whose inputs are there starts
 * now (under a bound as slots free up); then, after the run rejected, each member's later steps run
 * in the run's order, once what they read and their member's earlier steps have ended, as eager's
 * members go on to their end (`goOn`).
 */
function leaveGroupRunning(
  plan: ExecutionPlan, at: number, reached: number, values: unknown[], input: unknown, options: ReturnType<typeof nodeOptions>, scopeHosts: boolean,
): void {
  // What ran before the run awaited the failing node: worked out only on failure.
  const order = plan.sequentialOrder;
  const failed = order === undefined ? at : order[at]!;
  const state = new Uint8Array(plan.size);
  for (let k = 0; k < reached; k++) state[order === undefined ? k : order[k]!] = DONE;
  state[failed] = ENDED;
  const running = new Map<number, PromiseLike<unknown>>();
  const unit = plan.unitStart[failed]!;
  for (let j = unit; j < plan.unitEnd[unit]!; j++) {
    // An inlined operator's or a callback's later steps come after awaits eager's member may never
    // pass, the failing member's own among them: `goOn` looks at them once the run rejected.
    // A member whose code before `j` failed (a guard that throws) stopped there, as eager's did.
    if (state[j] !== NOT_RUN || !startedWithGroup(plan, j, failed) || notReached(plan, j, state)) continue;
    startLeft(plan, j, values, input, options, scopeHosts, state, running);
  }
  goOn(plan, reached, failed, values, input, options, scopeHosts, state, running).catch(() => {});
}

// What `leaveGroupRunning` knows of a node of the failed group.
const NOT_RUN = 0;
const DONE = 1;
/**
 * Failed, or never to run: what it reads, or an earlier step of its member, failed; or a pure call
 * no later step of its member reads (`unreadAfterFailure`), which only a member's last step holds,
 * so no step of its member comes after it to stop.
 */
const ENDED = 2;

/** Starts node `j` of what a failure left running; a member that fails at once fails in eager too, after its `Promise.all` rejected: unseen. */
function startLeft(
  plan: ExecutionPlan, j: number, values: unknown[], input: unknown, options: ReturnType<typeof nodeOptions>, scopeHosts: boolean,
  state: Uint8Array, running: Map<number, PromiseLike<unknown>>,
): void {
  try {
    if (!isAsyncKind(plan.kinds[j]!)) {
      values[j] = runSyncNode(plan, j, values, input);
      state[j] = DONE;
      return;
    }
    const started = startAsyncNode(plan, j, values, options, scopeHosts);
    if (isPromiseLike(started)) {
      Promise.resolve(started).catch(() => {});
      running.set(j, started);
    } else {
      // Host code that ran to its end at once (a read of state, a log line): what reads it may start too.
      values[j] = started;
      state[j] = DONE;
    }
  } catch {
    state[j] = ENDED;
  }
}

/**
 * The failed group's members after the run rejected, one node at a time in the run's order: a
 * node runs once what it reads and its member's earlier steps (at every level of nesting) have
 * ended, unless one of them failed or never ran (eager's member stopped there). Stops starting
 * anything once the caller aborts.
 */
async function goOn(
  plan: ExecutionPlan, reached: number, failed: number, values: unknown[], input: unknown, options: ReturnType<typeof nodeOptions>, scopeHosts: boolean,
  state: Uint8Array, running: Map<number, PromiseLike<unknown>>,
): Promise<void> {
  const order = plan.sequentialOrder;
  const unit = plan.unitStart[failed]!;
  const settle = async (r: number) => {
    const promise = running.get(r)!;
    running.delete(r);
    try {
      values[r] = await promise;
      state[r] = DONE;
    } catch {
      state[r] = ENDED;
    }
  };
  for (let k = reached; k < plan.size; k++) {
    const j = order === undefined ? k : order[k]!;
    if (j < unit || j >= plan.unitEnd[unit]! || state[j] !== NOT_RUN || running.has(j)) continue;
    for (const r of [...running.keys()]) if (r < j && (plan.fills[j]!.some((f) => f.from === r) || sharesMember(plan, r, j))) await settle(r);
    if (options.signal.aborted) return;
    if (unreadAfterFailure(plan, j) || notReached(plan, j, state)) {
      state[j] = ENDED;
      continue;
    }
    startLeft(plan, j, values, input, options, scopeHosts, state, running);
    // One at a time, as the run went.
    if (running.has(j)) await settle(j);
  }
}

/** Whether node `r` comes before `j` inside a member holding both, at some level: an earlier step of it, which eager's member awaits first. */
function sharesMember(plan: ExecutionPlan, r: number, j: number): boolean {
  const lj = plan.levels[j];
  for (let k = 0; lj !== undefined && k < lj.length; k += 3) if (lj[k + 1]! >= 0 && memberAt(r, k, plan.levels) === lj[k + 1] && plan.levels[r]![k + 2] !== lj[k + 2]) return true;
  return false;
}

/**
 * Whether eager's code does not get to `j` (yet): what it reads has not succeeded, or an earlier
 * step of a member holding it (at some level) failed or never ran, where eager's member stopped.
 */
function notReached(plan: ExecutionPlan, j: number, state: Uint8Array): boolean {
  if (!plan.fills[j]!.every((f) => state[f.from] === DONE)) return true;
  const lj = plan.levels[j];
  for (let k = 0; lj !== undefined && k < lj.length; k += 3) {
    const member = lj[k + 1]!;
    if (member < 0) continue;
    for (let r = member; r < j; r++) if (state[r] === ENDED && sharesMember(plan, r, j)) return true;
  }
  return false;
}

/** Whether eager's group started node `j` with the member of `failed`: a lone member, or another member's first step. */
function startedWithGroup(plan: ExecutionPlan, j: number, failed: number): boolean {
  const levels = plan.levels[j];
  if (levels === undefined) return true;
  return levels.length === 3 && (plan.nodes[j]!.step ?? 0) === 0 && memberAt(j, 0, plan.levels) !== memberAt(failed, 0, plan.levels);
}

/** Whether node `i` holds the one call in flight: a call, or host code that awaits (`hostsToo`: no budget bounds its calls). */
function takesTime(plan: ExecutionPlan, i: number, hostsToo: boolean): boolean {
  return plan.kinds[i] === CALL || (hostsToo && plan.kinds[i] === HOST && isAsyncFunction(plan.nodes[i]!.fn));
}
