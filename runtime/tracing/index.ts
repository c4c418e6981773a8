export { TracerContext, type CallServer, type EffectWatcher } from "./tracer-context.js";
export type { TraceRecord } from "./trace-record.js";
export { SpeculationBlockedError, type SpeculationReport } from "./speculation.js";
