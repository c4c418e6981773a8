/**
 * The standard scenarios under @jit (every scenario class decorated, nested operators included):
 * each run returns eager's answer with eager's calls, and after the first trace every call of
 * every jitted operator is answered by its early call.
 */
import { inspect } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { Operator, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { fakeLeaves } from "../support/fake-operators.js";
import { Chain, Diamond, Ensemble, Single, standardScenarios } from "../support/scenarios.js";

const queries = ["first", "second", "third"];

interface Run {
  readonly value: unknown;
  readonly calls: string[];
  readonly ticks: number;
}

async function runAll(op: Operator<{ query: string }, unknown>, log: CallLog): Promise<Run[]> {
  const runs: Run[] = [];
  for (const query of queries) {
    const from = log.records.length;
    const start = log.clock.now;
    const value = await log.clock.run(op.invoke({ query }));
    runs.push({ value, calls: log.records.slice(from).map((r) => `${r.name} ${inspect(r.inputs)}`).sort(), ticks: log.clock.now - start });
  }
  return runs;
}

/** Every operator in the tree that has jit statistics (the decorated ones). */
function operatorsIn(op: object, into: Operator<any, any>[] = []): Operator<any, any>[] {
  if (op instanceof Ensemble || op instanceof Chain || op instanceof Diamond || op instanceof Single) into.push(op);
  for (const value of Object.values(op)) for (const child of [value].flat()) if (child instanceof Operator) operatorsIn(child, into);
  return into;
}

const eagerRuns = new Map<string, Run[]>();

beforeAll(async () => {
  // Eager answers first: no class is decorated yet.
  for (const scenario of standardScenarios) {
    const log = new CallLog(new LogicalClock());
    eagerRuns.set(scenario.name, await runAll(scenario.make(fakeLeaves(log)), log));
  }
  for (const cls of [Single, Chain, Ensemble, Diamond]) jit(cls);
});

describe("standard scenarios under @jit", () => {
  for (const scenario of standardScenarios) {
    it(`${scenario.name}: eager's answers and calls on every run; every call answered early after the first`, async () => {
      const log = new CallLog(new LogicalClock());
      const op = scenario.make(fakeLeaves(log));
      const runs = await runAll(op, log);
      const eager = eagerRuns.get(scenario.name)!;
      expect(runs.map((r) => r.value)).toEqual(eager.map((r) => r.value));
      expect(runs.map((r) => r.calls)).toEqual(eager.map((r) => r.calls));
      for (const jitted of operatorsIn(op)) {
        const last = getJitStats(jitted).lastRun!;
        expect(last.kind).toBe("replay");
        expect(last.speculation).toMatchObject({ hits: last.calls, misses: 0, unused: 0 });
      }
      // Once traced, a run takes the scenario's critical path, like the structural path.
      expect(runs[2]!.ticks).toBe(scenario.criticalPath);
    });
  }
});
