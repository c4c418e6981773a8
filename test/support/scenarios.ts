/**
 * The standard scenarios as operator classes with hand-written structures: exactly what the
 * transformer emits for their `forward` (see docs/internals.md). Shared by the tests (with fake
 * leaves on a logical clock) and by bench/ (with timed leaves), so this file imports only "xcs-jit".
 */
import { Operator, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";

export interface LeafInput {
  query: string;
  candidates?: string[];
}
export interface LeafOutput {
  answer: string;
}
export type Leaf = Operator<LeafInput, LeafOutput>;
/** Makes the leaf operator (an LLM call stand-in) named `name`. */
export type LeafFactory = (name: string) => Leaf;
type Query = { query: string };

/** One call. */
export class Single extends Operator<Query, LeafOutput> {
  readonly unit: Leaf;
  constructor(leaf: LeafFactory) {
    super();
    this.unit = leaf("unit");
  }
  async forward(inputs: Query) {
    const result = await this.unit.invoke({ query: inputs.query });
    return { answer: result.answer };
  }
  static [XCS_STRUCTURE](self: Single, g: GraphBuilder, inputs: Ref) {
    const result = g.call(self.unit, { query: inputs.get("query") });
    return g.output({ answer: result.get("answer") });
  }
}

/** Each unit refines the previous answer. */
export class Chain extends Operator<Query, LeafOutput> {
  readonly units: Leaf[];
  constructor(leaf: LeafFactory, length: number, prefix = "") {
    super();
    this.units = Array.from({ length }, (_, i) => leaf(`${prefix}unit${i}`));
  }
  async forward(inputs: Query) {
    let answer = inputs.query;
    for (const unit of this.units) answer = (await unit.invoke({ query: answer })).answer;
    return { answer };
  }
  static [XCS_STRUCTURE](self: Chain, g: GraphBuilder, inputs: Ref) {
    let answer = inputs.get("query");
    for (const unit of self.units) answer = g.call(unit, { query: answer }).get("answer");
    return g.output({ answer });
  }
}

/** Members answer in parallel; an aggregator (a judge) reads every answer. Members may be structural. */
export class Ensemble extends Operator<Query, LeafOutput> {
  constructor(
    readonly members: Operator<Query, LeafOutput>[],
    readonly judge: Leaf,
  ) {
    super();
  }
  async forward(inputs: Query) {
    const answers = await Promise.all(this.members.map((m) => m.invoke({ query: inputs.query })));
    const verdict = await this.judge.invoke({ query: inputs.query, candidates: answers.map((a) => a.answer) });
    return { answer: verdict.answer };
  }
  static [XCS_STRUCTURE](self: Ensemble, g: GraphBuilder, inputs: Ref) {
    const answers = self.members.map((m) => g.call(m, { query: inputs.get("query") }));
    const verdict = g.call(self.judge, {
      query: inputs.get("query"),
      candidates: g.list(answers.map((a) => a.get("answer"))),
    });
    return g.output({ answer: verdict.get("answer") });
  }
}

/** top → (left, right) → bottom. */
export class Diamond extends Operator<Query, LeafOutput> {
  readonly top: Leaf;
  readonly left: Leaf;
  readonly right: Leaf;
  readonly bottom: Leaf;
  constructor(leaf: LeafFactory) {
    super();
    [this.top, this.left, this.right, this.bottom] = ["top", "left", "right", "bottom"].map(leaf) as [Leaf, Leaf, Leaf, Leaf];
  }
  async forward(inputs: Query) {
    const top = await this.top.invoke({ query: inputs.query });
    const [left, right] = await Promise.all([this.left.invoke({ query: top.answer }), this.right.invoke({ query: top.answer })]);
    const bottom = await this.bottom.invoke({ query: inputs.query, candidates: [left.answer, right.answer] });
    return { answer: bottom.answer };
  }
  static [XCS_STRUCTURE](self: Diamond, g: GraphBuilder, inputs: Ref) {
    const top = g.call(self.top, { query: inputs.get("query") });
    const left = g.call(self.left, { query: top.get("answer") });
    const right = g.call(self.right, { query: top.get("answer") });
    const bottom = g.call(self.bottom, {
      query: inputs.get("query"),
      candidates: g.list([left.get("answer"), right.get("answer")]),
    });
    return g.output({ answer: bottom.get("answer") });
  }
}

export function wide(leaf: LeafFactory, width: number, prefix = ""): Ensemble {
  return new Ensemble(
    Array.from({ length: width }, (_, i) => leaf(`${prefix}unit${i}`)),
    leaf(`${prefix}judge`),
  );
}

/** Structural operators inside structural operators: a binary tree of ensembles over chains. */
export function deepNested(leaf: LeafFactory, depth: number, prefix = ""): Operator<Query, LeafOutput> {
  if (depth === 0) return new Chain(leaf, 2, prefix);
  return new Ensemble([deepNested(leaf, depth - 1, `${prefix}l.`), deepNested(leaf, depth - 1, `${prefix}r.`)], leaf(`${prefix}merge`));
}

/** An outer ensemble of 10 branches, each a 10-unit ensemble followed by a judge, then an outer judge. */
export function ensembleOfEnsembles(leaf: LeafFactory): Ensemble {
  return new Ensemble(
    Array.from({ length: 10 }, (_, b) => wide(leaf, 10, `b${b}.`)),
    leaf("judge"),
  );
}

export interface StandardScenario {
  readonly name: string;
  readonly make: (leaf: LeafFactory) => Operator<Query, LeafOutput>;
  /** Leaf calls per run. */
  readonly calls: number;
  /** Calls on the longest dependency path. */
  readonly criticalPath: number;
  /** Most calls that can be in flight at once. */
  readonly width: number;
}

const chain = (n: number): StandardScenario => ({ name: `chain-${n}`, make: (leaf) => new Chain(leaf, n), calls: n, criticalPath: n, width: 1 });
const wideScenario = (n: number): StandardScenario => ({ name: `wide-${n}`, make: (leaf) => wide(leaf, n), calls: n + 1, criticalPath: 2, width: n });

export const standardScenarios: readonly StandardScenario[] = [
  { name: "single", make: (leaf) => new Single(leaf), calls: 1, criticalPath: 1, width: 1 },
  chain(5),
  chain(10),
  chain(20),
  wideScenario(5),
  wideScenario(10),
  wideScenario(20),
  { name: "diamond", make: (leaf) => new Diamond(leaf), calls: 4, criticalPath: 3, width: 2 },
  // depth 3: 8 chains of 2 under 7 merges.
  { name: "deep-nested", make: (leaf) => deepNested(leaf, 3), calls: 23, criticalPath: 5, width: 8 },
  { name: "ensemble-of-ensembles", make: ensembleOfEnsembles, calls: 111, criticalPath: 3, width: 100 },
];
