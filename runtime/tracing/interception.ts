/**
 * The one place that turns the `invoke` hook on and off. A scope (a trace, a speculative call,
 * an autograph recording) is an `Interceptor` held in an AsyncLocalStorage, so concurrent runs
 * never see each other's scopes; the hook is installed only while at least one scope is open,
 * so programs that never trace pay nothing for it.
 */
import { createAsyncScope } from "../async-scope.js";
import { invokeBypassingHook, setInvokeHook } from "../dispatch.js";
import type { InvokeOptions, Operator } from "../operator.js";

/** What an open scope does with each `invoke` made inside it. */
export interface Interceptor {
  intercept(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown>;
}

const scope = createAsyncScope<Interceptor | undefined>();
let openScopes = 0;

function hook(op: Operator<any, any>, inputs: unknown, options: InvokeOptions): Promise<unknown> {
  const interceptor = scope.getStore();
  return interceptor ? interceptor.intercept(op, inputs, options) : invokeBypassingHook(op, inputs, options);
}

/**
 * Runs `fn` with `interceptor` seeing every `invoke` made inside it, until `fn` settles; then
 * `onFulfilled` or `onRejected`, if given, hear of it. It runs once per traced or speculative
 * call, so it returns `fn`'s own promise and does all of that in one reaction on it: an `async`
 * wrapper or a second `then` would add promises, each one paying Node's async-context hooks.
 */
export function withInterceptor<T>(
  interceptor: Interceptor | undefined,
  fn: () => Promise<T> | T,
  onFulfilled?: (value: T) => void,
  onRejected?: (error: unknown) => void,
): Promise<T> {
  if (openScopes++ === 0) setInvokeHook(hook);
  let settled: Promise<T>;
  try {
    settled = Promise.resolve(scope.run(interceptor, fn));
  } catch (error) {
    settled = Promise.reject(error);
  }
  settled.then(
    onFulfilled
      ? (value) => {
          closeScope();
          onFulfilled(value);
        }
      : closeScope,
    onRejected
      ? (error) => {
          closeScope();
          onRejected(error);
        }
      : closeScope,
  );
  return settled;
}

function closeScope(): void {
  if (--openScopes === 0) setInvokeHook(undefined);
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
  onFulfilled?: (output: unknown) => void,
  onRejected?: (error: unknown) => void,
): Promise<unknown> {
  return withInterceptor(interceptor, () => invokeBypassingHook(op, inputs, options), onFulfilled, onRejected);
}

/** The interceptor of the caller's scope, if any. */
export function currentInterceptor(): Interceptor | undefined {
  return openScopes === 0 ? undefined : scope.getStore();
}
