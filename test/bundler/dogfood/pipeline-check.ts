// One comparison for the dogfood pipelines: a class built on a fresh call log, its eager run beside
// its compiled run on the same inputs (first and later runs, `sequential`, `maxConcurrency: 1`);
// and the leaves they share.
import { explain, type Operator } from "xcs-jit";
import { expect } from "vitest";
import { CallLog, compareWithEager, EffectfulFakeOperator, FakeOperator, LogicalClock, type RunSpec, type Scenario } from "../../support/index.js";
import { wastedSinceLastRun } from "../../support/wasted.js";
import { eagerInvoke, type Ask, type Reply } from "./group-members.js";

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

/** For width: `auto` may pick one at a time once the logical clock's calls measured cheap, so the second run is pinned parallel. */
export const widthRuns: readonly RunSpec<Ask>[] = ["q", "rr", "q", "s"].map((query, i) => ({ input: { query }, options: [undefined, { scheduler: "parallel" as const }, { scheduler: "sequential" as const }, { maxConcurrency: 1 }][i] }));

/** Compares with eager (console included) and checks the class compiled to `mode`. */
export async function check(build: Build, mode = "structural", consume?: (v: unknown) => void, runSpecs: readonly RunSpec<Ask>[] = runs) {
  // A traced class may waste early calls by design, as the generator's programs may (`wastedSinceLastRun`).
  const result = await compareWithEager(scenario(build, true, consume), runSpecs, { makeCompiled: scenario(build, false, consume), console: true, allowance: wastedSinceLastRun() });
  expect({ mode: explain(scenario(build, false)().op).mode, differences: result.differences }).toEqual({ mode, differences: [] });
  return result;
}

/** A pure model answering `name(query)`. */
export const model = (log: CallLog, name = "model", latency = 1) =>
  new FakeOperator<Ask, Reply>(log, { name, latency, compute: (i) => ({ answer: `${name}(${i.query})` }) });

/** Sorts the list it is given in place (declaring effects). */
export const ranker = (log: CallLog, name = "ranker") =>
  new EffectfulFakeOperator<{ items: string[] }, Reply>(log, {
    name,
    latency: 2,
    compute: (i) => {
      i.items.sort();
      return { answer: i.items.join(",") };
    },
  });

/** A pure call joining the list it is given. */
export const join = (log: CallLog, name = "join") => new FakeOperator<{ items: string[] }, Reply>(log, { name, compute: (i) => ({ answer: i.items.join("+") }) });
