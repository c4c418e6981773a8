// Build-time values of many forms that leave `forward` whole, changed by the caller (generated table;
// see pipelines-forms.test.ts). Each class returns `{ answer, part: <form> }`.
import { Operator, structuralJit } from "xcs-jit";
import type { Ask, Reply } from "./group-members.js";

const DEFAULTS = { temperature: 0, stop: ["###"] };
const NESTED = { a: { tags: ["a"] }, b: { tags: ["b"] } };
const CSV = "x,y";

function defaults() {
  return { opts: { tags: ["a"] } };
}

function wrap<T>(v: T) {
  return { wrapped: v, extra: [1] };
}

function withTag(tag: string) {
  return { ...DEFAULTS, tags: [tag] };
}

const makeList = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

/** What every form's class holds: the leaf it asks, and state of its own that a form may copy. */
abstract class Form extends Operator<Ask, { answer: string; part: unknown }> {
  names = ["a", "b"];
  table = { k: { tags: ["t"] } };

  constructor(readonly ask: Operator<Ask, Reply>) {
    super();
  }
}

@structuralJit
export class SpreadThisNames extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: [...this.names] };
  }
}

@structuralJit
export class ArrayFromThis extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Array.from(this.names) };
  }
}

@structuralJit
export class ObjectAssign extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.assign({}, DEFAULTS) };
  }
}

@structuralJit
export class ObjectAssignNested extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.assign({}, { inner: { tags: ["a"] } }) };
  }
}

@structuralJit
export class FromEntries extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.fromEntries(Object.entries(DEFAULTS)) };
  }
}

@structuralJit
export class Concat extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.concat(["z"]) };
  }
}

@structuralJit
export class Filter extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.filter((n) => n !== "b") };
  }
}

@structuralJit
export class MapObjects extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.map((n) => ({ n, tags: [n] })) };
  }
}

@structuralJit
export class EntriesOfThis extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.entries(this.table) };
  }
}

@structuralJit
export class ValuesOfModule extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.values(NESTED) };
  }
}

@structuralJit
export class SpreadNested extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: { ...NESTED } };
  }
}

@structuralJit
export class SortedCopy extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: [...this.names].sort() };
  }
}

@structuralJit
export class NewMap extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: new Map([["k", ["v"]]]) };
  }
}

@structuralJit
export class NewSet extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: new Set(this.names) };
  }
}

@structuralJit
export class ParsedArray extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: JSON.parse('[{"t":[1]}]') };
  }
}

@structuralJit
export class CloneOfThis extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: structuredClone(this.table) };
  }
}

@structuralJit
export class HelperOfHelper extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: wrap(defaults()) };
  }
}

@structuralJit
export class HelperSpread extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: withTag("x") };
  }
}

@structuralJit
export class ConditionalHelper extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: inputs.query.length > 1 ? defaults() : { opts: { tags: ["short"] } } };
  }
}

@structuralJit
export class ArrowHelper extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: makeList(3) };
  }
}

@structuralJit
export class KeysOfModule extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: Object.keys(NESTED) };
  }
}

@structuralJit
export class SplitModule extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: CSV.split(",") };
  }
}

@structuralJit
export class FlatMap extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.flatMap((n) => [[n]]) };
  }
}

@structuralJit
export class ReduceObj extends Form {
  async forward(inputs: Ask) {
    const r = await this.ask.invoke({ query: inputs.query });
    return { answer: r.answer, part: this.names.reduce((acc, n) => ({ ...acc, [n]: [n] }), {} as Record<string, string[]>) };
  }
}

export const forms = { SpreadThisNames, ArrayFromThis, ObjectAssign, ObjectAssignNested, FromEntries, Concat, Filter, MapObjects, EntriesOfThis, ValuesOfModule, SpreadNested, SortedCopy, NewMap, NewSet, ParsedArray, CloneOfThis, HelperOfHelper, HelperSpread, ConditionalHelper, ArrowHelper, KeysOfModule, SplitModule, FlatMap, ReduceObj };
