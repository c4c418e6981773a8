import { isPromiseLike, nodeError, nodeOptions, runSyncNode, startAsyncNode } from "./node-run.js";
import { CALL, HOST, isAsyncKind, memberAt, type ExecutionPlan } from "./plan.js";
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
  const settle = async (k: number, i: number, running: PromiseLike<unknown>, startedAt: number) => {
    try {
      values[i] = await (aborted ? Promise.race([running, aborted]) : running);
      if (costs) costs[i] = performance.now() - startedAt;
    } catch (error) {
      run?.failed();
      if (signal?.aborted) throw signal.reason;
      leaveGroupRunning(plan, k, values, input, options, scopeHosts);
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
        await settle(at, node, running, startedAt);
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
        leaveGroupRunning(plan, k, values, input, options, scopeHosts);
        throw nodeError(plan, i, error);
      }
    }
    if (started !== undefined) await settle(started.k, started.i, started.running, started.startedAt);
  } finally {
    stopWatching?.();
    run?.done();
  }
  return values[plan.outputIndex];
}

/**
 * The node at position `at` of the run's order failed inside an await group: eager's `Promise.all` had started every member with
 * it, and leaves the others running when it rejects. What of the other members eager's group
 * started with it — a member that is one call, the first step of a member with steps (its code up
 * to its first wait for a call) — and whose inputs are there starts now (under a bound as slots
 * free up), and runs on after the run rejects.
 */
function leaveGroupRunning(
  plan: ExecutionPlan, at: number, values: unknown[], input: unknown, options: ReturnType<typeof nodeOptions>, scopeHosts: boolean,
): void {
  // What ran before the failing node (position `at` of the run's order): worked out only on failure.
  const order = plan.sequentialOrder;
  const failed = order === undefined ? at : order[at]!;
  const done = new Uint8Array(plan.size);
  for (let k = 0; k < at; k++) done[order === undefined ? k : order[k]!] = 1;
  const unit = plan.unitStart[failed]!;
  for (let j = unit; j < plan.unitEnd[unit]!; j++) {
    // An inlined operator's or a callback's later steps come after awaits eager's member may never
    // pass, the failing member's own among them.
    if (done[j] === 1 || j === failed || !startedWithGroup(plan, j, failed) || !plan.fills[j]!.every((f) => done[f.from] === 1)) continue;
    // A member that fails at once fails in eager too, after its `Promise.all` rejected: unseen.
    try {
      if (!isAsyncKind(plan.kinds[j]!)) {
        values[j] = runSyncNode(plan, j, values, input);
        done[j] = 1;
        continue;
      }
      const running = startAsyncNode(plan, j, values, options, scopeHosts);
      if (isPromiseLike(running)) Promise.resolve(running).catch(() => {});
      else {
        // Host code that ran to its end at once (a read of state, a log line): what reads it may start too.
        values[j] = running;
        done[j] = 1;
      }
    } catch {
      continue;
    }
  }
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
