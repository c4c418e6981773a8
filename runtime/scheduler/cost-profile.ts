import type { ExecutionPlan } from "./plan.js";

/**
 * What `auto` runs of one plan measured, kept apart from the plan, which is immutable and shared:
 * the last duration of each call and host node in ms (NaN until measured), and how many parallel
 * runs there were (`auto` times a sample of them).
 */
export interface CostProfile {
  readonly costs: Float64Array;
  parallelRuns: number;
}

/** Keyed by the graph: an observed run's copy of the plan (`observe.ts`) shares its graph's profile. */
const profiles = new WeakMap<ExecutionPlan["graph"], CostProfile>();

/** The plan's profile, made on first use and released with its graph. */
export function costProfileOf(plan: ExecutionPlan): CostProfile {
  let profile = profiles.get(plan.graph);
  if (!profile) profiles.set(plan.graph, (profile = { costs: new Float64Array(plan.size).fill(NaN), parallelRuns: 0 }));
  return profile;
}
