/**
 * Handles: what `invoke` returns inside `autograph`. A handle stands for a value that will exist
 * when the graph runs; reading a field gives the handle of that field (a field edge). Anything
 * that would need the value now — arithmetic, a template string, calling it, iterating it,
 * writing to it — throws an error that says so, instead of recording something wrong.
 */
import type { RecordedSource } from "../tracing/graph-from-values.js";

const sources = new WeakMap<object, RecordedSource & { readonly describe: string }>();

/** The source a handle stands for, if `value` is one. */
export function handleSource(value: unknown): RecordedSource | undefined {
  return (typeof value === "function" || (typeof value === "object" && value !== null)) ? sources.get(value) : undefined;
}

/** A handle on `path` of the graph input (`source: -1`) or of call `source`'s output. */
export function makeHandle(source: number, path: readonly (string | number)[], describe: string): unknown {
  const misuse = (what: string) =>
    new TypeError(
      `autograph: ${describe} is a value of the graph being recorded, not available yet: it cannot be ${what}. Pass it (or its fields) to operators or return it.`,
    );
  // A function target, so that calling a handle reaches the `apply` trap and explains itself.
  const target = function handle() {};
  const handle: object = new Proxy(target, {
    get(_, key) {
      if (key === "then") return undefined; // not a promise: `await handle` gives the handle
      if (key === Symbol.toPrimitive) return () => { throw misuse("converted to a primitive (arithmetic, comparison, template string)"); };
      if (key === Symbol.iterator || key === Symbol.asyncIterator) throw misuse("iterated or spread (its length is unknown until it runs)");
      if (typeof key === "symbol") return undefined;
      if (key === "toJSON" || key === "toString" || key === "valueOf") throw misuse(`read with ${key}()`);
      const step = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
      return makeHandle(source, [...path, step], `${describe}.${key}`);
    },
    apply() {
      throw misuse("called");
    },
    set() {
      throw misuse("written to");
    },
    defineProperty() {
      throw misuse("written to");
    },
    deleteProperty() {
      throw misuse("written to");
    },
    has() {
      throw misuse("tested with `in` (its fields are unknown until it runs)");
    },
    ownKeys() {
      throw misuse("enumerated (its fields are unknown until it runs)");
    },
  });
  sources.set(handle, { source, path, describe });
  return handle;
}
