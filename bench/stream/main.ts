/**
 * `npm run bench:stream`: what `op.stream` costs and holds. Prints a table and writes
 * `bench/results/stream.json`.
 * - per-event overhead: CPU µs per event of streaming a 1,000-unit ensemble (2,000+ node events)
 *   over invoking it, with a model that answers at once; median of 15 alternating rounds.
 * - slow reader: a model streaming 20,000 pieces of 1 KiB to a reader that yields to the event loop
 *   for every event; the most pieces sent but unread, and the peak growth of the live heap (after a
 *   full GC, every 2,000 events) over the run.
 */
import { writeFileSync } from "node:fs";
import { ModelRegistry, ModelUnit, STREAM_HIGH_WATER_MARK, UniformEnsemble, type Model } from "../../runtime/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = async (run: () => Promise<unknown>) => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

// 1. Overhead per event.
const instant: Model = {
  id: "bench:instant",
  generate: async () => ({ text: "a", usage: { inputTokens: 1, outputTokens: 1 }, model: "bench:instant" }),
};
const registry = new ModelRegistry();
registry.register(instant, { timeoutMs: Infinity });
const ensemble = new UniformEnsemble({ numUnits: 1000, model: "bench:instant", registry });
let events = 0;
const drain = async () => {
  events = 0;
  for await (const _ of ensemble.stream({ query: "q" })) events++;
};
for (let i = 0; i < 5; i++) await ensemble.invoke({ query: "q" }), await drain(); // warm-up
const ratios: number[] = [];
const perEvent: number[] = [];
for (let round = 0; round < 15; round++) {
  gc();
  const invokeMs = await cpuMs(() => ensemble.invoke({ query: "q" }));
  gc();
  const streamMs = await cpuMs(drain);
  ratios.push(streamMs / invokeMs);
  perEvent.push(((streamMs - invokeMs) * 1000) / events);
}

// 2. Memory under a slow reader.
const PIECES = 20_000;
const PIECE_BYTES = 1024;
let sent = 0;
const chatty: Model = {
  id: "bench:chatty",
  async generate(_request, options = {}) {
    for (let i = 0; i < PIECES; i++) {
      sent++;
      await options.onTextDelta?.(String(i).padStart(PIECE_BYTES, "x")); // a new string each time
    }
    return { text: "done", usage: { inputTokens: 1, outputTokens: PIECES }, model: "bench:chatty" };
  },
};
registry.register(chatty, { timeoutMs: Infinity });
gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
let read = 0;
let mostUnread = 0;
for await (const event of new ModelUnit({ model: "bench:chatty", registry }).stream({ query: "q" })) {
  if (event.type !== "text-delta") continue;
  read++;
  mostUnread = Math.max(mostUnread, sent - read);
  if (read % 2000 === 0) {
    gc(); // live memory, not garbage waiting for a collection
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  await new Promise((resolve) => setImmediate(resolve)); // the slow reader
}

const result = {
  perEventOverheadUs: Number(median(perEvent).toFixed(2)),
  streamOverInvokeRatio: Number(median(ratios).toFixed(2)),
  eventsPerRun: events,
  slowReader: {
    pieces: PIECES,
    pieceBytes: PIECE_BYTES,
    highWaterMark: STREAM_HIGH_WATER_MARK,
    mostUnreadPieces: mostUnread,
    peakHeapGrowthMiB: Number(((peak - baseline) / 2 ** 20).toFixed(2)),
    streamedMiB: Number(((PIECES * PIECE_BYTES) / 2 ** 20).toFixed(2)),
  },
};
console.table({
  "overhead per event (µs CPU)": result.perEventOverheadUs,
  "stream / invoke CPU (1,000 units)": result.streamOverInvokeRatio,
  "events per run": result.eventsPerRun,
  "slow reader: most unread pieces": result.slowReader.mostUnreadPieces,
  "slow reader: peak live heap growth (MiB)": result.slowReader.peakHeapGrowthMiB,
  "slow reader: MiB streamed": result.slowReader.streamedMiB,
});
writeFileSync(new URL("../results/stream.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
