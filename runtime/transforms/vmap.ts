/**
 * `vmap(op, { inAxes, outAxes, batchSize })`: one call on a batch becomes one call of `op` per
 * item. The items run as one flat graph with a branch per item (an operator with a structure is
 * inlined into each branch; any other becomes a call node), so they overlap under the scheduler.
 * `batchSize` cuts a long batch into chunks run one after the other; every item is kept.
 */
import { Operator, type ForwardContext } from "../operator.js";
import type { Graph } from "../graph/index.js";
import { resolveRun, type ExecutionOptions } from "../options/index.js";
import { runGraph } from "../scheduler/index.js";
import { budgetOf, PASSES_BUDGET, RUN_BUDGET } from "../run-budget.js";
import { graphFromRecording } from "../tracing/graph-from-values.js";
import { splitBatch, stackOutputs, type AxesOptions } from "./batch-axes.js";
import { checkCount, checkOperator, transformName } from "./transformed-operator.js";
import { checkOnProgress, progressCounter, ReportingItem, type OnProgress } from "./progress.js";

export interface VmapOptions extends AxesOptions {
  /** Items per chunk; chunks run one after another (default: the whole batch at once). */
  readonly batchSize?: number;
  /** Hears of each item as it settles: `{ item, ok, done, failed, total }`. */
  readonly onProgress?: OnProgress;
}

class ItemField {
  constructor(
    readonly field: string,
    readonly index: number | undefined,
  ) {}
}

export class VmappedOperator<In, Out> extends Operator<any, any> {
  /** Its items' calls count against an enclosing run's bound; vmap itself holds no slot. */
  static readonly [PASSES_BUDGET] = true;
  readonly name: string;
  /** One graph per chunk length, built on first use. */
  private readonly graphs = new Map<number, Graph>();

  constructor(
    readonly inner: Operator<In, Out>,
    readonly options: VmapOptions,
  ) {
    super();
    this.name = transformName("vmap", inner);
  }

  async forward(inputs: unknown, ctx: ForwardContext): Promise<unknown> {
    const items = splitBatch(this.name, inputs, this.options.inAxes);
    const size = this.options.batchSize ?? Math.max(1, items.length);
    const run = resolveRun({ signal: ctx.signal, [RUN_BUDGET]: budgetOf(ctx) } as ExecutionOptions, {});
    const outputs: unknown[] = [];
    const report = this.options.onProgress && progressCounter(items.length, this.options.onProgress);
    for (let start = 0; start < items.length; start += size) {
      const chunk = items.slice(start, start + size);
      const chunkInput = { items: chunk };
      // With onProgress, the chunk's graph is its own (its items report to this run), not cached.
      const graph = report ? this.buildGraph(chunk.length, (i) => new ReportingItem(this.inner, (ok) => report(start + i, ok))) : this.graphFor(chunk.length);
      outputs.push(...((await runGraph(graph, chunkInput, run)) as unknown[]));
    }
    return stackOutputs(this.name, outputs, this.options.outAxes);
  }

  /** The branch-per-item graph over `{ items }`: item `i` is the call on `items.i`. */
  graphFor(length: number): Graph {
    let graph = this.graphs.get(length);
    if (!graph) this.graphs.set(length, (graph = this.buildGraph(length, () => this.inner)));
    return graph;
  }

  private buildGraph(length: number, itemOp: (i: number) => Operator<any, any>): Graph {
    const calls = Array.from({ length }, (_, i) => ({ op: itemOp(i), args: new ItemField("items", i), label: `item${i}` }));
    const output = calls.map((_, i) => new ItemField("", i));
    return graphFromRecording(this.name, calls, output, (value) => {
      if (!(value instanceof ItemField)) return undefined;
      return value.field === "items" ? { source: -1, path: ["items", value.index!] } : { source: value.index!, path: [] };
    });
  }
}

export function vmap<In, Out>(op: Operator<In, Out>, options: VmapOptions = {}): VmappedOperator<In, Out> {
  checkOperator("vmap", op);
  checkCount("vmap", "batchSize", options.batchSize);
  checkOnProgress("vmap", options.onProgress);
  return new VmappedOperator(op, options);
}
