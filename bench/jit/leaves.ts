import { Operator } from "xcs-jit";
import type { LeafFactory, LeafInput, LeafOutput } from "../../test/support/scenarios.js";

/**
 * A leaf that answers after `ms` milliseconds with a new string (`name(query; candidates)`), like
 * an LLM call: its answer never equals its input, so no call's input can be predicted from the
 * run's input by coincidence (an echoing leaf would flatter speculation on chains).
 */
class AnsweringLeaf extends Operator<LeafInput, LeafOutput> {
  constructor(
    readonly name: string,
    private readonly ms: number,
  ) {
    super();
  }
  async forward({ query, candidates }: LeafInput): Promise<LeafOutput> {
    if (this.ms > 0) await new Promise((resolve) => setTimeout(resolve, this.ms));
    return { answer: `${this.name}(${query}${candidates ? `; ${candidates.join(", ")}` : ""})` };
  }
}

export const isLeaf = (op: object): boolean => op instanceof AnsweringLeaf;

export const answeringLeaves = (ms: number): LeafFactory => (name) => new AnsweringLeaf(name, ms);
