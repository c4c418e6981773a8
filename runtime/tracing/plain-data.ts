/**
 * What tracing may look inside: plain objects and arrays. Object properties are read only when
 * they are data properties, so walking a value never runs a getter and never changes it. Array
 * elements are read directly (an accessor element, which only `Object.defineProperty` makes,
 * would run): checking each one costs more than the rest of a replayed call. An array's named
 * properties, if any, are not looked at.
 */

export function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export type Entries = Array<[key: string | number, value: unknown]>;

const { getOwnPropertyNames, getOwnPropertySymbols } = Object;
const lookupGetter = (Object.prototype as { __lookupGetter__(key: PropertyKey): unknown }).__lookupGetter__;

/**
 * The own properties of a plain container (array indices as numbers; holes skipped), or
 * undefined when `value` is not one, or an object whose properties are not all plain data: a
 * getter, a symbol key or a non-enumerable property (which an operator could read, and which a
 * comparison by contents would not see) make it an object compared by identity.
 */
export function plainEntries(value: unknown): Entries | undefined {
  if (!isPlainContainer(value)) return undefined;
  const entries: Entries = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (Object.hasOwn(value, i)) entries.push([i, value[i]]);
    return entries;
  }
  const keys = plainKeys(value);
  if (!keys) return undefined;
  for (let i = 0; i < keys.length; i++) entries.push([keys[i]!, (value as Record<string, unknown>)[keys[i]!]]);
  return entries;
}

/**
 * The own keys of a plain object (not an array), in order, when `plainEntries` would list them,
 * else undefined: the same test, without building the entries.
 */
export function plainKeys(value: object): string[] | undefined {
  if (!isPlainContainer(value) || Array.isArray(value)) return undefined;
  // `Object.keys` is V8's fast path (its enum cache); a symbol or non-enumerable key shows as a
  // difference in count against all own keys, which costs less than testing each key.
  // `__lookupGetter__` is what a read would run, found without allocating a descriptor.
  const keys = Object.keys(value);
  if (getOwnPropertyNames(value).length !== keys.length || getOwnPropertySymbols(value).length !== 0) return undefined;
  for (let i = 0; i < keys.length; i++) if (lookupGetter.call(value, keys[i]!) !== undefined) return undefined;
  return keys;
}

/** One own property of a plain container, read the way `plainEntries` reads it; undefined if absent. */
export function readData(container: unknown, key: string | number): { value: unknown } | undefined {
  if (!isPlainContainer(container) || !Object.hasOwn(container, key)) return undefined;
  if (!Array.isArray(container) && lookupGetter.call(container, key) !== undefined) return undefined;
  return { value: (container as Record<string | number, unknown>)[key] };
}

/** Sets an own data property, even one named `__proto__` (which plain assignment would not create). */
export function setData(target: object, key: string | number, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string | number, unknown>)[key] = value;
}
