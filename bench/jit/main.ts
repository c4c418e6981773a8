/**
 * The tracing JIT's figures, in one run:
 *   1. speedup of `@jit` (speculative replay) over eager `forward`, next to the structural path's
 *      (the same operator's emitted structure through the scheduler), 20 ms per call, with the
 *      same input on every call and with a new input on every call;
 *   2. the cost of tracing on a first call, and of replaying, per operator call (0 ms calls).
 * Run: `npm run bench:jit` (compiles the bench with the runtime sources into bench/.tmp/jit-build).
 * Writes bench/results/jit.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { getJitStats, jit, type Operator } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { wide } from "../../test/support/scenarios.js";
import { median, round } from "../scheduler/stats.js";
import { answeringLeaves, isLeaf } from "./leaves.js";
import { benchScenarios } from "./scenarios.js";

const input = { query: "q" };
const ctx = { signal: new AbortController().signal };
const latencyMs = 20;
const repeats = 7;

async function wallTime(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function medianOf(run: () => Promise<unknown>, times = repeats): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await wallTime(run));
  return median(samples);
}

const overheadCalls = 101;
const instantWide = () => wide(answeringLeaves(0), 100);
// Before anything is jitted: no trace has turned on Node's async-context hooks yet.
const eagerInstantMs = await medianOf(async () => instantWide().forward(input), 50);

const jitTwins = new Map<Function, Function>();

/**
 * The operator with every class in its tree (leaves excepted) swapped for a `@jit` subclass of
 * it, as a user who decorated them all would have it; the classes themselves stay undecorated,
 * so eager `forward` is measured on the same classes in the same stretch of time.
 */
function jitted<T extends Operator<any, any>>(op: T): T {
  if (!isLeaf(op)) {
    const cls = op.constructor as new (...args: any[]) => object;
    let twin = jitTwins.get(cls);
    if (!twin) {
      const subclass = class extends cls {};
      Object.defineProperty(subclass, "name", { value: cls.name });
      jit(subclass as never);
      jitTwins.set(cls, (twin = subclass));
    }
    Object.setPrototypeOf(op, twin.prototype);
  }
  for (const value of Object.values(op)) {
    for (const child of [value].flat()) if (child instanceof Object && "invoke" in child) jitted(child as Operator<any, any>);
  }
  return op;
}

/**
 * Eager, structural and jit runs alternate, so that load from elsewhere on a shared machine
 * falls on all three alike; the jit instance has traced before its first timed run. Two input
 * patterns: the same input on every call, and a new input on every call (what a server sees,
 * and where a replay that trusted stale inputs would pay for it).
 */
const inputPatterns = {
  same: () => () => input,
  "new per call": () => {
    let calls = 0;
    return () => ({ query: `q${calls++}` });
  },
};
const speedups = [];
for (const [inputs, pattern] of Object.entries(inputPatterns)) {
  for (const scenario of benchScenarios) {
    const nextInput = pattern();
    const eagerOp = scenario.make(answeringLeaves(latencyMs));
    const graph = buildStructure(scenario.make(answeringLeaves(latencyMs)));
    const jitOp = jitted(scenario.make(answeringLeaves(latencyMs)));
    await jitOp.invoke(nextInput());
    const samples = { eager: [] as number[], structural: [] as number[], jit: [] as number[] };
    for (let i = 0; i < repeats; i++) {
      const runInput = nextInput();
      samples.eager.push(await wallTime(async () => eagerOp.forward(runInput, ctx)));
      samples.structural.push(await wallTime(() => runGraph(graph, runInput, { scheduler: "parallel" })));
      samples.jit.push(await wallTime(() => jitOp.invoke(runInput)));
    }
    const [eagerMs, structuralMs, jitMs] = [median(samples.eager), median(samples.structural), median(samples.jit)];
    const structuralSpeedup = eagerMs / structuralMs;
    const jitSpeedup = eagerMs / jitMs;
    const stats = getJitStats(jitOp);
    speedups.push({
      scenario: scenario.name,
      inputs,
      calls: scenario.calls,
      eagerMs: round(eagerMs),
      structuralMs: round(structuralMs),
      jitMs: round(jitMs),
      structuralSpeedup: round(structuralSpeedup),
      jitSpeedup: round(jitSpeedup),
      "jit / structural": round(jitSpeedup / structuralSpeedup, 3),
      // Early calls of the outer operator over every run, the warm-up included.
      earlyUsed: stats.speculation.used,
      earlyWasted: stats.speculation.wasted,
    });
  }
}

const firstCalls: number[] = [];
for (let i = 0; i < 50; i++) {
  const op = jitted(instantWide());
  firstCalls.push(await wallTime(() => op.invoke(input)));
}
const replayOp = jitted(instantWide());
await replayOp.invoke(input);
const replayMs = await medianOf(() => replayOp.invoke(input), 50);
const overhead = {
  scenario: "wide-100, 0 ms calls",
  calls: overheadCalls,
  eagerMs: round(eagerInstantMs, 3),
  firstCallMs: round(median(firstCalls), 3),
  replayMs: round(replayMs, 3),
  tracingUsPerCall: round(((median(firstCalls) - eagerInstantMs) / overheadCalls) * 1000, 1),
  replayUsPerCall: round(((replayMs - eagerInstantMs) / overheadCalls) * 1000, 1),
};

console.log(`\n@jit (speculative replay) vs the structural path, speedup over eager, ${latencyMs} ms per call (target: jit ≥ 0.9 × structural)`);
console.table(speedups);
console.log("Tracing overhead on a first call, and replay overhead, per operator call");
console.table([overhead]);

const results = new URL("../../../../results/", import.meta.url);
mkdirSync(results, { recursive: true });
// Wall-clock figures mean little on a busy machine: the load is recorded next to them.
const environment = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  loadAverage: loadavg().map((l) => round(l)),
  date: new Date().toISOString(),
};
writeFileSync(new URL("jit.json", results), JSON.stringify({ environment, latencyMs, repeats, speedups, overhead }, null, 2) + "\n");
console.log(`written: ${new URL("jit.json", results).pathname}`);
