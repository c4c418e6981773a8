export { getJitStats, recordJitRun, runsOf, speculationCounts } from "./jit-stats.js";
export type { JitStats, JitRun, NodeStats, NodeTiming, PlannedCallRef, ReplayedPlan, SpeculationCounts } from "./jit-stats.js";
