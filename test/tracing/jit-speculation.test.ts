import { describe, expect, it } from "vitest";
import { Operator, getJitStats, jit } from "xcs-jit";
import { CallLog } from "../support/call-log.js";
import { LogicalClock } from "../support/clock.js";
import { FakeOperator } from "../support/fake-operators.js";

/** Two independent 1-tick calls that forward awaits one after the other, then a call reading both. */
function makeWorld() {
  const clock = new LogicalClock();
  const log = new CallLog(clock);
  const upper = new FakeOperator(log, { name: "upper", compute: (i: { q: string }) => ({ text: i.q.toUpperCase() }) });
  const lower = new FakeOperator(log, { name: "lower", compute: (i: { q: string }) => ({ text: i.q.toLowerCase() }) });
  const join = new FakeOperator(log, { name: "join", compute: (i: { a: string; b: string }) => ({ joined: `${i.a}|${i.b}` }) });
  class Pipeline extends Operator<{ q: string }, { joined: string; n: number }> {
    async forward(inputs: { q: string }) {
      const a = await upper.invoke({ q: inputs.q });
      const b = await lower.invoke({ q: inputs.q });
      const j = await join.invoke({ a: a.text, b: b.text });
      return { joined: j.joined, n: 3 };
    }
  }
  class Jitted extends Pipeline {}
  jit(Jitted);
  return { clock, log, eager: new Pipeline(), jitted: new Jitted() };
}

describe("@jit speculation", () => {
  it("returns eager's result and makes eager's calls on every run, replaying early after the first", async () => {
    const eagerWorld = makeWorld();
    const jitWorld = makeWorld();
    const inputs = [{ q: "Sky" }, { q: "Blue" }, { q: "Why" }];
    for (const [run, input] of inputs.entries()) {
      const eagerStart = eagerWorld.clock.now;
      const expected = await eagerWorld.clock.run(eagerWorld.eager.invoke(input));
      const eagerTicks = eagerWorld.clock.now - eagerStart;
      const jitStart = jitWorld.clock.now;
      const logBefore = jitWorld.log.records.length;
      const actual = await jitWorld.clock.run(jitWorld.jitted.invoke(input));
      expect(actual).toEqual(expected);
      const made = jitWorld.log.records.slice(logBefore).map((r) => [r.name, r.inputs]);
      const eagerMade = eagerWorld.log.records.slice(logBefore).map((r) => [r.name, r.inputs]);
      expect(made).toEqual(eagerMade);
      expect(eagerTicks).toBe(3);
      // The first run traces (eager timing); later runs start upper and lower together.
      expect(jitWorld.clock.now - jitStart).toBe(run === 0 ? 3 : 2);
    }
    const stats = getJitStats(jitWorld.jitted);
    expect(stats.runs).toBe(3);
    expect(stats.speculation.hits).toBe(6);
    expect(stats.speculation.unused).toBe(0);
    expect(stats.cacheMisses).toBe(1);
    expect(stats.cacheHits).toBe(2);
    expect(stats.concurrencyReached).toBe(2);
  });
});
