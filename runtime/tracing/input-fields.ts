/**
 * The fields of a run input: the places in it where `forward` can read a value (a primitive, an
 * object tracing cannot look inside, an empty container), each named by its path. A value
 * `forward` computes without an origin is trusted as a constant only once every field of the run
 * input has changed under it (see "Speculation rule" in docs/internals.md); these are the fields
 * that rule counts.
 */
import { plainEntries } from "./plain-data.js";

/** A field's path as one string: each key prefixed by its container's kind, so `[0]` and `{"0"}` differ. */
export type FieldKey = string;

/** Calls `visit` with every field of `value` and what sits there. */
function visitFields(value: unknown, visit: (key: FieldKey, leaf: unknown) => void): void {
  const open = new Set<object>();
  const walk = (item: unknown, key: FieldKey): void => {
    const entries = plainEntries(item);
    if (!entries) return visit(key, item);
    const container = item as object;
    const array = Array.isArray(container);
    // A cycle back to an open container leads to no field that was not already visited.
    if (open.has(container)) return;
    if (entries.length === 0) return visit(key, array ? emptyArray : emptyObject);
    open.add(container);
    for (const [child, childValue] of entries) walk(childValue, `${key}${array ? "\u0001" : "\u0000"}${child}`);
    open.delete(container);
  };
  walk(value, "");
}

const emptyArray = Symbol("[]");
const emptyObject = Symbol("{}");

export function fieldsOf(value: unknown): ReadonlySet<FieldKey> {
  const fields = new Set<FieldKey>();
  visitFields(value, (key) => fields.add(key));
  return fields;
}

/** The fields of `latest` that are not in `earlier` or hold another value there (`Object.is`), and those `latest` lost. */
export function changedFields(earlier: unknown, latest: unknown): ReadonlySet<FieldKey> {
  const before = new Map<FieldKey, unknown>();
  visitFields(earlier, (key, leaf) => before.set(key, leaf));
  const changed = new Set<FieldKey>();
  visitFields(latest, (key, leaf) => {
    if (!before.has(key) || !Object.is(before.get(key), leaf)) changed.add(key);
    before.delete(key);
  });
  for (const key of before.keys()) changed.add(key);
  return changed;
}

/** Every field of `value` is one of `known`. */
export function fieldsWithin(value: unknown, known: ReadonlySet<FieldKey>): boolean {
  let within = true;
  visitFields(value, (key) => {
    if (!known.has(key)) within = false;
  });
  return within;
}
