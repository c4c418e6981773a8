/**
 * How a batched call is cut into items and how the items' outputs are put back together, shared
 * by `vmap` and `pmap`. Nothing is flattened or dropped: each item keeps its own structure.
 */
import { deepEqual } from "../tracing/deep-equal.js";
import { setData } from "../tracing/plain-data.js";

export interface AxesOptions {
  /**
   * The input fields that hold one value per item (each must be an array, all of one length);
   * every other field is broadcast to every item. Default: every field whose value is an array.
   */
  readonly inAxes?: readonly string[];
  /**
   * The output fields stacked into one array per field. A field left out is not batched: every
   * item must return the same value for it (deep equality), given once. Default: every field.
   */
  readonly outAxes?: readonly string[];
}

/** The per-item inputs of a batched call. Throws a clear error naming the transform and the field. */
export function splitBatch(transform: string, inputs: unknown, inAxes: readonly string[] | undefined): unknown[] {
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw new TypeError(`${transform}: the input must be an object whose batched fields are arrays, got ${describe(inputs)}`);
  }
  const fields = inputs as Record<string, unknown>;
  const batched = inAxes ?? Object.keys(fields).filter((key) => Array.isArray(fields[key]));
  if (batched.length === 0) {
    throw new TypeError(`${transform}: no batched field: the input has no array field (give inAxes to name them)`);
  }
  let length: number | undefined;
  let first = "";
  for (const field of batched) {
    const value = fields[field];
    if (!Array.isArray(value)) {
      throw new TypeError(`${transform}: batched field "${field}" must be an array, got ${describe(value)}`);
    }
    if (length === undefined) {
      length = value.length;
      first = field;
    } else if (value.length !== length) {
      throw new RangeError(`${transform}: batched fields differ in length: "${first}" has ${length} items, "${field}" has ${value.length}`);
    }
  }
  return Array.from({ length: length! }, (_, i) => {
    const item: Record<string, unknown> = { ...fields };
    for (const field of batched) setData(item, field, (fields[field] as unknown[])[i]);
    return item;
  });
}

/** The items' outputs as one output: per field, the array of the items' values, in item order. */
export function stackOutputs(transform: string, outputs: readonly unknown[], outAxes: readonly string[] | undefined): unknown {
  const objects = outputs.every((o) => typeof o === "object" && o !== null && !Array.isArray(o));
  if (!objects) {
    if (outAxes !== undefined) throw new TypeError(`${transform}: outAxes names fields, but the items returned values that are not objects`);
    return [...outputs];
  }
  const records = outputs as Record<string, unknown>[];
  const fields: string[] = [];
  for (const record of records) for (const key of Object.keys(record)) if (!fields.includes(key)) fields.push(key);
  if (outAxes !== undefined) for (const key of outAxes) if (!fields.includes(key)) fields.push(key);
  const stacked: Record<string, unknown> = {};
  for (const field of fields) {
    if (outAxes === undefined || outAxes.includes(field)) {
      setData(stacked, field, records.map((r) => r[field]));
      continue;
    }
    const value = records[0]?.[field];
    const differs = records.findIndex((r) => !deepEqual(r[field], value));
    if (differs >= 0) {
      throw new Error(`${transform}: output field "${field}" is not in outAxes, so every item must return the same value, but item ${differs} differs from item 0`);
    }
    setData(stacked, field, value);
  }
  return stacked;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "an object";
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : String(value);
}
