import { operatorName, type Operator } from "../operator.js";
import { graphOfPlan } from "../tracing/trace-graph.js";
import { leavesOf, predictionOf } from "../tracing/input-template.js";
import { classDiagnostics } from "./diagnostics.js";
import type { Explanation } from "./explain.js";
import { tracePlanOf } from "./tracing-engine.js";

/** How `explain` describes an instance run by the tracing JIT: its last trace as a graph. */
export function explainTraced(op: Operator<any, any>): Explanation {
  const { graph, reasons } = describeTrace(op);
  const diagnostics = [...classDiagnostics(op), ...reasons];
  return graph ? { mode: "traced", graph, diagnostics } : { mode: "traced", diagnostics };
}

/** The traced graph and what limits speculation, for `explain` and the structural fallback. */
export function describeTrace(op: Operator<any, any>): { graph: ReturnType<typeof graphOfPlan>; reasons: string[] } {
  const name = operatorName(op);
  const plan = tracePlanOf(op);
  if (!plan) return { graph: undefined, reasons: [`${name} runs through the tracing JIT; it has not been traced yet (the first invoke traces it)`] };
  const reasons = [`${name} runs through the tracing JIT: later calls replay its last trace speculatively and check every call against the real forward`];
  for (const call of plan.calls) {
    if (call.effects) reasons.push(`call ${call.position} (${call.operatorName}) has effects: never dispatched early`);
    else if (call.held) reasons.push(`call ${call.position} (${call.operatorName}) is conditional or was mispredicted: not dispatched early until a run with another input makes it again`);
    for (const { path, leaf } of leavesOf(call.input)) {
      if (predictionOf(leaf, plan.inputFields) !== "none") continue;
      const input = `call ${call.position} (${call.operatorName}): input ${path.join(".") || "(whole)"}`;
      if (leaf.origins.length === 0) {
        reasons.push(`${input} is computed by forward: not predicted until it stays the same while every field of the run input changes`);
      } else {
        reasons.push(`${input} was found in an earlier value by equality only (a small value, one in several places, or one forward also computed): not predicted until a run with another input shows where it comes from`);
      }
    }
  }
  try {
    return { graph: graphOfPlan(name, plan, op), reasons };
  } catch (error) {
    return { graph: undefined, reasons: [...reasons, `the traced graph could not be drawn: ${(error as Error).message}`] };
  }
}
