// The standard scenarios of the design as plain `@structuralJit` programs. `npm run bench`
// compiles this file twice: with `tspc` and the xcs-jit plugin (the structural modes run what the
// transformer emitted) and with plain `tsc` (the eager and tracing modes run `forward` as written).
// Leaves are passed in, so the same classes run on timed or instant operators.
import { Operator, structuralJit } from "xcs-jit";

export interface LeafInput {
  query: string;
  candidates?: string[];
}
export interface LeafOutput {
  answer: string;
}
export type Leaf = Operator<LeafInput, LeafOutput>;
export type LeafFactory = (name: string) => Leaf;
type Query = { query: string };

@structuralJit
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
}

/** Each unit refines the previous answer. */
@structuralJit
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
}

/** Members answer in parallel; an aggregator (a judge) reads every answer. Members may be structural. */
@structuralJit
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
}

/** top → (left, right) → bottom. */
@structuralJit
export class Diamond extends Operator<Query, LeafOutput> {
  readonly top: Leaf;
  readonly left: Leaf;
  readonly right: Leaf;
  readonly bottom: Leaf;
  constructor(leaf: LeafFactory) {
    super();
    this.top = leaf("top");
    this.left = leaf("left");
    this.right = leaf("right");
    this.bottom = leaf("bottom");
  }
  async forward(inputs: Query) {
    const top = await this.top.invoke({ query: inputs.query });
    const [left, right] = await Promise.all([this.left.invoke({ query: top.answer }), this.right.invoke({ query: top.answer })]);
    const bottom = await this.bottom.invoke({ query: inputs.query, candidates: [left.answer, right.answer] });
    return { answer: bottom.answer };
  }
}

/** The classes a compiled copy of this module exports, for the bench to register runners on. */
export const scenarioClasses = [Single, Chain, Ensemble, Diamond];
