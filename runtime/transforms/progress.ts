/**
 * Progress of a `vmap`/`pmap` batch: `onProgress` hears of each item as it settles. Inside
 * `op.stream`, each item is also a node of the run's events (`item3`).
 */
import { Operator, operatorName, type ForwardContext, type InvokeOptions } from "../operator.js";
import { budgetOf, PASSES_BUDGET, RUN_BUDGET } from "../run-budget.js";

export interface BatchProgress {
  /** The item that just settled (its index in the batch). */
  readonly item: number;
  readonly ok: boolean;
  /** Items settled so far, this one included, and how many of them failed. */
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

export type OnProgress = (progress: BatchProgress) => void;

/** Counts settled items for one batch and reports each to `onProgress`. */
export function progressCounter(total: number, onProgress: OnProgress): (item: number, ok: boolean) => void {
  let done = 0;
  let failed = 0;
  return (item, ok) => {
    done++;
    if (!ok) failed++;
    onProgress({ item, ok, done, failed, total });
  };
}

export function checkOnProgress(transform: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${transform}: option "onProgress" must be a function, got ${typeof value}`);
  }
}

/**
 * One item of a vmapped batch, reporting when it settles. A call node of its own: an inner
 * operator with a structure then runs as a nested run per item (items still overlap; the result
 * is the same) rather than inlined, which is what gives each item one moment of completion.
 */
export class ReportingItem<In, Out> extends Operator<In, Out> {
  /** Holds no slot of a bounded run: the inner operator's calls do. */
  static readonly [PASSES_BUDGET] = true;

  constructor(
    readonly inner: Operator<In, Out>,
    private readonly report: (ok: boolean) => void,
  ) {
    super();
  }

  /** Nodes and events name the inner operator. */
  get name(): string {
    return operatorName(this.inner);
  }

  async forward(inputs: In, ctx: ForwardContext): Promise<Out> {
    const budget = budgetOf(ctx);
    const options = (budget === undefined ? { signal: ctx.signal } : { signal: ctx.signal, [RUN_BUDGET]: budget }) as InvokeOptions;
    try {
      const output = await this.inner.invoke(inputs, options);
      this.report(true);
      return output;
    } catch (error) {
      this.report(false);
      throw error;
    }
  }
}
