/**
 * The shape of one call's input as a trace saw it, with every part that came from somewhere
 * marked with its origins. It is what predicts the call's input on the next run, and what the
 * edges of the traced graph are drawn from.
 */
import { deepEqual, snapshot } from "./deep-equal.js";
import type { FieldKey } from "./input-fields.js";
import { plainEntries, plainKeys, setData } from "./plain-data.js";
import { readPath, type Origin, type PathKey, type ProvenanceView } from "./provenance.js";

export type InputTemplate =
  | {
      readonly kind: "leaf";
      /** What the trace saw (the latest trace, when refined). */
      readonly value: unknown;
      /** Where the value was found: a run input field or an earlier call's output field. */
      readonly origins: readonly Origin[];
      /**
       * The origins may be read to predict the value: found by identity (an object), or a string
       * (too specific to sit there by chance), or kept by a trace with another run input in which
       * the value changed along with them. A number, boolean, null or undefined found by value
       * may sit at an origin by coincidence (a count equal to some `len`) until then.
       */
      readonly confirmed: boolean;
      /**
       * The run input fields that changed from one trace to the next while this value stayed the
       * same (`input-fields.ts`); emptied when the value changes. A value without origins is
       * predicted as a constant only once it holds every field of the run input: a value
       * computed from a field that has not changed yet (`` `Topic: ${topic}` `` while only
       * `question` changed) would otherwise be taken for one.
       */
      readonly steadyUnder: ReadonlySet<FieldKey>;
    }
  | { readonly kind: "array"; readonly items: readonly InputTemplate[]; readonly length: number }
  | { readonly kind: "object"; readonly proto: object | null; readonly entries: ReadonlyArray<readonly [string, InputTemplate]> };

/**
 * `describeInput`, except that a value tracing cannot walk (a revoked proxy, a throwing trap)
 * becomes one leaf that is never predicted: tracing must never make a call fail.
 */
export function describeInputSafely(value: unknown, index: ProvenanceView): InputTemplate {
  try {
    return describeInput(value, index);
  } catch {
    return { kind: "leaf", value, origins: [], confirmed: false, steadyUnder: noFields };
  }
}

/** A value found somewhere stays one leaf; a fresh plain container is described field by field. */
export function describeInput(value: unknown, index: ProvenanceView, open: Set<object> = new Set()): InputTemplate {
  const origins = index.originsOf(value);
  const entries = origins.length > 0 || open.has(value as object) ? undefined : plainEntries(value);
  if (!entries) {
    return { kind: "leaf", value, origins, confirmed: confirmedAtOnce(value, origins), steadyUnder: noFields };
  }
  const container = value as object;
  open.add(container);
  const described = entries.map(([key, item]) => [key, describeInput(item, index, open)] as const);
  open.delete(container);
  if (Array.isArray(container)) {
    const items: InputTemplate[] = [];
    for (const [key, item] of described) items[key as number] = item;
    return { kind: "array", items, length: container.length };
  }
  return { kind: "object", proto: Object.getPrototypeOf(container), entries: described.map(([key, item]) => [String(key), item] as const) };
}

const noFields: ReadonlySet<FieldKey> = new Set();

/**
 * Keeps what held in both traces: the origins both saw (the earlier trace's sources renamed
 * through `renameSource`), which drops places a value sat in only by coincidence; when none
 * survives, the latest trace's origins are the best account. `changed`: the run input fields in
 * which the latest trace's run input differed from the earlier one's; a value that stayed the
 * same across them does not follow them, and an origin keeping up with a changed value is real.
 */
export function refineTemplate(
  earlier: InputTemplate,
  latest: InputTemplate,
  renameSource: (source: number) => number | undefined,
  changed: ReadonlySet<FieldKey>,
): InputTemplate {
  if (earlier.kind === "leaf" && latest.kind === "leaf") {
    const kept = new Set(earlier.origins.map((o) => originKey(renameSource(o.source), o.path)));
    const confirmed = latest.origins.filter((o) => kept.has(originKey(o.source, o.path)));
    const origins = confirmed.length > 0 ? confirmed : latest.origins;
    const same = Object.is(earlier.value, latest.value);
    return {
      kind: "leaf",
      value: latest.value,
      origins,
      confirmed: latest.confirmed || (confirmed.length > 0 && (earlier.confirmed || (changed.size > 0 && !same))),
      steadyUnder: steadyUnder(earlier.steadyUnder, same, changed),
    };
  }
  if (earlier.kind === "array" && latest.kind === "array" && earlier.length === latest.length) {
    const items: InputTemplate[] = [];
    latest.items.forEach((item, i) => {
      const before = earlier.items[i];
      items[i] = before ? refineTemplate(before, item, renameSource, changed) : item;
    });
    return { kind: "array", items, length: latest.length };
  }
  if (earlier.kind === "object" && latest.kind === "object" && earlier.entries.length === latest.entries.length) {
    const sameKeys = earlier.entries.every(([key], i) => latest.entries[i]![0] === key);
    if (sameKeys) {
      return {
        kind: "object",
        proto: latest.proto,
        entries: latest.entries.map(([key, item], i) => [key, refineTemplate(earlier.entries[i]![1], item, renameSource, changed)] as const),
      };
    }
  }
  return latest;
}

/**
 * The run input fields a value stayed the same under, once the latest trace is in: emptied when
 * it changed, else grown by the fields that changed (`changed`) since the earlier trace.
 */
export function steadyUnder(earlier: ReadonlySet<FieldKey>, same: boolean, changed: ReadonlySet<FieldKey>): ReadonlySet<FieldKey> {
  return !same ? noFields : changed.size === 0 ? earlier : new Set([...earlier, ...changed]);
}

/** The value stayed the same while every field of the run input (`inputFields`) changed under it. */
export function coversFields(steady: ReadonlySet<FieldKey>, inputFields: ReadonlySet<FieldKey>): boolean {
  if (steady.size === 0) return false;
  for (const field of inputFields) if (!steady.has(field)) return false;
  return true;
}

/** Where a source's value stands in the run being predicted. */
export type SourceValue = { readonly known: true; readonly value: unknown } | { readonly known: false };

/**
 * The input the template predicts, or `undefined` while some leaf cannot be predicted yet
 * (`constants`: false when this run's input has a field no trace has seen, which a constant was
 * never shown not to follow: the leaves predicted as constants then wait for `forward`). A leaf
 * with several confirmed origins (places a trace with another run input saw keep up with the
 * value, or one object by identity) is predicted once all of them are known, and only if they
 * still hold one value: places that agreed in every trace so far may have agreed by coincidence
 * (two counts equal twice), and which one `forward` reads this time cannot be told.
 *
 * `copy` is equal to `snapshot(value)`, built alongside (the containers the template shapes are
 * fresh, so only the leaves need copying): the early call may change its input, and is checked
 * against what it was given.
 */
export function predictInput(
  template: InputTemplate,
  sourceValue: (source: number) => SourceValue,
  constants: boolean,
): { value: unknown; copy: unknown } | undefined {
  const copied = { copy: undefined as unknown, constants };
  const value = predictPart(template, sourceValue, copied);
  return value === notKnown ? undefined : { value, copy: copied.copy };
}

/** What `predictPart` returns for a part that cannot be predicted yet. */
const notKnown: unique symbol = Symbol("not known yet");

/** The part's predicted value (or `notKnown`); its copy is left in `copied.copy`. */
function predictPart(template: InputTemplate, sourceValue: (source: number) => SourceValue, copied: { copy: unknown; readonly constants: boolean }): unknown {
  switch (template.kind) {
    case "leaf": {
      const value = predictLeaf(template, sourceValue, copied.constants);
      // Primitives (most leaves) copy as themselves, without the walk. Each leaf is compared on
      // its own, so leaves sharing an object need not share its copy.
      if (value !== notKnown) copied.copy = typeof value === "object" && value !== null ? snapshot(value) : value;
      return value;
    }
    case "array": {
      const items: unknown[] = new Array(template.length);
      const copies: unknown[] = new Array(template.length);
      for (let i = 0; i < template.items.length; i++) {
        const item = template.items[i];
        if (item === undefined) continue;
        const value = predictPart(item, sourceValue, copied);
        if (value === notKnown) return notKnown;
        items[i] = value;
        copies[i] = copied.copy;
      }
      copied.copy = copies;
      return items;
    }
    case "object": {
      const object: Record<string, unknown> = Object.create(template.proto);
      const copy: Record<string, unknown> = Object.create(template.proto);
      for (let i = 0; i < template.entries.length; i++) {
        const [key, item] = template.entries[i]!;
        const value = predictPart(item, sourceValue, copied);
        if (value === notKnown) return notKnown;
        setData(object, key, value);
        setData(copy, key, copied.copy);
      }
      copied.copy = copy;
      return object;
    }
  }
}

/** Only asked of a predictable input (the plan decided, `predictionOf`): a leaf without confirmed origins is a constant. */
function predictLeaf(template: Extract<InputTemplate, { kind: "leaf" }>, sourceValue: (source: number) => SourceValue, constants: boolean): unknown {
  if (!template.confirmed) return constants ? template.value : notKnown;
  let value: unknown = notKnown;
  for (const origin of template.origins) {
    const source = sourceValue(origin.source);
    if (!source.known) return notKnown;
    const read = readPath(source.value, origin.path);
    if (value !== notKnown && !Object.is(read, value)) return notKnown;
    value = read;
  }
  return value;
}

/**
 * `deepEqual(copy, actual)` for a `copy` that `predictInput` built from `template`: the
 * containers the template shapes are known to be plain, fresh and unshared, so only `actual`'s
 * side of them needs inspecting.
 */
export function equalsPrediction(template: InputTemplate, copy: unknown, actual: unknown): boolean {
  switch (template.kind) {
    case "leaf":
      return deepEqual(copy, actual);
    case "array": {
      if (!Array.isArray(actual) || Object.getPrototypeOf(actual) !== Array.prototype || actual.length !== template.length) return false;
      const copied = copy as unknown[];
      for (let i = 0; i < template.length; i++) {
        const item = template.items[i];
        if (item === undefined ? Object.hasOwn(actual, i) : !Object.hasOwn(actual, i) || !equalsPrediction(item, copied[i], actual[i])) return false;
      }
      return true;
    }
    case "object": {
      if (typeof actual !== "object" || actual === null || Object.getPrototypeOf(actual) !== template.proto) return false;
      const keys = plainKeys(actual);
      if (!keys || keys.length !== template.entries.length) return false;
      const copied = copy as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const [key, item] = template.entries[i]!;
        if (key !== keys[i] || !equalsPrediction(item, copied[key], (actual as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
  }
}

/** Every source a template names (the run input included), each once. */
export function sourcesOf(template: InputTemplate, into: Set<number> = new Set()): Set<number> {
  if (template.kind === "leaf") {
    for (const origin of template.origins) into.add(origin.source);
  } else if (template.kind === "array") {
    for (const item of template.items) if (item) sourcesOf(item, into);
  } else {
    for (const [, item] of template.entries) sourcesOf(item, into);
  }
  return into;
}

/** The template's leaves with the path of the input field each one fills. */
export function leavesOf(template: InputTemplate, path: PathKey[] = [], into: Array<{ path: PathKey[]; leaf: Extract<InputTemplate, { kind: "leaf" }> }> = []) {
  if (template.kind === "leaf") into.push({ path, leaf: template });
  else if (template.kind === "array") template.items.forEach((item, i) => item && leavesOf(item, [...path, i], into));
  else for (const [key, item] of template.entries) leavesOf(item, [...path, key], into);
  return into;
}

/**
 * The strings `forward` computed itself in a trace (leaves of call inputs without origin): such a
 * string found in a later call's output may be that call handing back what it was given (an
 * echo), and the later input equal to it computed again by `forward`, not read from there.
 */
export function computedStrings(templates: readonly InputTemplate[]): ReadonlySet<string> {
  const strings = new Set<string>();
  for (const template of templates) {
    for (const { leaf } of leavesOf(template)) if (leaf.origins.length === 0 && typeof leaf.value === "string") strings.add(leaf.value);
  }
  return strings;
}

/**
 * The template with the strings of `computed` (this trace's) never read from their origins: that
 * `forward` computes the value and an output holds it too says nothing of which one the input
 * came from, however many traces agree (two prompts built from small numbers that happen to be
 * equal twice). Read from nowhere, such a string can still be a constant (`predictionOf`).
 */
export function distrustComputed(template: InputTemplate, computed: ReadonlySet<string>): InputTemplate {
  if (computed.size === 0) return template;
  switch (template.kind) {
    case "leaf":
      return template.confirmed && typeof template.value === "string" && computed.has(template.value) ? { ...template, confirmed: false } : template;
    case "array":
      return { ...template, items: template.items.map((item) => item && distrustComputed(item, computed)) };
    case "object":
      return { ...template, entries: template.entries.map(([key, item]) => [key, distrustComputed(item, computed)] as const) };
  }
}

/**
 * One trace confirms where an object (by identity) was found, and a string found in one place
 * only. A string found in several places (two calls asked the same and answered the same) may
 * come from any of them, and the next run may tell them apart: like a number, it waits for a
 * trace with another run input, which keeps only the places that changed along with it.
 */
function confirmedAtOnce(value: unknown, origins: readonly Origin[]): boolean {
  return origins.length > 0 && foundExactly(value) && (typeof value !== "string" || origins.length === 1);
}

/** Kept by value, an object or a string is found where it sat; other primitives may sit anywhere. */
function foundExactly(value: unknown): boolean {
  return (typeof value === "object" && value !== null) || typeof value === "function" || typeof value === "string";
}

/**
 * How a leaf is predicted: from this run's values at its confirmed origins; else as a constant
 * once it stayed the same while every field of the run input (`inputFields`, the fields of the
 * latest trace's input) changed under it; else not at all (the call waits for `forward`). A value
 * `forward` computes (a prompt template) changes with the fields it is computed from, so it is
 * never taken for a constant, whatever the same input repeated, or other fields changing, shows.
 * A string found at origins it was never confirmed at (one `forward` also computed itself) is a
 * constant on the same evidence: reading it from there would give the same value. A number found
 * at an origin that stayed the same may follow it or not, so it waits.
 */
export function predictionOf(leaf: Extract<InputTemplate, { kind: "leaf" }>, inputFields: ReadonlySet<FieldKey>): "origins" | "constant" | "none" {
  if (leaf.confirmed) return "origins";
  if (leaf.origins.length > 0 && !foundExactly(leaf.value)) return "none";
  return coversFields(leaf.steadyUnder, inputFields) ? "constant" : "none";
}

function originKey(source: number | undefined, path: readonly PathKey[]): string {
  return `${source}\u0000${path.join("\u0000")}`;
}
