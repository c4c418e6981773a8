/**
 * Time as the model layer sees it. Injected so that tests run retries, rate windows and simulated
 * latency on a logical clock instead of waiting.
 */
export interface Clock {
  /** Milliseconds on this clock's own scale. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `setTimeout` fires at once (with a `TimeoutOverflowWarning`) for delays over 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        // A longer wait than one timer can hold sleeps the rest in further timers.
        if (ms > MAX_TIMER_MS) systemClock.sleep(ms - MAX_TIMER_MS, signal).then(resolve, reject);
        else resolve();
      }, Math.min(ms, MAX_TIMER_MS));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/** Rejects at once when the signal has already aborted, so no work starts for a cancelled run. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
