/**
 * The equality that decides whether `forward`'s actual inputs are the ones a speculative call
 * ran on. Conservative by construction: plain objects and arrays compare by contents, every other
 * object by identity (a Date, a Map or a class instance could hide state we cannot see), leaves
 * with `Object.is` (so `0` and `-0`, which an operator can tell apart, differ). A false "unequal"
 * only costs a real call; a false "equal" would be a wrong answer, so there is none.
 */
import { plainEntries, setData } from "./plain-data.js";

export function deepEqual(a: unknown, b: unknown): boolean {
  return equalWithin(a, b, new Map());
}

function equalWithin(a: unknown, b: unknown, assumed: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  const left = plainEntries(a);
  const right = plainEntries(b);
  if (!left || !right) return false;
  const [x, y] = [a as object, b as object];
  if (Array.isArray(x) !== Array.isArray(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (Array.isArray(x) && x.length !== (y as unknown[]).length) return false;
  if (left.length !== right.length) return false;
  // A pair met again while comparing it is equal unless something else differs (cycles terminate).
  if (assumed.get(x) === y) return true;
  assumed.set(x, y);
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
  const entries = plainEntries(value);
  if (!entries) return value;
  const container = value as object;
  const done = copies.get(container);
  if (done !== undefined) return done;
  const copy: Record<string | number, unknown> = Array.isArray(container) ? [] : Object.create(Object.getPrototypeOf(container));
  copies.set(container, copy);
  for (const [key, item] of entries) setData(copy, key, snapshot(item, copies));
  if (Array.isArray(container)) (copy as unknown as unknown[]).length = container.length;
  return copy;
}
