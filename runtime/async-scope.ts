/**
 * The runtime's one requirement of its host: `AsyncLocalStorage`, which carries scoped execution
 * options, tracing scopes and usage meters across `await`. Node (≥ 20.19), Bun, Deno and edge
 * runtimes that offer `node:async_hooks` (Cloudflare Workers with `nodejs_compat`, Vercel Edge)
 * have it. Browsers have nothing that follows a context through `await`, and scoped options
 * without it would leak between concurrent runs, so there the runtime refuses to load, with this
 * message, instead of failing with "AsyncLocalStorage is not a constructor" (docs/decisions.md,
 * "Where the runtime runs").
 */
import * as asyncHooks from "node:async_hooks";
import type { AsyncLocalStorage } from "node:async_hooks";

export const NO_ASYNC_LOCAL_STORAGE =
  "xcs-jit: this JavaScript environment has no AsyncLocalStorage (node:async_hooks), which the runtime " +
  "needs to scope options, traces and usage meters across await. It runs on Node >= 20.19, Bun, Deno " +
  "and edge runtimes with AsyncLocalStorage (e.g. Cloudflare Workers with nodejs_compat); it does not " +
  "run in browsers: call your xcs-jit program from a server instead.";

/** A new async-context store, or the error above when the host has none. */
export function createAsyncScope<T>(): AsyncLocalStorage<T> {
  if (typeof hostStorage() !== "function") throw new Error(NO_ASYNC_LOCAL_STORAGE);
  return new (hostStorage()!)<T>();
}

function hostStorage(): typeof AsyncLocalStorage | undefined {
  try {
    return (asyncHooks as Partial<typeof asyncHooks>).AsyncLocalStorage;
  } catch {
    // Vite's development stand-in for a Node built-in throws on any property read.
    return undefined;
  }
}
