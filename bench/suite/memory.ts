// Memory after many instances were created, invoked once and dropped: per-instance graph caches
// are WeakMaps, so nothing should survive its instance.
import type { Scenarios } from "./catalog.js";
import { instantLeaves } from "./leaves.js";
import { round } from "./stats.js";

export interface MemoryResult {
  instances: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  growthMb: number;
  bytesPerInstance: number;
}

const BATCH = 100;

export async function measureMemory(classes: Scenarios, instances: number): Promise<MemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the memory figure needs a forced GC: run node with --expose-gc");
  // Warm up first, so code compiled once and the scheduler's module-level state are in `before`.
  await createInvokeDrop(classes, 2 * BATCH);
  gc();
  const before = process.memoryUsage().heapUsed;
  await createInvokeDrop(classes, instances);
  gc();
  const after = process.memoryUsage().heapUsed;
  const mb = (bytes: number) => round(bytes / 2 ** 20);
  return {
    instances,
    heapBeforeMb: mb(before),
    heapAfterMb: mb(after),
    growthMb: mb(after - before),
    bytesPerInstance: round((after - before) / instances, 1),
  };
}

/** Diamonds (4 calls each, a structural graph built per instance), `BATCH` at a time. */
async function createInvokeDrop(classes: Scenarios, count: number): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - done) }, () => new classes.Diamond(instantLeaves));
    await Promise.all(batch.map((op) => op.invoke({ query: "q" })));
  }
}
