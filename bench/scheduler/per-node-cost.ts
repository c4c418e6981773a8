import { Chain, wide, type LeafFactory } from "../../test/support/scenarios.js";
import { buildStructure, runGraph } from "./internals.js";
import { instantLeaves } from "./leaves.js";
import { cpuTimeAsync, median, round } from "./stats.js";

export interface PerNodeFigure {
  scenario: string;
  asyncLocalStorage: boolean;
  calls: number;
  /** µs per call of the hand-written code (eager `forward`: Promise.all / await loop). */
  handWrittenUs: number;
  /** µs per call of the scheduler running the compiled graph. */
  schedulerUs: number;
  /** schedulerUs / handWrittenUs, the median of the per-round ratios. */
  ratio: number;
}

const scenarios: { name: string; make: (leaf: LeafFactory) => { forward(i: { query: string }): Promise<unknown> }; calls: number }[] = [
  { name: "wide-1000", make: (leaf) => wide(leaf, 1000), calls: 1001 },
  { name: "chain-1000", make: (leaf) => new Chain(leaf, 1000), calls: 1000 },
];

/**
 * Hand-written code and the scheduler run the same operators on the same input, alternating in
 * rounds so both see the same machine state; each round times `iterations` runs of each.
 */
export async function measurePerNodeCost(asyncLocalStorage: boolean, rounds = 15, iterations = 20): Promise<PerNodeFigure[]> {
  const figures: PerNodeFigure[] = [];
  for (const scenario of scenarios) {
    const op = scenario.make(instantLeaves);
    const graph = buildStructure(op);
    const input = { query: "q" };
    const handWritten = () => op.forward(input);
    const scheduled = () => runGraph(graph, input, { scheduler: "parallel" });
    await cpuTimeAsync(handWritten, 200);
    await cpuTimeAsync(scheduled, 200);
    const base: number[] = [];
    const ours: number[] = [];
    for (let r = 0; r < rounds; r++) {
      base.push(await cpuTimeAsync(handWritten, iterations));
      ours.push(await cpuTimeAsync(scheduled, iterations));
    }
    const perCall = (ms: number) => (ms * 1000) / iterations / scenario.calls;
    figures.push({
      scenario: scenario.name,
      asyncLocalStorage,
      calls: scenario.calls,
      handWrittenUs: round(perCall(median(base)), 3),
      schedulerUs: round(perCall(median(ours)), 3),
      ratio: round(median(ours.map((t, i) => t / base[i]!))),
    });
  }
  return figures;
}
