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

/** Bounds the walk of one huge output; values past it just get no origin (no prediction). */
const maxIndexedValuesPerSource = 50_000;

/** What describing a value asks of the index. */
export interface ProvenanceView {
  originsOf(value: unknown): readonly Origin[];
}

export class ProvenanceIndex implements ProvenanceView {
  private readonly objects = new Map<object, Origin[]>();
  private readonly primitives = new Map<unknown, Origin[]>();
  /** For each source (at `source - RUN_INPUT`), how many sources were registered before it. */
  private readonly registeredAs: number[] = [];
  private registrations = 0;
  /** What is left of the current walk's bound. */
  private budget = 0;

  /** Registrations so far: `asOf(epoch)` sees the index as it is now. */
  get epoch(): number {
    return this.registrations;
  }

  /**
   * Indexes everything reachable in `value` through plain objects and arrays. A value that cannot
   * be walked (a revoked proxy, a throwing trap) is indexed as far as the walk got.
   */
  register(source: number, value: unknown): void {
    this.registeredAs[source - RUN_INPUT] = this.epoch;
    try {
      this.walk(source, value);
    } catch {
      // What was indexed stays; the rest gets no origin, which only means no prediction.
    }
    this.registrations++;
  }

  /**
   * The index as it stood at `epoch`, later registrations left out: a value described now
   * through it gets exactly the origins it would have got then.
   */
  asOf(epoch: number): ProvenanceView {
    if (epoch === this.epoch) return this;
    const before = (origin: Origin) => this.registeredAs[origin.source - RUN_INPUT]! < epoch;
    return { originsOf: (value) => this.originsOf(value).filter(before) };
  }

  private walk(source: number, value: unknown): void {
    this.budget = maxIndexedValuesPerSource;
    this.visit(source, value, rootPath);
  }

  private visit(source: number, item: unknown, path: readonly PathKey[]): void {
    if (this.budget-- <= 0) return;
    if (!isObject(item)) {
      return push(this.primitives, item, { source, path });
    }
    // Sources register once each: an object whose latest origin is this source was met earlier
    // in this same walk (a shared or cyclic reference), and is not walked again.
    const origins = this.objects.get(item);
    const seen = origins !== undefined && origins[origins.length - 1]!.source === source;
    push(this.objects, item, { source, path });
    if (seen) return;
    const entries = plainEntries(item);
    if (!entries) return;
    for (let i = 0; i < entries.length; i++) {
      const [key, child] = entries[i]!;
      this.visit(source, child, [...path, key]);
    }
  }

  /**
   * The calls (never the run input) whose outputs were registered before `epoch`. With `text`, only
   * those whose output holds a string, number or boolean sharing text with it, as a string: one
   * contains the other, ignoring case.
   */
  callsBefore(epoch: number, text?: string): number[] {
    const before = (source: number) => source !== RUN_INPUT && this.registeredAs[source - RUN_INPUT]! < epoch;
    const found = new Set<number>();
    if (text === undefined) {
      this.registeredAs.forEach((_, i) => before(i + RUN_INPUT) && found.add(i + RUN_INPUT));
    } else {
      const lower = text.toLowerCase();
      for (const [value, origins] of this.primitives) {
        if (!textual(value)) continue;
        const other = String(value).toLowerCase();
        if (!other.includes(lower) && !lower.includes(other)) continue;
        for (const { source } of origins) if (before(source)) found.add(source);
      }
    }
    return [...found];
  }

  /** Every place the value was seen so far (a copy): by identity for objects, by value for primitives. */
  originsOf(value: unknown): readonly Origin[] {
    const found = isObject(value) ? this.objects.get(value) : this.primitives.get(value);
    return found ? [...found] : noOrigins;
  }
}

const noOrigins: readonly Origin[] = Object.freeze([]);
const rootPath: readonly PathKey[] = Object.freeze([]);

/** A primitive a string may have been made from by `String`, a template or `toUpperCase`. */
function textual(value: unknown): value is string | number | bigint | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean";
}

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
