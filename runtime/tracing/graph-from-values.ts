/**
 * Builds a `Graph` from a recorded list of calls through the ordinary builder, so a recorded
 * graph is exactly like a compiled one: same node ids, same inlining of structural operators,
 * same validation. A synthetic operator carries the recording as its structure.
 */
import { buildStructure, XCS_STRUCTURE, type GraphBuilder, type Ref, type Value } from "../builder/index.js";
import type { Graph } from "../graph/index.js";
import type { Operator } from "../operator.js";

export interface RecordedCall {
  readonly op: Operator<any, any>;
  /** The call's argument, holding placeholders where values come from the input or earlier calls. */
  readonly args: unknown;
  readonly label?: string;
}

/** Where a recorded value comes from: the graph input (`source: -1`) or call `source`, at `path`. */
export interface RecordedSource {
  readonly source: number;
  readonly path: readonly (string | number)[];
}

/**
 * @param toSource recognises the recording's placeholders inside `args` and `output`.
 * @param name the graph's owner name, shown in errors.
 */
export function graphFromRecording(
  name: string,
  calls: readonly RecordedCall[],
  output: unknown,
  toSource: (value: unknown) => RecordedSource | undefined,
): Graph {
  const structure = (_self: unknown, g: GraphBuilder, inputs: Ref): Ref => {
    const results: Ref[] = [];
    const refOf = ({ source, path }: RecordedSource): Ref => {
      let ref = source === -1 ? inputs : results[source]!;
      for (const key of path) ref = ref.get(key);
      return ref;
    };
    const convert = (value: unknown, seen: Set<object>): Value => {
      const source = toSource(value);
      if (source) return refOf(source);
      if (!isPlain(value) || seen.has(value)) return value;
      seen.add(value);
      const converted = Array.isArray(value)
        ? value.map((item) => convert(item, seen))
        : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item, seen)]));
      seen.delete(value);
      return converted;
    };
    for (const call of calls) results.push(g.call(call.op, convert(call.args, new Set()), call.label));
    return g.output(convert(output, new Set()));
  };
  const Recording = class {};
  Object.defineProperty(Recording, "name", { value: name });
  Object.defineProperty(Recording, XCS_STRUCTURE, { value: structure });
  return buildStructure(new Recording());
}

function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
