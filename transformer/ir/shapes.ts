/**
 * The value model: how a value of `forward` exists while the structure is being built. Every
 * lowered value has exactly one shape, chosen by the analysis (binding times); the emitter prints
 * each operation by the shape of its operand and never guesses. The model is closed: a value the
 * analysis has not shaped is an internal error (`shapeOf` throws `IRInvariantError`, reported as
 * XCS9002), never "emit it as written".
 *
 * The shapes, and what the structure may do with a value of each at build time:
 * - `static`: a plain build-time value (depends only on `this`, constants and build-time loop
 *   variables). Holds no graph value; code over it runs as written.
 * - `ref`: a graph `Ref`. Only `.get(path)` (a field edge), or being an input of a node.
 * - `tuple`: a build-time array whose element i has shape `elements[i]` (a `Promise.all` over an
 *   array literal). Indexing, destructuring, spreading and `.length` happen at build time.
 * - `list`: a build-time array of unknown length whose elements have shape `element` (a fan-out
 *   over `this.members`, pushes in a build-time loop). Same operations as a tuple.
 * - `record`: a build-time plain object whose field `k` has shape `fields[k]` (an object literal
 *   holding graph values). Field reads and spreads happen at build time.
 * - `dict`: a build-time plain object written by key while the structure is built (`o[k] = v`
 *   with `k` a build-time value, in a build-time loop), whose values have shape `value`. Its keys
 *   are known only as the build runs: reads by a build-time key happen at build time, and a node
 *   reads a copy of what it holds then (`g.object`).
 * - `value`: any of the above, not known which (a variable assigned different shapes). Only as a
 *   node's input: compute nodes read it at run time.
 *
 * Every shape is a valid builder `Value` (the builder packs arrays and objects holding refs into
 * nodes), so any value may be a dependency of a compute node: that is the one operation defined
 * for all of them, and the fallback for every operation a shape does not define.
 */
import type { Shape } from "./ir.js";

export const STATIC: Shape = { kind: "static" };
export const REF: Shape = { kind: "ref" };
export const VALUE: Shape = { kind: "value" };
/** An empty build-time array (`const results = []`): what later pushes add decides its shape. */
export const EMPTY: Shape = { kind: "tuple", elements: [] };
export const tupleOf = (elements: readonly Shape[]): Shape =>
  elements.length === 0 ? EMPTY : elements.every((e) => e.kind === "static") ? STATIC : { kind: "tuple", elements };
export const listOf = (element: Shape): Shape => (element.kind === "static" ? STATIC : { kind: "list", element });
export const recordOf = (fields: ReadonlyMap<string, Shape>): Shape =>
  [...fields.values()].every((f) => f.kind === "static") ? STATIC : { kind: "record", fields };

/** A broken promise between passes: the class is left as written with XCS9002. */
export class IRInvariantError extends Error {}

/** The shape of an annotated value; an unannotated one is an internal error, never "static". */
export function shapeOf(value: { readonly shape?: Shape }, what = "a value"): Shape {
  if (value.shape === undefined) throw new IRInvariantError(`${what} was never given a shape`);
  return value.shape;
}

export const isStatic = (shape: Shape): boolean => shape.kind === "static";

/** A build-time object whose keys writes may add to (never folded into `static`: it changes as the build runs). */
export const dictOf = (value: Shape): Shape => ({ kind: "dict", value });

/** A build-time object: its fields (a `record`'s, a `dict`'s) are read at build time by a build-time key. */
export const isObjectContainer = (shape: Shape): shape is Extract<Shape, { kind: "record" | "dict" }> =>
  shape.kind === "record" || shape.kind === "dict";

/** The shape of field `key` of a build-time object (any field of a dict: its keys are not known yet). */
export function fieldShape(shape: Extract<Shape, { kind: "record" | "dict" }>, key: string): Shape {
  // A field the record does not have is `undefined`, which is as static as it gets.
  return shape.kind === "dict" ? shape.value : shape.fields.get(key) ?? STATIC;
}

/** A build-time array: indexing, `.length`, destructuring and spreads run at build time. */
export const isContainer = (shape: Shape): shape is Extract<Shape, { kind: "tuple" | "list" }> =>
  shape.kind === "tuple" || shape.kind === "list";

/** The shape of element `index` (a number when known at build time) of a build-time array. */
export function elementShape(shape: Extract<Shape, { kind: "tuple" | "list" }>, index?: number): Shape {
  if (shape.kind === "list") return shape.element;
  if (index === undefined) return elementJoin(shape) ?? STATIC;
  // Past the end, the element is `undefined`, which is as static as it gets.
  return shape.elements[index] ?? STATIC;
}

/** The shape of what `...rest` gathers from index `from` on. */
export function restShape(shape: Extract<Shape, { kind: "tuple" | "list" }>, from: number): Shape {
  return shape.kind === "list" ? shape : tupleOf(shape.elements.slice(from));
}

/** The join of every element (bottom for an empty tuple). */
function elementJoin(shape: Extract<Shape, { kind: "tuple" | "list" }>): Shape | undefined {
  return shape.kind === "list" ? shape.element : shape.elements.reduce<Shape | undefined>((acc, e) => join(acc, e), undefined);
}

export const isEmpty = (shape: Shape): boolean => shape.kind === "tuple" && shape.elements.length === 0;

/** Least upper bound; `undefined` is bottom (no definition seen yet). */
export function join(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  // An empty build-time array holds nothing: joined with a static value it is one.
  if (isEmpty(a) && b.kind === "static") return b;
  if (isEmpty(b) && a.kind === "static") return a;
  if (a.kind === "tuple" && b.kind === "tuple" && a.elements.length === b.elements.length) {
    return tupleOf(a.elements.map((e, i) => join(e, b.elements[i])!));
  }
  if (isContainer(a) && isContainer(b)) return listOf(join(elementJoin(a), elementJoin(b)) ?? STATIC);
  // A record written by key is a dict of everything it holds.
  if (isObjectContainer(a) && isObjectContainer(b) && (a.kind === "dict" || b.kind === "dict")) {
    const values = [a, b].flatMap((s) => (s.kind === "dict" ? [s.value] : [...s.fields.values()]));
    return dictOf(values.reduce<Shape | undefined>((acc, v) => join(acc, v), undefined) ?? STATIC);
  }
  if (a.kind === "record" && b.kind === "record") {
    const keys = new Set([...a.fields.keys(), ...b.fields.keys()]);
    if ([...keys].every((k) => a.fields.has(k) && b.fields.has(k))) {
      return recordOf(new Map([...keys].map((k) => [k, join(a.fields.get(k), b.fields.get(k))!])));
    }
    return VALUE;
  }
  return a.kind === b.kind && (a.kind === "static" || a.kind === "ref" || a.kind === "value") ? a : VALUE;
}

export function sameShape(a: Shape | undefined, b: Shape | undefined): boolean {
  return printShape(a) === printShape(b);
}

export function printShape(shape: Shape | undefined): string {
  if (shape === undefined) return "?";
  switch (shape.kind) {
    case "tuple": return `[${shape.elements.map(printShape).join(", ")}]`;
    case "list": return `${printShape(shape.element)}[]`;
    case "record": return `{${[...shape.fields].map(([k, v]) => `${k}: ${printShape(v)}`).join(", ")}}`;
    case "dict": return `{[key]: ${printShape(shape.value)}}`;
    default: return shape.kind;
  }
}
