import { XCS_DIAGNOSTICS, XCS_STRUCTURE, type Structure } from "./symbols.js";

/** Where an instance's structure comes from, or why it has none it may use. */
export type StructureLookup =
  | { readonly found: true; readonly owner: Function }
  | { readonly found: false; readonly reason: string };

/**
 * A structure describes the `forward` it was compiled from. Walking up from the instance's class,
 * the structure counts only if it is met no later than the nearest `forward`: a subclass that
 * overrides `forward` without being compiled must not run its parent's graph.
 */
export function lookUpStructure(op: object): StructureLookup {
  let forwardOwner: Function | undefined;
  // Classes only: the walk ends at `Function.prototype`, which has no `prototype` of its own.
  for (let cls: Function = op.constructor; typeof cls === "function" && cls.prototype; cls = Object.getPrototypeOf(cls)) {
    if (Object.hasOwn(cls, XCS_STRUCTURE)) {
      if (!forwardOwner) return { found: true, owner: cls };
      return {
        found: false,
        reason: `${forwardOwner.name} overrides forward but was not compiled by the xcs-jit transformer, so the structure of ${cls.name} does not describe it`,
      };
    }
    if (!forwardOwner && Object.hasOwn(cls.prototype, "forward")) forwardOwner = cls;
  }
  return {
    found: false,
    reason: `${op.constructor.name} has no emitted structure: it was not compiled by the xcs-jit transformer, or the transformer bailed out (see the diagnostics above)`,
  };
}

/**
 * The structure that describes the operator's `forward` (its class's own or an inherited one,
 * unless a subclass overrides `forward` without being compiled), if any.
 */
export function structureOf(op: object): Structure | undefined {
  const lookup = lookUpStructure(op);
  if (!lookup.found) return undefined;
  const structure = (lookup.owner as { [XCS_STRUCTURE]?: unknown })[XCS_STRUCTURE];
  return typeof structure === "function" ? (structure as Structure) : undefined;
}

/**
 * Whether the transformer saw the class whose `forward` the operator runs and left it as written
 * (a bail-out or an internal error): that class has the transformer's table of diagnostics and no
 * structure. Its `forward` then runs as a whole, like a host node, with whatever effects it has.
 */
export function leftAsWritten(op: object): boolean {
  for (let cls: Function = op.constructor; typeof cls === "function" && cls.prototype; cls = Object.getPrototypeOf(cls)) {
    if (Object.hasOwn(cls, XCS_STRUCTURE)) return false;
    if (Object.hasOwn(cls.prototype, "forward")) return Object.hasOwn(cls, XCS_DIAGNOSTICS);
  }
  return false;
}
