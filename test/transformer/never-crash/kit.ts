// The operators and effect sinks the generated classes use, built on test/support: latencies are
// logical ticks and every effect lands in the scenario's CallLog, so eager and compiled runs are
// compared on what happened and in what order, never on wall-clock time.
import { CallLog, EffectfulFakeOperator, FakeOperator, LogicalClock, type Scenario } from "../../support/index.js";

export interface Inputs {
  text: string;
  n: number;
}

export interface Reply {
  text: string;
  n: number;
}

/**
 * The log effects go to. A scenario installs its own (see `makeScenario`); eager and compiled
 * runs never overlap, so one module-level slot is enough.
 */
let current: CallLog | undefined;

function effect(name: string): void {
  if (!current) throw new Error("never-crash kit: an effect ran outside a scenario");
  current.finish(current.begin(name, undefined, true), "ok", undefined);
}

/** Looks like an array to the transformer: pushing to it is an effect on an outer variable. */
export const effects = { push: (value: string) => effect(`push ${value}`) };

/** A function the transformer knows nothing about, with an effect. */
export function record(value: string): void {
  effect(`record ${value}`);
}

const echo = (log: CallLog, name: string, latency: number) =>
  new FakeOperator<{ text: string }, Reply>(log, {
    name,
    latency,
    compute: ({ text }) => ({ text: `${name}(${text})`, n: text.length % 4 }),
  });

export function makeKit(log: CallLog) {
  return {
    a: echo(log, "a", 2),
    b: echo(log, "b", 1),
    members: [echo(log, "m0", 1), echo(log, "m1", 3), echo(log, "m2", 2)],
    fail: new FakeOperator<{ text: string }, Reply>(log, { name: "fail", fail: ({ text }) => new Error(`fail(${text})`) }),
    // An operator with an effect of its own: it must keep its place among the other effects.
    audit: new EffectfulFakeOperator<{ text: string }, Reply>(log, {
      name: "audit",
      compute: ({ text }) => ({ text: `audit(${text})`, n: 1 }),
    }),
  };
}

export type Kit = ReturnType<typeof makeKit>;

/** A fresh operator of the generated class on a fresh clock and log, installed as the effect sink. */
export function makeScenario(Generated: new (kit: Kit) => Scenario<Inputs>["op"]): Scenario<Inputs> {
  const log = new CallLog(new LogicalClock());
  current = log;
  return { op: new Generated(makeKit(log)), log };
}
