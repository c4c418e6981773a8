import { watchAbort } from "./shared-abort.js";

/**
 * The bound on operator calls in flight for a whole run, nested runs included: one budget is
 * made by the outermost bounded run (`maxConcurrency`, or 1 for `sequential`) and handed to every
 * run, host node and traced `forward` inside it. Only leaf calls (operators without a class
 * runner, whose `forward` does the work) hold a slot, so a nested run waiting for slots never
 * holds one, and the bound cannot deadlock.
 */
export interface CallBudget {
  readonly limit: number;
  /** Made for a `sequential` run, whose nested runs go in program order too, not by rank. */
  readonly inOrder: boolean;
  /** Resolves once a slot is held; rejects with the signal's reason if it aborts first. */
  take(signal: AbortSignal): Promise<void> | undefined;
  /** Frees a slot, handing it straight to the longest waiter. */
  give(): void;
  /**
   * Aborted once a run around this one failed and left it running (work eager's rejected
   * `Promise.all` would leave going): from then on it starts nothing ahead of program order.
   */
  readonly over?: AbortSignal;
}

/** The slots themselves, made once per outermost bounded run. */
export class SharedBudget implements CallBudget {
  private used = 0;
  private readonly waiters: (() => void)[] = [];
  private head = 0;

  constructor(readonly limit: number, readonly inOrder = false) {}

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

/**
 * One run's (or host node's) share of its budget: the same slots, and a count of its calls still
 * waiting for one. Eager `forward` starts every call it makes before it goes on (`invoke` runs
 * `forward` at once), so when it returns, every call it made has begun; a bounded run queues them
 * instead. A call a caught `Promise.all` failure left waiting is one eager already made, with its
 * effects: the run must not settle before it has started (`whenAllStarted`), or its effect would come
 * after the run, or never. Views nest: a call waiting in a nested run counts for every run around it.
 */
export class RunSlots implements CallBudget {
  readonly limit: number;
  readonly inOrder: boolean;
  readonly over: AbortSignal | undefined;
  private waiting = 0;
  private idle: (() => void)[] = [];

  /** `over`: for the nodes a failure leaves running, this run's failure (default: the enclosing one's). */
  constructor(
    private readonly shared: CallBudget,
    over: AbortSignal | undefined = shared.over,
  ) {
    this.limit = shared.limit;
    this.inOrder = shared.inOrder;
    this.over = over;
  }

  take(signal: AbortSignal): Promise<void> | undefined {
    const waiting = this.shared.take(signal);
    if (waiting === undefined) return undefined;
    this.waiting++;
    const done = () => {
      if (--this.waiting === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    waiting.then(done, done);
    return waiting;
  }

  give(): void {
    this.shared.give();
  }

  /**
   * `value`, once none of this scope's calls waits for a slot (a call whose signal aborts stops
   * waiting): what a return from eager code implies. At once when none waits.
   */
  whenAllStarted<T>(value: T): T | Promise<T> {
    if (this.waiting === 0) return value;
    return new Promise<void>((resolve) => this.idle.push(resolve)).then(() => value);
  }
}

/**
 * The slots of a run whose code runs as written (a traced `forward`, a sequential run's nodes),
 * with that run's own `over`: `failed()` when the run fails, so what it leaves running starts
 * nothing ahead of program order; it follows the run around it until `done()`.
 */
export function slotsOfRun(budget: CallBudget): { readonly slots: RunSlots; failed(): void; done(): void } {
  const over = new AbortController();
  if (budget.over?.aborted) over.abort();
  const stop = budget.over && !budget.over.aborted ? watchAbort(budget.over, () => over.abort()) : undefined;
  return { slots: new RunSlots(budget, over.signal), failed: () => over.abort(), done: () => stop?.() };
}

/** What a call started ahead of program order rejects with when its run is over before it got a slot. */
export const RETRACTED: unique symbol = Symbol("xcs-jit.retracted");

/**
 * The budget of a call a run starts ahead of program order (a pure call whose inputs exist before
 * eager would reach it) while a run around it may still fail and leave it running. If that
 * happens before the call gets a slot, it stops waiting and rejects with `RETRACTED`, having
 * started nothing: the run takes the node back and starts it when eager would reach it, if ever.
 */
export class AheadOfOrder implements CallBudget {
  readonly limit: number;
  readonly inOrder: boolean;

  constructor(
    private readonly shared: CallBudget,
    readonly over: AbortSignal,
  ) {
    this.limit = shared.limit;
    this.inOrder = shared.inOrder;
  }

  take(signal: AbortSignal): Promise<void> | undefined {
    if (this.over.aborted) return Promise.reject(RETRACTED);
    const either = new AbortController();
    const waiting = this.shared.take(either.signal);
    if (waiting === undefined) return undefined;
    const stops = [watchAbort(signal, () => either.abort(signal.reason)), watchAbort(this.over, () => either.abort(RETRACTED))];
    const stop = () => stops.forEach((s) => s());
    waiting.then(stop, stop);
    return waiting;
  }

  give(): void {
    this.shared.give();
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
