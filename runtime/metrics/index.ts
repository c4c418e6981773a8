export { getJitStats, recordJitRun, speculationCounts } from "./jit-stats.js";
export type { JitStats, JitRun, NodeTiming, SpeculationCounts } from "./jit-stats.js";
