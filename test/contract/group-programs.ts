/**
 * Programs of sequential awaits and `Promise.all` groups, as one operator with both an eager
 * `forward` and the structure the transformer emits for it (`g.all` around each group), so a
 * compiled run can be compared with eager `forward` of the very same program.
 */
import { Operator, structuralJit, XCS_STRUCTURE, type GraphBuilder, type Ref, type Value } from "xcs-jit";
import { CallLog, FakeOperator } from "../support/index.js";

export interface LeafSpec {
  readonly latency: number;
  readonly fails: boolean;
}

/** One `await`: a single call, or a `Promise.all` over several. */
export interface Step {
  readonly leaves: readonly LeafSpec[];
  readonly group: boolean;
  /** Reads the previous step's answer (else the run input: the step may start early). */
  readonly readsPrevious: boolean;
}

type Leaf = FakeOperator<{ query: string }, { answer: string }>;

export class GroupProgram extends Operator<{ query: string }, { answer: string }> {
  readonly leaves: Leaf[][];

  constructor(
    readonly log: CallLog,
    readonly steps: readonly Step[],
  ) {
    super();
    this.leaves = steps.map((step, s) =>
      step.leaves.map((leaf, i) => {
        const name = `s${s}.${i}`;
        return new FakeOperator(log, {
          name,
          latency: leaf.latency,
          compute: ({ query }: { query: string }) => ({ answer: `${name}(${query})` }),
          fail: () => (leaf.fails ? new Error(`${name} failed`) : undefined),
        });
      }),
    );
  }

  async forward(inputs: { query: string }) {
    let previous = inputs.query;
    for (const [s, step] of this.steps.entries()) {
      const query = step.readsPrevious ? previous : inputs.query;
      const leaves = this.leaves[s]!;
      if (step.group) {
        const answers = await Promise.all(leaves.map((leaf) => leaf.invoke({ query })));
        previous = answers.map((a) => a.answer).join(",");
      } else {
        previous = (await leaves[0]!.invoke({ query })).answer;
      }
    }
    return { answer: previous };
  }

  static [XCS_STRUCTURE](self: GroupProgram, g: GraphBuilder, inputs: Ref) {
    let previous: Value = inputs.get("query");
    for (const [s, step] of self.steps.entries()) {
      const query = step.readsPrevious ? previous : inputs.get("query");
      const leaves = self.leaves[s]!;
      if (step.group) {
        const answers = g.all(() => leaves.map((leaf) => g.call(leaf, { query })));
        previous = g.compute((...a: { answer: string }[]) => a.map((x) => x.answer).join(","), answers, "join");
      } else {
        previous = g.call(leaves[0]!, { query }).get("answer");
      }
    }
    return g.output({ answer: previous });
  }
}

structuralJit(GroupProgram);
