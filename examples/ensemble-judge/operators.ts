// Simulated language-model operators: a fixed latency (a timer, no network) and deterministic
// answers, so the example runs anywhere and its result never changes between runs.
import { Operator } from "xcs-jit";

export interface Question {
  query: string;
}

export interface Answer {
  answer: string;
}

export interface Candidates {
  query: string;
  candidates: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One ensemble member: answers after `latencyMs`, with an answer that depends on its seed. */
export class SimulatedAnswerer extends Operator<Question, Answer> {
  constructor(
    readonly seed: number,
    readonly latencyMs: number,
  ) {
    super();
  }

  async forward(inputs: Question): Promise<Answer> {
    await sleep(this.latencyMs);
    // Three distinct opinions among the members, so the judge has a majority to find.
    return { answer: `${inputs.query} -> opinion ${this.seed % 3}` };
  }
}

/** A judge: after `latencyMs`, picks the most common candidate (ties go to the earliest). */
export class SimulatedJudge extends Operator<Candidates, Answer> {
  constructor(readonly latencyMs: number) {
    super();
  }

  async forward(inputs: Candidates): Promise<Answer> {
    await sleep(this.latencyMs);
    return { answer: mostCommon(inputs.candidates) };
  }
}

function mostCommon(candidates: string[]): string {
  const counts = new Map<string, number>();
  let best = "";
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = (counts.get(candidate) ?? 0) + 1;
    counts.set(candidate, count);
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
