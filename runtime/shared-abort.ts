// A namespace import: a browser bundle (whose node:events is an empty stand-in) then builds and
// stops at runtime/async-scope.ts's message instead of at a missing export.
import * as events from "node:events";

/**
 * An AbortController whose signal many nodes of one run share. A wide run legitimately puts more
 * than Node's default of ten abort listeners on it (one per call in flight), so Node's
 * "possible EventTarget memory leak" warning is turned off for this signal only; every listener
 * is removed when its call settles.
 */
export function sharedAbortController(): AbortController {
  const controller = new AbortController();
  events.EventEmitter.setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * Calls given no signal share a never-aborted one, replaced after this many uses: an operator
 * that adds an abort listener and never removes it (or calls `AbortSignal.any([ctx.signal])`)
 * would otherwise pile its listeners onto one process-wide signal, growing the heap without
 * bound and slowing every later listener add. A fresh controller per call costs more than a
 * 0 ms call, so the signal is shared by a bounded number of calls instead.
 */
const USES_PER_QUIET_SIGNAL = 1024;
// Made on first use, never at import: a browser bundle must reach async-scope.ts's message first.
let quiet: AbortSignal | undefined;
let quietUses = 0;

/** The signal of a call nobody can abort (shared by at most `USES_PER_QUIET_SIGNAL` calls). */
export function quietSignal(): AbortSignal {
  if (quiet === undefined || ++quietUses > USES_PER_QUIET_SIGNAL) {
    quiet = sharedAbortController().signal;
    quietUses = 1;
  }
  return quiet;
}

/**
 * One listener per signal, however many runs watch it: 1,000 concurrent runs sharing a user's
 * signal would otherwise put 1,000 listeners on it (and Node warns past ten). The watchers of a
 * signal are a Set; its one listener stays while the signal lives (bounded, and collected with it).
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `onAbort` once if `signal` aborts; the returned function stops watching. */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let set = watchers.get(signal);
  if (!set) {
    const fresh = (set = new Set());
    watchers.set(signal, fresh);
    signal.addEventListener(
      "abort",
      () => {
        watchers.delete(signal);
        for (const watcher of fresh) watcher();
      },
      { once: true },
    );
  }
  set.add(onAbort);
  const watching = set;
  return () => {
    watching.delete(onAbort);
  };
}

/**
 * `promise`, or a rejection with the signal's reason as soon as it aborts, whichever comes first:
 * a run rejects on abort even while code that ignores its signal still runs (left to finish).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const stop = watchAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error) => {
        stop();
        reject(error);
      },
    );
  });
}

/**
 * Runs `fn` on the next turn of the event loop, once the current one's promise jobs are all done
 * (`setTimeout` where there is no `setImmediate`: Deno, edge runtimes; asked at each call, so a
 * global set up after this module loaded counts too).
 */
export function nextTurn(fn: () => void): void {
  if (typeof setImmediate === "function") setImmediate(fn);
  else setTimeout(fn, 0);
}
