/**
 * The figures' scenarios: the standard ones (whose `forward` already overlaps calls with
 * `Promise.all`), and two written the way people often write them — awaiting one call after the
 * other — where eager is sequential and only a JIT can overlap the calls.
 */
import { Operator, XCS_STRUCTURE, type GraphBuilder, type Ref } from "xcs-jit";
import { standardScenarios, type Leaf, type LeafFactory, type LeafOutput } from "../../test/support/scenarios.js";

type Query = { query: string };

export interface BenchScenario {
  readonly name: string;
  readonly make: (leaf: LeafFactory) => Operator<Query, LeafOutput>;
  readonly calls: number;
}

/** Ten members awaited one by one, then a judge over their answers. */
export class AwaitedEnsemble extends Operator<Query, LeafOutput> {
  readonly members: Leaf[];
  readonly judge: Leaf;
  constructor(leaf: LeafFactory, width: number) {
    super();
    this.members = Array.from({ length: width }, (_, i) => leaf(`unit${i}`));
    this.judge = leaf("judge");
  }
  async forward(inputs: Query) {
    const answers: string[] = [];
    for (const member of this.members) answers.push((await member.invoke({ query: inputs.query })).answer);
    return this.judge.invoke({ query: inputs.query, candidates: answers });
  }
  static [XCS_STRUCTURE](self: AwaitedEnsemble, g: GraphBuilder, inputs: Ref) {
    const answers = self.members.map((m) => g.call(m, { query: inputs.get("query") }).get("answer"));
    return g.output(g.call(self.judge, { query: inputs.get("query"), candidates: g.list(answers) }));
  }
}

/** top, then left and right awaited one after the other, then bottom. */
export class AwaitedDiamond extends Operator<Query, LeafOutput> {
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
    const left = await this.left.invoke({ query: top.answer });
    const right = await this.right.invoke({ query: top.answer });
    return this.bottom.invoke({ query: inputs.query, candidates: [left.answer, right.answer] });
  }
  static [XCS_STRUCTURE](self: AwaitedDiamond, g: GraphBuilder, inputs: Ref) {
    const top = g.call(self.top, { query: inputs.get("query") });
    const left = g.call(self.left, { query: top.get("answer") });
    const right = g.call(self.right, { query: top.get("answer") });
    return g.output(g.call(self.bottom, { query: inputs.get("query"), candidates: g.list([left.get("answer"), right.get("answer")]) }));
  }
}

export const benchScenarios: readonly BenchScenario[] = [
  ...standardScenarios.map(({ name, make, calls }) => ({ name, make, calls })),
  { name: "awaited-wide-10", make: (leaf) => new AwaitedEnsemble(leaf, 10), calls: 11 },
  { name: "awaited-diamond", make: (leaf) => new AwaitedDiamond(leaf), calls: 4 },
];
