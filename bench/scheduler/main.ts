/**
 * `npm run bench:scheduler`: the scheduler's figures (see bench/README.md). Prints tables and
 * writes bench/results/scheduler.json. Run with --expose-gc.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, writeFileSync } from "node:fs";
import { measureBuildTime } from "./build-time.js";
import { measureEnsembleSpeedup, measureMakespan } from "./makespan.js";
import { measurePerNodeCost } from "./per-node-cost.js";
import { measurePendingHeap, measureUserPath } from "./user-path.js";

const build = await measureBuildTime();
// Before anything uses an AsyncLocalStorage, like a program that scopes no options.
const userPathWithout = await measureUserPath();
const pendingHeapWithout = await measurePendingHeap();
const makespan = await measureMakespan();
const perNodeWithout = await measurePerNodeCost(false);
// Once any AsyncLocalStorage has been used, Node 20 pays a promise hook on every promise, for
// the rest of the process: so this half runs after the other.
new AsyncLocalStorage<number>().run(1, () => {});
const userPathWith = await measureUserPath();
const pendingHeapWith = await measurePendingHeap();
const perNodeWith = await measurePerNodeCost(true);
const speedup = await measureEnsembleSpeedup();

const userPath = [...userPathWithout.map((f) => ({ ...f, asyncLocalStorage: false })), ...userPathWith.map((f) => ({ ...f, asyncLocalStorage: true }))];
const pendingHeap = [{ ...pendingHeapWithout, asyncLocalStorage: false }, { ...pendingHeapWith, asyncLocalStorage: true }];
console.log("\nPer-node cost on the user's path: root.invoke(input) compiled vs hand-written over the leaves' forward (target: ratio ≤ 1.2)");
console.table(userPath);
console.log("Heap per call in flight, 1,000 calls (target ≤ 1 KB)");
console.table(pendingHeap);
console.log("Per-node scheduling cost, runGraph vs eager forward through invoke, 0 ms operators (target: ratio ≤ 1.5)");
console.table([...perNodeWithout, ...perNodeWith]);
console.log("Graph build, 1,000-node structures (target ≤ 10 ms)");
console.table(build);
console.log("Makespan over the critical-path bound, 20 ms per call (target ≤ 1.05)");
console.table(makespan);
console.log("10-unit ensemble + judge at depth 2, sequential over parallel (target ≥ 30×)");
console.table([speedup]);

const results = new URL("../../../../results/", import.meta.url);
mkdirSync(results, { recursive: true });
const environment = { node: process.version, platform: `${process.platform} ${process.arch}`, date: new Date().toISOString() };
writeFileSync(
  new URL("scheduler.json", results),
  JSON.stringify({ environment, userPath, pendingHeap, perNode: [...perNodeWithout, ...perNodeWith], build, makespan, ensembleSpeedup: speedup }, null, 2) + "\n",
);
console.log(`written: ${new URL("scheduler.json", results).pathname}`);
