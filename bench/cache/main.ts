/**
 * `npm run bench:cache`: what a model cache saves. The original example's shape (10 units of
 * gpt-4o at temperature 0 + a claude-3-5-sonnet judge, simulated with the hosted-model latency
 * profile scaled tenfold down) run three times in `cacheModelCalls`: cold (every call made), then
 * warm from memory, then warm from a fresh disk cache of another registry (another process, to
 * the cache). Prints a table and writes `bench/results/cache.json`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGraph, cacheModelCalls, diskCache, meterUsage, memoryCache, ModelRegistry, simulatedModels, type ModelCacheStore } from "../../runtime/index.js";

const latency = { ttftMs: 45, msPerToken: 1.1, sigma: 0.35 };
const spec = ["10:E:openai:gpt-4o:0", "1:J:anthropic:claude-3-5-sonnet:0"];
const query = { query: "Why is the sky blue?" };

async function run(store: ModelCacheStore) {
  const graph = buildGraph(spec, { registry: new ModelRegistry(simulatedModels({ latency })) });
  const started = performance.now();
  const { usage } = await meterUsage(() => cacheModelCalls({ store }, () => graph.invoke(query)));
  return { wallMs: Number((performance.now() - started).toFixed(1)), requests: usage.total.requests, cacheHits: usage.total.cacheHits, costUsd: usage.total.costUsd ?? 0, savedUsd: usage.total.savedUsd ?? 0 };
}

const memory = memoryCache();
const dir = mkdtempSync(join(tmpdir(), "xcs-bench-cache-"));
try {
  const cold = await run(memory);
  const warmMemory = await run(memory);
  await run(diskCache(dir)); // fills the directory
  const warmDisk = await run(diskCache(dir));
  const result = { cold, warmMemory, warmDisk };
  console.table(result);
  writeFileSync(new URL("../results/cache.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
