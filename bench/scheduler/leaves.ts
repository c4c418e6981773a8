import { Operator } from "xcs-jit";
import type { LeafFactory, LeafInput, LeafOutput } from "../../test/support/scenarios.js";

/** A leaf that answers at once (an async `forward` with nothing to wait for): pure scheduling cost. */
class InstantLeaf extends Operator<LeafInput, LeafOutput> {
  async forward(inputs: LeafInput): Promise<LeafOutput> {
    return { answer: inputs.query };
  }
}

/** A leaf that answers after `ms` milliseconds of waiting on a timer, like an LLM call would. */
class TimedLeaf extends Operator<LeafInput, LeafOutput> {
  constructor(private readonly ms: number) {
    super();
  }
  async forward(inputs: LeafInput): Promise<LeafOutput> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    return { answer: inputs.query };
  }
}

export const instantLeaves: LeafFactory = () => new InstantLeaf();
export const timedLeaves = (ms: number): LeafFactory => () => new TimedLeaf(ms);
