// One comparison for the dogfood pipelines: a class built on a fresh call log, its eager run beside
// its compiled run on the same inputs (first and later runs, `sequential`, `maxConcurrency: 1`).
import { explain, type Operator } from "xcs-jit";
import { expect } from "vitest";
import { CallLog, compareWithEager, LogicalClock, type RunSpec, type Scenario } from "../../support/index.js";
import { eagerInvoke, type Ask } from "./group-members.js";

/** Builds the operator on `log`; `nested` are compiled operators the eager side calls as written. */
export type Build = (log: CallLog) => { op: Operator<Ask, unknown>; nested?: Operator<any, any>[] };

export function scenario(build: Build, eager: boolean, consume?: (v: unknown) => void) {
  return (): Scenario<Ask> => {
    const log = new CallLog(new LogicalClock());
    const { op, nested = [] } = build(log);
    if (eager) nested.forEach(eagerInvoke);
    return { op, log, consume };
  };
}

export const runs: readonly RunSpec<Ask>[] = ["q", "rr", "q", "s"].map((query, i) => ({ input: { query }, options: [undefined, undefined, { scheduler: "sequential" as const }, { maxConcurrency: 1 }][i] }));

/** Compares with eager (console included) and checks the class compiled to `mode`. */
export async function check(build: Build, mode = "structural", consume?: (v: unknown) => void, runSpecs: readonly RunSpec<Ask>[] = runs) {
  const result = await compareWithEager(scenario(build, true, consume), runSpecs, { makeCompiled: scenario(build, false, consume), console: true });
  expect({ mode: explain(scenario(build, false)().op).mode, differences: result.differences }).toEqual({ mode, differences: [] });
  return result;
}
