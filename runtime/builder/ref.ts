import { splitPath } from "../graph/index.js";

/**
 * What a `Ref` points at: a node's value (at a field path), or a view over a value built at
 * graph-build time — the arguments an inlined operator receives, or what it returns — whose
 * leaves are refs or constants. Views cost no node: reading through them resolves to their leaves.
 */
export type RefTarget =
  | { readonly node: number; readonly path: readonly string[] }
  | { readonly view: unknown };

/**
 * A handle on a value that will exist when the graph runs. Generated code only passes refs
 * around and reads fields with `get`; a field read is an edge mapping, never a node.
 */
export class Ref {
  /** @internal Refs come from a GraphBuilder; `owner` ties them to the graph being built. */
  constructor(
    readonly owner: object,
    private current: RefTarget,
  ) {}

  /** What the ref reads. */
  get target(): RefTarget {
    return this.current;
  }

  /** @internal A field read an effect after it may change: it reads the node that read it before the effect. */
  retarget(target: RefTarget): void {
    this.current = target;
  }

  /** The field at `path` (`"a.b"`, or a number for an index) of the value. */
  get(path: string | number): Ref {
    const segments = typeof path === "number" ? [String(path)] : splitPath(path);
    if ("node" in this.target) {
      const read = new Ref(this.owner, { node: this.target.node, path: [...this.target.path, ...segments] });
      (this.owner as { noteFieldRead?(ref: Ref): void }).noteFieldRead?.(read);
      return read;
    }
    let value: unknown = this.target.view;
    for (let i = 0; i < segments.length; i++) {
      if (value instanceof Ref) return value.get(segments.slice(i).join("."));
      value = (value as Record<string, unknown>)[segments[i]!];
    }
    return value instanceof Ref ? value : new Ref(this.owner, { view: value });
  }
}

/**
 * What the builder accepts wherever a value goes: a `Ref`, a constant, or a plain array/object
 * whose leaves are refs or constants.
 */
export type Value = unknown;

export function isPlainStructure(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether a value depends on a node (so it cannot be kept as a constant). */
export function holdsRef(value: unknown): boolean {
  if (value instanceof Ref) return "node" in value.target || holdsRef(value.target.view);
  if (!isPlainStructure(value)) return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(holdsRef);
}

/** A value that holds no node ref, with the views inside it replaced by what they stand for. */
export function constantOf(value: unknown): unknown {
  if (value instanceof Ref) return constantOf((value.target as { view: unknown }).view);
  if (!isPlainStructure(value) || !holdsView(value)) return value;
  if (Array.isArray(value)) return value.map(constantOf);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, constantOf(v)]));
}

function holdsView(value: unknown): boolean {
  if (value instanceof Ref) return true;
  if (!isPlainStructure(value)) return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(holdsView);
}
