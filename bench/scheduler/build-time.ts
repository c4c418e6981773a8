import { Chain, wide } from "../../test/support/scenarios.js";
import { buildStructure, planFor } from "./internals.js";
import { instantLeaves } from "./leaves.js";
import { collectGarbage, cpuTimeOnce, median, round } from "./stats.js";

export interface BuildFigure {
  structure: string;
  nodes: number;
  /** CPU ms of the first build of this structure in the process (the first one also compiles the builder's code). */
  firstBuildMs: number;
  /** Median of warm builds (after 20 untimed ones): run the structure, wire the fields, validate the graph. */
  buildMs: number;
  /** Median of warm builds plus the scheduler's one-time plan compile, done on a graph's first run. */
  buildAndPlanMs: number;
}

/**
 * A 1,000-node structure: an ensemble of 996 members + judge (+ list, input and output nodes),
 * and a chain of 998 calls (+ input and output).
 */
export async function measureBuildTime(samples = 30): Promise<BuildFigure[]> {
  const structures = [
    { name: "wide-996 (1,000 nodes)", op: wide(instantLeaves, 996) },
    { name: "chain-998 (1,000 nodes)", op: new Chain(instantLeaves, 998) },
  ];
  const figures: BuildFigure[] = [];
  for (const { name, op } of structures) {
    const firstBuildMs = cpuTimeOnce(() => buildStructure(op));
    const nodes = buildStructure(op).nodes.length;
    const builds: number[] = [];
    const buildsWithPlan: number[] = [];
    for (let warmUp = 0; warmUp < 20; warmUp++) planFor(buildStructure(op));
    collectGarbage();
    for (let s = 0; s < samples; s++) {
      builds.push(cpuTimeOnce(() => buildStructure(op)));
      buildsWithPlan.push(cpuTimeOnce(() => planFor(buildStructure(op))));
    }
    figures.push({ structure: name, nodes, firstBuildMs: round(firstBuildMs, 3), buildMs: round(median(builds), 3), buildAndPlanMs: round(median(buildsWithPlan), 3) });
  }
  return figures;
}
