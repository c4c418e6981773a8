import type { ExecutionPlan } from "./plan.js";

/** What a run's call promises report to. */
export interface SettleTarget {
  succeeded(node: number, value: unknown): void;
  failedAsync(node: number, error: unknown): void;
}

/**
 * Per-node `then` callbacks made once per plan and lent to one run at a time, so a run attaches
 * them without allocating two closures per call. A run keeps the lease until every call it started
 * has settled (even after it finished), so no late settle can reach the next run. A run that finds
 * the lease taken (concurrent runs of one graph) makes its own closures.
 */
export class CallbackLease {
  private holder: SettleTarget | undefined;
  readonly onValue: ((value: unknown) => void)[] = [];
  readonly onError: ((error: unknown) => void)[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      this.onValue.push((value) => this.holder!.succeeded(i, value));
      this.onError.push((error) => this.holder!.failedAsync(i, error));
    }
  }

  /** The lease for `run`, or undefined when another run holds it. */
  static acquire(plan: ExecutionPlan, run: SettleTarget): CallbackLease | undefined {
    let lease = leases.get(plan.graph);
    if (!lease) leases.set(plan.graph, (lease = new CallbackLease(plan.size)));
    if (lease.holder !== undefined) return undefined;
    lease.holder = run;
    return lease;
  }

  release(run: SettleTarget): void {
    if (this.holder === run) this.holder = undefined;
  }
}

/** Keyed by the graph: an observed run's copy of the plan (`observe.ts`) borrows the same callbacks. */
const leases = new WeakMap<ExecutionPlan["graph"], CallbackLease>();
