/** The binding-time lattice: static below every dynamic shape, `value` on top (absorbing). */
import type { Shape } from "./ir.js";

export const STATIC: Shape = { kind: "static" };
export const REF: Shape = { kind: "ref" };
export const VALUE: Shape = { kind: "value" };
export const refsOf = (element: Shape): Shape => ({ kind: "refs", element });

export const isStatic = (shape: Shape | undefined): boolean => shape === undefined || shape.kind === "static";

/** Least upper bound; `undefined` is bottom (not yet known). */
export function join(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.kind === b.kind) return a.kind === "refs" && b.kind === "refs" ? refsOf(join(a.element, b.element)!) : a;
  return VALUE;
}

export function sameShape(a: Shape | undefined, b: Shape | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind !== b.kind) return false;
  return a.kind !== "refs" || sameShape(a.element, (b as { element: Shape }).element);
}

export function printShape(shape: Shape | undefined): string {
  if (shape === undefined) return "?";
  return shape.kind === "refs" ? `refs<${printShape(shape.element)}>` : shape.kind;
}
