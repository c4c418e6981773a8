// The execution modes every scenario runs in. Each names the compiled copy of scenarios.ts it
// uses, the options passed to `invoke`, and its lower bound in latency units.
import type { InvokeOptions } from "xcs-jit";
import type { Scenario } from "./catalog.js";

export type Copy = "eager" | "traced" | "structural";

export interface Mode {
  readonly name: string;
  readonly copy: Copy;
  readonly options?: InvokeOptions;
  /**
   * The least number of latency units a run can take: the critical path, or, with at most k
   * calls in flight, ceil(calls / k) when that is longer (k = 1 is sequential).
   */
  readonly bound: (scenario: Scenario) => number;
}

const criticalPath = (s: Scenario) => s.criticalPath;
const bounded = (k: number) => (s: Scenario) => Math.max(s.criticalPath, Math.ceil(s.calls / k));

const parallelWith = (k: number): Mode => ({
  name: `parallel k=${k}`,
  copy: "structural",
  options: { scheduler: "parallel", maxConcurrency: k },
  bound: bounded(k),
});

export const SEQUENTIAL = "sequential";

export const modes: readonly Mode[] = [
  // `forward` as written, no JIT: its Promise.all already overlaps what the author overlapped.
  { name: "eager", copy: "eager", bound: criticalPath },
  { name: "jit (tracing)", copy: "traced", bound: criticalPath },
  { name: SEQUENTIAL, copy: "structural", options: { scheduler: "sequential" }, bound: bounded(1) },
  // What `invoke` does with no options: the scheduler picks by graph width and measured cost.
  { name: "auto", copy: "structural", bound: criticalPath },
  parallelWith(1),
  parallelWith(2),
  parallelWith(4),
  parallelWith(8),
  { name: "parallel k=∞", copy: "structural", options: { scheduler: "parallel" }, bound: criticalPath },
];
