import { RestatePromise, type Context } from "@restatedev/restate-sdk";
import type { Graph } from "../graph/index.js";
import { assembleInput, nodeError, readsChanged, runSyncNode, startAsyncNode } from "../scheduler/node-run.js";
import { CALL, isAsyncKind, planFor, type ExecutionPlan } from "../scheduler/plan.js";
import { ReadyHeap } from "../scheduler/ready-heap.js";
import { sharedAbortController } from "../shared-abort.js";
import { startStep, StepErrors, type StepOutcome } from "./step.js";

// Node states (the in-process scheduler's, minus what Restate makes unnecessary).
const WAITING = 0; // inputs missing
const GATED = 1; // an ordered node whose earlier nodes have not all succeeded
const READY = 2; // in the heap, waiting for a slot
const RUNNING = 3;
const DONE = 4;
const FAILED = 5;

type Settled = StepOutcome & { readonly node: number };

/**
 * Runs a graph inside a Restate handler with every call and host node a journaled step, with the
 * in-process scheduler's rules (runtime/scheduler/parallel.ts): a node starts once its inputs
 * exist, host nodes and effectful calls only once every earlier node succeeded, at most `limit`
 * steps in flight (longest remaining path first), and the run fails with the first failure in
 * program order. What differs is how completions are observed: one `RestatePromise.race` over
 * the running steps at a time, never a `then` per step, so a replay sees completions in the
 * journal's order and starts the same steps in the same order (Restate rejects a replay that
 * diverges from its journal).
 */
export async function runGraphDurably(ctx: Context, graph: Graph, input: unknown, limit = Infinity): Promise<unknown> {
  return new DurableRun(ctx, planFor(graph), input, limit).run();
}

class DurableRun {
  private readonly values: unknown[];
  private readonly pending: number[];
  private readonly status: Uint8Array;
  private readonly heap: ReadyHeap;
  private readonly running = new Map<number, RestatePromise<Settled>>();
  private readonly errors = new StepErrors();
  /** Aborts the steps still running once the run has failed (pure nodes eager would never reach). */
  private readonly controller = sharedAbortController();
  private prefix = 0;
  private failedAt: number;
  private failure: unknown;

  constructor(
    private readonly ctx: Context,
    private readonly plan: ExecutionPlan,
    private readonly input: unknown,
    private readonly limit: number,
  ) {
    this.values = new Array(plan.size);
    this.pending = plan.dependencyCount.slice();
    this.status = new Uint8Array(plan.size);
    this.heap = new ReadyHeap(plan.size, plan.slotRank);
    this.failedAt = plan.size;
  }

  async run(): Promise<unknown> {
    try {
      for (let i = 0; i < this.plan.size; i++) if (this.pending[i] === 0 && this.status[i] === WAITING) this.ready(i);
      for (;;) {
        this.fillSlots();
        if (this.failedAt < this.plan.size && this.prefix === this.failedAt) {
          throw nodeError(this.plan, this.failedAt, this.failure);
        }
        if (this.prefix === this.plan.size) return this.values[this.plan.outputIndex];
        if (this.running.size === 0) throw new Error("durable run stalled: no step running and the output not reached");
        const settled = await RestatePromise.race([...this.running.values()]);
        this.running.delete(settled.node);
        if (settled.ok) this.complete(settled.node, settled.value);
        else this.fail(settled.node, this.errors.restore(this.stepName(settled.node), settled.error));
      }
    } finally {
      if (this.running.size > 0) this.controller.abort(new DOMException("aborted: the durable run has finished", "AbortError"));
    }
  }

  /** Inputs present: sync nodes run now, async ones wait for their turn and a slot. */
  private ready(i: number): void {
    // An effect, or a node reading what an earlier effect may have changed, waits for every node before it.
    if (this.prefix < i && (this.plan.ordered[i] === 1 || readsChanged(this.plan, i, this.values, this.status, DONE))) {
      this.status[i] = GATED;
      return;
    }
    if (!isAsyncKind(this.plan.kinds[i]!)) return this.runSync(i);
    this.status[i] = READY;
    this.heap.push(i);
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

  private fillSlots(): void {
    while (this.heap.size > 0 && this.running.size < this.limit) {
      const i = this.heap.pop();
      if (i > this.failedAt) continue;
      this.start(i);
    }
  }

  private start(i: number): void {
    this.status[i] = RUNNING;
    const step = this.stepName(i);
    const options = { signal: this.controller.signal };
    let promise: RestatePromise<StepOutcome>;
    try {
      promise = startStep(
        this.ctx,
        step,
        this.plan.nodes[i]!.op,
        () => assembleInput(this.plan, i, this.values),
        // Host nodes run in a scope holding the run's signal, so calls inside them see it. The step
        // may run after the run failed and aborted it: then a call rejects, as `invoke` would.
        () => {
          if (this.plan.kinds[i] === CALL) options.signal.throwIfAborted();
          return Promise.resolve(startAsyncNode(this.plan, i, this.values, options, true));
        },
        this.errors,
      );
    } catch (error) {
      return this.fail(i, error);
    }
    this.running.set(i, promise.map((outcome) => ({ ...outcome!, node: i })));
  }

  private stepName(i: number): string {
    return this.plan.nodes[i]!.id;
  }

  private complete(i: number, value: unknown): void {
    this.status[i] = DONE;
    this.values[i] = value;
    if (i > this.failedAt) return;
    for (const s of this.plan.successors[i]!) {
      if (--this.pending[s]! === 0 && s < this.failedAt) this.ready(s);
    }
    if (i === this.prefix) this.advancePrefix();
  }

  private advancePrefix(): void {
    let p = this.prefix;
    while (p < this.plan.size && this.status[p] === DONE) p++;
    this.prefix = p;
    if (p < this.plan.size && this.status[p] === GATED) {
      if (!isAsyncKind(this.plan.kinds[p]!)) return this.runSync(p);
      this.status[p] = READY;
      this.heap.push(p);
    }
  }

  private fail(i: number, error: unknown): void {
    this.status[i] = FAILED;
    if (i > this.failedAt) return; // after an earlier failure: eager never reaches it
    this.failedAt = i;
    this.failure = error;
  }
}
