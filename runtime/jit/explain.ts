import { findClassRunner, type ClassRunner } from "../dispatch.js";
import type { Graph } from "../graph/index.js";
import { operatorName, type Operator } from "../operator.js";
import { classDiagnostics } from "./diagnostics.js";

/** How an operator instance will run, and why. */
export interface Explanation {
  readonly mode: "structural" | "traced" | "eager";
  readonly graph?: Graph;
  /** Every graph break and bail-out (`file:line:column CODE message`), then why this mode. */
  readonly diagnostics: string[];
}

export type Explainer = (op: Operator<any, any>) => Explanation;

/** Keyed by the class runner, so explaining finds its answer the way `invoke` finds its runner. */
const explainers = new WeakMap<ClassRunner, Explainer>();

/** A decorator registers, next to its class runner, how to explain the instances it runs. */
export function setRunnerExplainer(runner: ClassRunner, explainer: Explainer): void {
  explainers.set(runner, explainer);
}

export function explain(op: Operator<any, any>): Explanation {
  const runner = findClassRunner(op);
  const explainer = runner && explainers.get(runner);
  if (explainer) return explainer(op);
  return {
    mode: "eager",
    diagnostics: [
      ...classDiagnostics(op),
      `${operatorName(op)} is not decorated with @structuralJit or @jit: invoke runs forward eagerly`,
    ],
  };
}
