import type { GraphBuilder, Ref } from "../../builder/index.js";
import type { ForwardContext, Operator } from "../../operator.js";

/** What flows between the stages of a compact graph: the query, and the latest answers. */
export interface StageInput {
  readonly query: string;
  readonly answers: string[];
}

export interface StageOutput {
  readonly answers: string[];
}

/**
 * One step of a compact graph, in its two equivalent forms: `run` is the eager code and `wire`
 * the structure that describes it (what the transformer would emit for `run`), both mapping the
 * query and the incoming answers to the stage's answers.
 */
export interface Stage {
  /** How many answers the stage gives, when known before it runs. */
  readonly width: number | undefined;
  run(inputs: StageInput, ctx: ForwardContext): Promise<string[]>;
  wire(g: GraphBuilder, query: Ref, answers: Ref): Ref;
}

/** A stage made of one operator of the stage contract, `{ query, answers } → { answers }`. */
export function operatorStage(op: Operator<StageInput, StageOutput>, label: string, width?: number): Stage {
  return {
    width,
    async run(inputs, ctx) {
      return (await op.invoke(inputs, { signal: ctx.signal })).answers;
    },
    wire(g, query, answers) {
      return g.call(op, { query, answers }, label).get("answers");
    },
  };
}

/**
 * Parallel units that each read the query and the incoming answers — all of them as
 * `candidates`, or the single one as `answer` — and give one answer each, from `resultField`.
 */
export function unitsStage(
  units: readonly Operator<any, any>[],
  label: string,
  answersAs: "candidates" | "answer",
  resultField: string,
): Stage {
  return {
    width: units.length,
    async run({ query, answers }, ctx) {
      const options = { signal: ctx.signal };
      const read = answersAs === "candidates" ? answers : onlyAnswer(answers);
      const results = await Promise.all(units.map((unit) => unit.invoke({ query, [answersAs]: read }, options)));
      return results.map((result) => result[resultField]);
    },
    wire(g, query, answers) {
      const read = answersAs === "candidates" ? answers : g.compute(onlyAnswer, [answers], `${label}.answer`);
      return g.list(units.map((unit, i) => g.call(unit, { query, [answersAs]: read }, `${label}.${i}`).get(resultField)));
    },
  };
}

/** Branches that all read the same inputs; their answers are concatenated in branch order. */
export function parallelStage(branches: readonly Stage[], label: string): Stage {
  const widths = branches.map((branch) => branch.width);
  return {
    width: widths.every((w) => w !== undefined) ? widths.reduce((a, b) => a! + b!, 0) : undefined,
    async run(inputs, ctx) {
      return concat(...(await Promise.all(branches.map((branch) => branch.run(inputs, ctx)))));
    },
    wire(g, query, answers) {
      return g.compute(concat, branches.map((branch) => branch.wire(g, query, answers)), label);
    },
  };
}

function concat(...lists: string[][]): string[] {
  return lists.flat();
}

/** The one answer a stage that checks a single answer (the verifier) reads. */
export function onlyAnswer(answers: string[]): string {
  if (answers.length !== 1) {
    throw new RangeError(`a verifier stage checks exactly one answer, but the stage before it gave ${answers.length}`);
  }
  return answers[0]!;
}
