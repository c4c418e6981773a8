// Runs the ensemble-judge pipeline compiled by `tspc` and shows what the transformer did:
// the emitted structure, the graph, how the runtime will run it, and the time saved.
//   node dist/examples/ensemble-judge/main.js [--latency <ms per call>]
import { parseArgs } from "node:util";
import { XCS_STRUCTURE, explain } from "xcs-jit";
import { EnsembleJudge } from "./pipeline.js";

const { values } = parseArgs({ options: { latency: { type: "string", default: "20" } } });
const latencyMs = Number(values.latency);
if (!Number.isFinite(latencyMs) || latencyMs < 0) {
  throw new Error(`--latency must be a non-negative number of milliseconds, got "${values.latency}"`);
}

const pipeline = new EnsembleJudge(latencyMs);
const inputs = { query: "Why is the sky blue?" };

section("Emitted structure of EnsembleJudge (compiled output)");
const structure = (EnsembleJudge as unknown as Record<symbol, unknown>)[XCS_STRUCTURE];
console.log(
  typeof structure === "function"
    ? structure.toString()
    : "(none: the class was not compiled by the xcs-jit transformer)",
);

// The graph is built on the first invoke, so warm up once before explaining and timing.
await pipeline.invoke(inputs);
const explained = explain(pipeline);

section("Graph (Mermaid)");
console.log(explained.graph ? explained.graph.toMermaid() : "(no graph)");

section("explain(pipeline)");
console.log(`mode: ${explained.mode}`);
console.log(`diagnostics: ${explained.diagnostics.length === 0 ? "none" : ""}`);
for (const diagnostic of explained.diagnostics) console.log(`  ${diagnostic}`);

section(`Timings (${latencyMs} ms per call)`);
const sequential = await timed(() => pipeline.invoke(inputs, { scheduler: "sequential" }));
const parallel = await timed(() => pipeline.invoke(inputs, { scheduler: "parallel" }));
console.log(`result:     ${JSON.stringify(parallel.result)}`);
console.log(`sequential: ${sequential.ms.toFixed(1)} ms`);
console.log(`parallel:   ${parallel.ms.toFixed(1)} ms`);
console.log(`speedup:    ${(sequential.ms / parallel.ms).toFixed(1)}x`);

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}
