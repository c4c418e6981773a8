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

/** The signal of runs nobody can abort: shared by every such call in the process. */
export const neverAborted: AbortSignal = sharedAbortController().signal;
