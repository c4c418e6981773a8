/**
 * A logical clock for tests: time is a tick counter that moves only when the program under test
 * has nothing left to do but wait. Parallelism is then a fact about ticks (three 1-tick calls in
 * parallel finish at tick 1, in sequence at tick 3), never about wall-clock time.
 */

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export interface RunOptions {
  /** Fail instead of looping forever when a scenario keeps sleeping (default 1,000,000 ticks). */
  readonly maxTicks?: number;
}

export class LogicalClock {
  /** The current logical time, in ticks. */
  get now(): number {
    return this.time;
  }

  private time = 0;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  /**
   * Resolves when the clock reaches `now + ticks`. With a signal, rejects with the signal's reason
   * as soon as it aborts (and stops counting as pending), like a real cancellable timer.
   */
  sleep(ticks: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { at: this.time + Math.max(0, ticks), seq: this.seq++, resolve: done };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal!.reason);
      };
      function done() {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /**
   * Runs a scenario to completion. Time advances to the next sleeper's tick only once every
   * pending microtask and `setImmediate` callback has run, so whatever can start at a tick starts
   * at it. (Real timers are not waited for: code under test should sleep on the clock instead.)
   * Throws if the scenario is stuck (pending, nobody sleeping) instead of hanging the test.
   */
  async run<T>(scenario: Promise<T> | (() => Promise<T>), options: RunOptions = {}): Promise<T> {
    const maxTicks = options.maxTicks ?? 1_000_000;
    const promise = typeof scenario === "function" ? scenario() : scenario;
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await settleEverything();
      if (settled) return promise;
      if (this.sleepers.length === 0) {
        throw new Error(`LogicalClock: the scenario is stuck at tick ${this.time}: it is pending and nothing sleeps`);
      }
      this.advance();
      if (this.time > maxTicks) throw new Error(`LogicalClock: the scenario ran past ${maxTicks} ticks`);
    }
  }

  /** Runs until nothing sleeps: what a settled run left going in the background finishes. */
  async drain(maxTicks = 1_000_000): Promise<void> {
    for (;;) {
      await settleEverything();
      if (this.sleepers.length === 0) return;
      this.advance();
      if (this.time > maxTicks) throw new Error(`LogicalClock: the background work ran past ${maxTicks} ticks`);
    }
  }

  /** Moves to the earliest sleeper's tick and wakes every sleeper due then, in the order they slept. */
  private advance(): void {
    let next = Infinity;
    for (const s of this.sleepers) next = Math.min(next, s.at);
    this.time = next;
    const due = this.sleepers.filter((s) => s.at === next).sort((a, b) => a.seq - b.seq);
    this.sleepers = this.sleepers.filter((s) => s.at !== next);
    for (const s of due) s.resolve();
  }
}

/**
 * Microtasks run before any macrotask, so one `setImmediate` turn drains them; a few turns also
 * let immediates scheduled by the code under test (and their microtasks) run first.
 */
async function settleEverything(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
