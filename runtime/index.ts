export { Operator, operatorName, hasEffects } from "./operator.js";
export type { ForwardContext, InvokeOptions, OperatorSpec } from "./operator.js";
