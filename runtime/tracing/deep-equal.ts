/**
 * The equality that decides whether `forward`'s actual inputs are the ones a speculative call
 * ran on. Conservative by construction: plain objects and arrays compare by contents, every other
 * object by identity (a Date, a Map or a class instance could hide state we cannot see), leaves
 * with `Object.is` (so `0` and `-0`, which an operator can tell apart, differ). A false "unequal"
 * only costs a real call; a false "equal" would be a wrong answer, so there is none.
 */
import { dataEntries, hasAccessors, isPlainContainer } from "./plain-data.js";

export function deepEqual(a: unknown, b: unknown): boolean {
  return equalWithin(a, b, new Map());
}

function equalWithin(a: unknown, b: unknown, assumed: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (!isPlainContainer(a) || !isPlainContainer(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (hasAccessors(a) || hasAccessors(b)) return false;
  // A pair met again while comparing it is equal unless something else differs (cycles terminate).
  if (assumed.get(a) === b) return true;
  assumed.set(a, b);
  const left = dataEntries(a);
  const right = dataEntries(b);
  if (left.length !== right.length) return false;
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  for (let i = 0; i < left.length; i++) {
    const [key, value] = left[i]!;
    const [otherKey, otherValue] = right[i]!;
    if (key !== otherKey || !equalWithin(value, otherValue, assumed)) return false;
  }
  return true;
}

/**
 * A copy of the plain parts of `value` (other objects kept by reference), taken when a call is
 * dispatched early, so that `forward` mutating the objects afterwards shows up as a difference.
 */
export function snapshot(value: unknown, copies: Map<object, unknown> = new Map()): unknown {
  if (!isPlainContainer(value) || hasAccessors(value)) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  const copy: Record<string | number, unknown> = Array.isArray(value) ? [] : Object.create(Object.getPrototypeOf(value));
  copies.set(value, copy);
  for (const [key, item] of dataEntries(value)) copy[key] = snapshot(item, copies);
  if (Array.isArray(value)) (copy as unknown as unknown[]).length = value.length;
  return copy;
}
