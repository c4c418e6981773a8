/**
 * What tracing may look inside: plain objects and arrays, read through their own data properties
 * only, so walking a value never runs user code (no getters, no proxies' traps beyond the ones
 * any property read would run) and never changes it.
 */

export function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own enumerable data properties as `[key, value]` (array indices as numbers); accessors skipped. */
export function dataEntries(container: Record<string, unknown> | unknown[]): Array<[string | number, unknown]> {
  const entries: Array<[string | number, unknown]> = [];
  const descriptors = Object.getOwnPropertyDescriptors(container);
  const isArray = Array.isArray(container);
  for (const key of Object.keys(container)) {
    const descriptor = descriptors[key]!;
    if (!("value" in descriptor)) continue;
    entries.push([isArray ? Number(key) : key, descriptor.value]);
  }
  return entries;
}

/** Whether the container has an accessor property: its contents are then not plain data. */
export function hasAccessors(container: object): boolean {
  const descriptors = Object.getOwnPropertyDescriptors(container);
  for (const key of Object.keys(descriptors)) if (!("value" in descriptors[key]!)) return true;
  return false;
}
