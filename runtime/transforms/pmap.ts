/**
 * `pmap(op, { maxConcurrency, shards, collectErrors })`: the items of a batch spread over a
 * bounded pool. Results come back in input order. By default the first error is the one eager
 * (a loop over the items) would raise: the failing item with the lowest index, once every item
 * before it has settled; items after it that have not started never start, running ones are
 * aborted. With `collectErrors`, every item runs and each one's outcome is returned.
 */
import { Operator, type ForwardContext } from "../operator.js";
import { splitBatch, stackOutputs, type AxesOptions } from "./batch-axes.js";
import { checkCount, checkOperator, transformName } from "./transformed-operator.js";
import { budgetOf, PASSES_BUDGET, RUN_BUDGET } from "../run-budget.js";
import { untilAborted, watchAbort } from "../shared-abort.js";
import { currentNode } from "../events/node-scope.js";
import { operatorName } from "../operator.js";
import { checkOnProgress, progressCounter, type OnProgress } from "./progress.js";

export interface PmapOptions extends AxesOptions {
  /** Shards in flight at once (default: all). */
  readonly maxConcurrency?: number;
  /** Contiguous groups the items are cut into; a shard runs its items in order (default: one item each). */
  readonly shards?: number;
  /** Return every item's outcome (`Promise.allSettled` style) instead of raising the first error. */
  readonly collectErrors?: boolean;
  /** Hears of each item as it settles: `{ item, ok, done, failed, total }`. */
  readonly onProgress?: OnProgress;
}

export type ItemOutcome<Out> = { status: "fulfilled"; value: Out } | { status: "rejected"; reason: unknown };

export class PmappedOperator<In, Out> extends Operator<any, any> {
  /** Its items' calls count against an enclosing run's bound; pmap itself holds no slot. */
  static readonly [PASSES_BUDGET] = true;
  readonly name: string;

  constructor(
    readonly inner: Operator<In, Out>,
    readonly options: PmapOptions,
  ) {
    super();
    this.name = transformName("pmap", inner);
  }

  async forward(inputs: unknown, ctx: ForwardContext): Promise<unknown> {
    const items = splitBatch(this.name, inputs, this.options.inAxes);
    // An abort rejects at once, even while items that ignore their signal still run.
    const outcomes = await untilAborted(this.runAll(items, ctx), ctx.signal);
    if (this.options.collectErrors) return outcomes;
    // The lowest index that failed: eager's error (items after it may have been aborted by it).
    const failed = outcomes.find((o) => o?.status === "rejected");
    if (failed) throw (failed as { reason: unknown }).reason;
    return stackOutputs(this.name, outcomes.map((o) => (o as { value: Out }).value), this.options.outAxes);
  }

  private async runAll(items: unknown[], ctx: ForwardContext): Promise<ItemOutcome<Out>[]> {
    const { signal } = ctx;
    const budget = budgetOf(ctx);
    const itemOptions = (itemSignal: AbortSignal) => (budget === undefined ? { signal: itemSignal } : ({ signal: itemSignal, [RUN_BUDGET]: budget } as { signal: AbortSignal }));
    const outcomes: ItemOutcome<Out>[] = new Array(items.length);
    const shards = cutIntoShards(items.length, this.options.shards);
    const running = new Map<number, AbortController>();
    const abortAll = () => running.forEach((controller) => controller.abort(signal.reason));
    const stopWatching = watchAbort(signal, abortAll);
    // Lowest failing index so far: eager would never have started anything after it.
    let firstFailure = Infinity;
    const stopAfter = (index: number) => {
      firstFailure = index;
      const reason = new DOMException(`item ${index} failed first`, "AbortError");
      running.forEach((controller, other) => other > index && controller.abort(reason));
    };
    const report = this.options.onProgress && progressCounter(items.length, this.options.onProgress);
    // Inside op.stream, each item is a node of the run's events.
    const observe = currentNode()?.observer();
    const label = operatorName(this.inner);
    const invokeItem = (index: number, options: { signal: AbortSignal }) => {
      const start = () => this.inner.invoke(items[index] as In, options);
      return observe ? observe({ id: `item${index}`, label }, start) : start();
    };
    const runItem = async (index: number) => {
      if (signal.aborted) return void (outcomes[index] = { status: "rejected", reason: signal.reason });
      const controller = new AbortController();
      running.set(index, controller);
      try {
        outcomes[index] = { status: "fulfilled", value: await invokeItem(index, itemOptions(controller.signal)) };
        report?.(index, true);
      } catch (reason) {
        outcomes[index] = { status: "rejected", reason };
        report?.(index, false);
        if (!this.options.collectErrors && index < firstFailure) stopAfter(index);
      } finally {
        running.delete(index);
      }
    };
    let nextShard = 0;
    const worker = async () => {
      while (nextShard < shards.length) {
        for (const index of shards[nextShard++]!) {
          if (index > firstFailure) break;
          await runItem(index);
        }
      }
    };
    const workers = Math.min(shards.length, this.options.maxConcurrency ?? Infinity);
    try {
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      stopWatching();
    }
    return outcomes;
  }
}

/** `count` contiguous shards of item indices (as even as possible), or one item per shard. */
function cutIntoShards(length: number, count: number | undefined): number[][] {
  const shardCount = Math.min(length, count ?? length);
  const shards: number[][] = [];
  for (let s = 0; s < shardCount; s++) {
    const from = Math.floor((s * length) / shardCount);
    const to = Math.floor(((s + 1) * length) / shardCount);
    shards.push(Array.from({ length: to - from }, (_, i) => from + i));
  }
  return shards;
}

export function pmap<In, Out>(op: Operator<In, Out>, options: PmapOptions = {}): PmappedOperator<In, Out> {
  checkOperator("pmap", op);
  checkCount("pmap", "maxConcurrency", options.maxConcurrency);
  checkCount("pmap", "shards", options.shards);
  checkOnProgress("pmap", options.onProgress);
  return new PmappedOperator(op, options);
}
