/**
 * The one place that turns the `invoke` hook on and off. A scope (a trace, a speculative call,
 * an autograph recording) is an `Interceptor` held in an AsyncLocalStorage, so concurrent runs
 * never see each other's scopes; the hook is installed only while at least one scope is open,
 * so programs that never trace pay nothing for it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { invokeBypassingHook, setInvokeHook } from "../dispatch.js";
import type { InvokeOptions, Operator } from "../operator.js";

/** What an open scope does with each `invoke` made inside it. */
export interface Interceptor {
  intercept(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown>;
}

const scope = new AsyncLocalStorage<Interceptor | undefined>();
let openScopes = 0;

function hook(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
  const interceptor = scope.getStore();
  return interceptor ? interceptor.intercept(op, inputs, options) : invokeBypassingHook(op, inputs, options);
}

/** Runs `fn` with `interceptor` seeing every `invoke` made inside it, until `fn` settles. */
export async function withInterceptor<T>(interceptor: Interceptor | undefined, fn: () => Promise<T> | T): Promise<T> {
  if (openScopes++ === 0) setInvokeHook(hook);
  try {
    return await scope.run(interceptor, fn);
  } finally {
    if (--openScopes === 0) setInvokeHook(undefined);
  }
}

/**
 * Runs one call of `op` inside `interceptor`'s scope (or outside every scope, with `undefined`):
 * the call itself bypasses the hook, the calls it makes are intercepted. The scope stays open
 * until the call settles, even when whoever started it has long finished.
 */
export function proceedWithin(
  interceptor: Interceptor | undefined,
  op: Operator<any, any>,
  inputs: unknown,
  options: InvokeOptions,
): Promise<unknown> {
  return withInterceptor(interceptor, () => invokeBypassingHook(op, inputs, options));
}

/** The interceptor of the caller's scope, if any. */
export function currentInterceptor(): Interceptor | undefined {
  return openScopes === 0 ? undefined : scope.getStore();
}
