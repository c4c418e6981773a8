export { structuralJit, type OperatorClassDecorator } from "./structural-jit.js";
export { StrictStructuralJitError, type StructuralJitOptions } from "./structural-runner.js";
export { explain, setRunnerExplainer, type Explanation, type Explainer } from "./explain.js";
export type { CompiledDiagnostic } from "./diagnostics.js";
