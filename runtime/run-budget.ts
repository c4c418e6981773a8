import { watchAbort } from "./shared-abort.js";

/**
 * The bound on operator calls in flight for a whole run, nested runs included: one budget is
 * made by the outermost bounded run (`maxConcurrency`, or 1 for `sequential`) and handed to every
 * run, host node and traced `forward` inside it. Only leaf calls (operators without a class
 * runner, whose `forward` does the work) hold a slot, so a nested run waiting for slots never
 * holds one, and the bound cannot deadlock.
 */
export class CallBudget {
  private used = 0;
  private readonly waiters: (() => void)[] = [];
  private head = 0;

  /** `inOrder`: made for a `sequential` run, whose nested runs go in program order too, not by rank. */
  constructor(readonly limit: number, readonly inOrder = false) {}

  /** Resolves once a slot is held; rejects with the signal's reason if it aborts first. */
  take(signal: AbortSignal): Promise<void> | undefined {
    if (this.used < this.limit && this.head === this.waiters.length) {
      this.used++;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      let stop: (() => void) | undefined;
      const granted = () => {
        stop?.();
        resolve();
      };
      this.waiters.push(granted);
      stop = watchAbort(signal, () => {
        const at = this.waiters.indexOf(granted, this.head);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal.reason);
      });
    });
  }

  /** Frees a slot, handing it straight to the longest waiter. */
  give(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head++]!;
      if (this.head === this.waiters.length) this.waiters.length = this.head = 0;
      next();
    } else {
      this.used--;
    }
  }
}

/** Where a run's budget travels: on the options a scheduler passes to `invoke`, and on `ctx`. */
export const RUN_BUDGET = Symbol.for("xcs-jit.runBudget");

/**
 * Marks operator classes whose `forward` runs other operators as a run does (`vmap`, `pmap`):
 * they hold no slot themselves and pass the budget (`ctx[RUN_BUDGET]`) on to their calls.
 */
export const PASSES_BUDGET = Symbol.for("xcs-jit.passesBudget");

export function budgetOf(carrier: object | undefined): CallBudget | undefined {
  return carrier === undefined ? undefined : ((carrier as Record<symbol, unknown>)[RUN_BUDGET] as CallBudget | undefined);
}
