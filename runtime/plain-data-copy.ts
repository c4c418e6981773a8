import { isPlainStructure } from "./builder/ref.js";

/**
 * A copy of the arrays and plain objects in `value`, as deep as they go; anything else (class
 * instances, functions, primitives) is the same value. What a pure call that waits for a slot is
 * given: eager's call read its input when it was made, and an effect of the same moment may
 * change the original meanwhile. (A pure callee may be given a copy: "Tracing: identity of early
 * results" in docs/decisions.md.)
 */
export function copyOfPlainData<T>(value: T, copies = new Map<object, unknown>()): T {
  if (!isPlainStructure(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(copyOfPlainData(item, copies));
    return copy as T;
  }
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  copies.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = copyOfPlainData(value[key], copies);
  return copy as T;
}
