/**
 * Whether `fn` is written `async`: host code the transformer emits `async` only when its
 * statements await, and a schema's `validate` that is not `async` settles at once.
 */
export function isAsyncFunction(fn: unknown): boolean {
  return fn instanceof AsyncFunction;
}

const AsyncFunction = (async () => {}).constructor;
