/**
 * The tracing JIT's figures, in one run:
 *   1. speedup of `@jit` (speculative replay) over eager `forward`, next to the structural path's
 *      (the same operator's emitted structure through the scheduler), 20 ms per call;
 *   2. the cost of tracing on a first call, and of replaying, per operator call (0 ms calls).
 * Run: `npm run bench:jit` (compiles the bench with the runtime sources into bench/.tmp/jit-build).
 * Writes bench/results/jit.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { jit, type Operator } from "xcs-jit";
import { buildStructure } from "../../runtime/builder/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { wide } from "../../test/support/scenarios.js";
import { median, round } from "../scheduler/stats.js";
import { answeringLeaves, isLeaf } from "./leaves.js";
import { benchScenarios } from "./scenarios.js";

const input = { query: "q" };
const ctx = { signal: new AbortController().signal };
const latencyMs = 20;
const repeats = 5;

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

// Phase 1, before any class is jitted: eager forward and the structural path.
const baseline = new Map<string, { eagerMs: number; structuralMs: number }>();
for (const scenario of benchScenarios) {
  const op = scenario.make(answeringLeaves(latencyMs));
  const graph = buildStructure(op);
  baseline.set(scenario.name, {
    eagerMs: await medianOf(async () => op.forward(input, ctx)),
    structuralMs: await medianOf(() => runGraph(graph, input, { scheduler: "parallel" })),
  });
}
const overheadCalls = 101;
const instantWide = () => wide(answeringLeaves(0), 100);
const eagerInstantMs = await medianOf(async () => instantWide().forward(input), 50);

/** Decorates the class of every operator in the tree with @jit (leaves excepted), once each. */
function jitEveryClass(op: Operator<any, any>, done = new Set<Function>()): void {
  if (!isLeaf(op) && !done.has(op.constructor)) {
    done.add(op.constructor);
    jit(op.constructor as never);
  }
  for (const value of Object.values(op)) {
    for (const child of [value].flat()) if (child instanceof Object && "invoke" in child) jitEveryClass(child as Operator<any, any>, done);
  }
}

// Phase 2: every scenario class decorated with @jit (nested operators too, as a user would).
const decorated = new Set<Function>();
for (const scenario of benchScenarios) jitEveryClass(scenario.make(answeringLeaves(latencyMs)), decorated);

const speedups = [];
for (const scenario of benchScenarios) {
  const op = scenario.make(answeringLeaves(latencyMs));
  await op.invoke(input); // the first call traces
  const jitMs = await medianOf(() => op.invoke(input));
  const { eagerMs, structuralMs } = baseline.get(scenario.name)!;
  const structuralSpeedup = eagerMs / structuralMs;
  const jitSpeedup = eagerMs / jitMs;
  speedups.push({
    scenario: scenario.name,
    calls: scenario.calls,
    eagerMs: round(eagerMs),
    structuralMs: round(structuralMs),
    jitMs: round(jitMs),
    structuralSpeedup: round(structuralSpeedup),
    jitSpeedup: round(jitSpeedup),
    "jit / structural": round(jitSpeedup / structuralSpeedup, 3),
  });
}

const firstCalls: number[] = [];
for (let i = 0; i < 50; i++) {
  const op = instantWide();
  firstCalls.push(await wallTime(() => op.invoke(input)));
}
const replayOp = instantWide();
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
writeFileSync(new URL("jit.json", results), JSON.stringify({ environment, latencyMs, speedups, overhead }, null, 2) + "\n");
console.log(`written: ${new URL("jit.json", results).pathname}`);
