/**
 * Where each value seen during a trace came from. When a call completes, its output is walked
 * and every object in it is indexed by identity, every primitive by value, each with the exact
 * path it sits at; the run's own input is indexed the same way before `forward` starts. A
 * primitive found at several places gets all of them: an edge too many is harmless (the
 * prediction is checked before use), an edge too few would hide a dependency.
 */
import { plainEntries, readData } from "./plain-data.js";

/** The run's input; call outputs are numbered by the position of the call in `forward`. */
export const RUN_INPUT = -1;

export type PathKey = string | number;

export interface Origin {
  /** `RUN_INPUT`, or the position of the call whose output holds the value. */
  readonly source: number;
  readonly path: readonly PathKey[];
}

/** Shorter strings (`"a"`, `"ok"`) sit inside too many constants to suggest anything. */
const minEmbeddedLength = 3;
/** The most recent strings looked for inside a computed string. */
const maxEmbeddableScanned = 2_000;

/** Bounds the walk of one huge output; values past it just get no origin (no prediction). */
const maxIndexedValuesPerSource = 50_000;

export class ProvenanceIndex {
  private readonly objects = new Map<object, Origin[]>();
  private readonly primitives = new Map<unknown, Origin[]>();
  /** Strings worth looking for inside computed strings (a prompt embedding a query). */
  private readonly embeddable: string[] = [];

  /**
   * Indexes everything reachable in `value` through plain objects and arrays. A value that cannot
   * be walked (a revoked proxy, a throwing trap) is indexed as far as the walk got.
   */
  register(source: number, value: unknown): void {
    try {
      this.walk(source, value);
    } catch {
      // What was indexed stays; the rest gets no origin, which only means no prediction.
    }
  }

  private walk(source: number, value: unknown): void {
    const seen = new Set<object>();
    let budget = maxIndexedValuesPerSource;
    const visit = (item: unknown, path: PathKey[]): void => {
      if (budget-- <= 0) return;
      if (!isObject(item)) {
        if (typeof item === "string" && item.length >= minEmbeddedLength && !this.primitives.has(item)) this.embeddable.push(item);
        return push(this.primitives, item, { source, path });
      }
      push(this.objects, item, { source, path });
      if (seen.has(item)) return;
      seen.add(item);
      for (const [key, child] of plainEntries(item) ?? []) visit(child, [...path, key]);
    };
    visit(value, []);
  }

  /** Whether `text` contains a string seen so far: then it was most likely computed from it. */
  embedsTrackedString(text: string): boolean {
    const scanned = Math.max(0, this.embeddable.length - maxEmbeddableScanned);
    for (let i = this.embeddable.length - 1; i >= scanned; i--) if (text.includes(this.embeddable[i]!)) return true;
    return false;
  }

  /** Every place the value was seen so far (a copy): by identity for objects, by value for primitives. */
  originsOf(value: unknown): readonly Origin[] {
    const found = isObject(value) ? this.objects.get(value) : this.primitives.get(value);
    return found ? [...found] : noOrigins;
  }
}

const noOrigins: readonly Origin[] = Object.freeze([]);

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

function push<K>(map: Map<K, Origin[]>, key: K, origin: Origin): void {
  const list = map.get(key);
  if (list) list.push(origin);
  else map.set(key, [origin]);
}

/**
 * The value at `path` inside `value` through plain containers' data properties (never a getter),
 * or undefined where the path leads nowhere.
 */
export function readPath(value: unknown, path: readonly PathKey[]): unknown {
  let current = value;
  for (const key of path) {
    const read = readData(current, key);
    if (!read) return undefined;
    current = read.value;
  }
  return current;
}
