// The simulated operators the scenarios run on: a fixed latency and a deterministic answer.
import { Operator } from "xcs-jit";
import type { LeafFactory, LeafInput, LeafOutput } from "./scenarios.js";

/**
 * Answers after exactly `latencyMs` of wall time. A bare `setTimeout(20)` fires 0.5–2 ms late,
 * and on a chain of 20 that overshoot alone would be 5–10 % of the bound: it measures Node's
 * timer granularity, not the scheduler. So the leaf sleeps until 2 ms before its deadline and
 * polls the clock with `setImmediate` for the rest; any delay left is the event loop's (the
 * scheduler's work, and load on the machine), which is what the figure is about.
 */
class TimedLeaf extends Operator<LeafInput, LeafOutput> {
  constructor(
    readonly name: string,
    private readonly latencyMs: number,
  ) {
    super();
  }

  async forward(inputs: LeafInput): Promise<LeafOutput> {
    await sleepUntil(performance.now() + this.latencyMs);
    const votes = inputs.candidates === undefined ? "" : `[${inputs.candidates.length}]`;
    return { answer: `${this.name}${votes}` };
  }
}

class InstantLeaf extends Operator<LeafInput, LeafOutput> {
  constructor(readonly name: string) {
    super();
  }

  forward(inputs: LeafInput): LeafOutput {
    return { answer: inputs.candidates === undefined ? this.name : `${this.name}[${inputs.candidates.length}]` };
  }
}

const COARSE_MARGIN_MS = 2;

function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (performance.now() >= deadline ? resolve() : setImmediate(poll));
    const coarse = deadline - performance.now() - COARSE_MARGIN_MS;
    if (coarse > 0) setTimeout(poll, coarse);
    else poll();
  });
}

export const timedLeaves = (latencyMs: number): LeafFactory => (name) => new TimedLeaf(name, latencyMs);
export const instantLeaves: LeafFactory = (name) => new InstantLeaf(name);
