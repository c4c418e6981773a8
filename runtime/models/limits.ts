import { throwIfAborted, type Clock } from "./clock.js";

/** At most `limit` holders at a time; waiters are served first come, first served. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`maxConcurrency must be at least 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Resolves when a slot is held; call `release` exactly once afterwards. */
  acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal!.reason);
      };
      this.waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/**
 * At most `perMinute` request starts in any 60-second window of the clock. Starts are granted in
 * order: each waits for the one before it, then for the window to have room.
 */
export class RequestRateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    if (!(perMinute >= 1)) throw new RangeError(`requestsPerMinute must be at least 1, got ${perMinute}`);
  }

  /** Resolves at the moment the request may start, and counts that start. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom(signal));
    // A cancelled waiter must not hold up the ones behind it: when its turn comes it gives way at
    // once, without counting a start.
    this.queue = turn.catch(() => {});
    return signal ? untilAborted(turn, signal) : turn;
  }

  private async waitForRoom(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      const now = this.clock.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - WINDOW_MS) this.starts.shift();
      if (this.starts.length < this.perMinute) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.starts[0]! + WINDOW_MS - now, signal);
    }
  }
}

const WINDOW_MS = 60_000;

/** `promise`, or a rejection with the signal's reason as soon as it aborts, whichever is first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
