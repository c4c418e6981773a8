export { Operator, operatorName, hasEffects } from "./operator.js";
export type { ForwardContext, InvokeOptions, OperatorSpec } from "./operator.js";
export { ValidationError, InputValidationError, OutputValidationError } from "./schema/index.js";
export {
  executionOptions,
  currentExecutionOptions,
  InvalidOptionError,
  type ExecutionOptions,
  type SchedulerName,
} from "./options/index.js";
export {
  structuralJit,
  explain,
  StrictStructuralJitError,
  type StructuralJitOptions,
  type Explanation,
  type CompiledDiagnostic,
} from "./jit/index.js";
export { Graph, GraphValidationError } from "./graph/index.js";
export type { GraphEdge, GraphJSON, GraphNode, GraphSpec, FieldMapping, NodeKind, NodeJSON } from "./graph/index.js";
export { GraphBuilder, Ref, XCS_STRUCTURE, XCS_DIAGNOSTICS, type Structure, type Value } from "./builder/index.js";
export { failedNodeOf, type FailedNode, type RunGraphOptions } from "./scheduler/index.js";
export * from "./non/index.js";
export * from "./models/index.js";
export * from "./events/index.js";
export { jit, type JitOptions } from "./jit/tracing-jit.js";
export { getJitStats, type JitStats, type JitRun, type NodeStats, type NodeTiming, type PlannedCallRef, type ReplayedPlan, type SpeculationCounts } from "./metrics/index.js";
export { COMPILED_TIMING_SAMPLE } from "./jit/structural-stats.js";
export { TracerContext, type TraceRecord, SpeculationBlockedError } from "./tracing/index.js";
export { vmap, pmap, compose, VmappedOperator, PmappedOperator, ComposedOperator } from "./transforms/index.js";
export type { VmapOptions, PmapOptions, ItemOutcome, AxesOptions, BatchProgress } from "./transforms/index.js";
export { autograph, execute, type AutographOptions } from "./autograph/index.js";
