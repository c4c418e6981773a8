// Runs the ensemble-judge pipeline compiled by `tspc` and shows what the transformer did: the
// emitted structure, how the runtime runs it, and the time of `forward` run as written (its
// awaits one after another) against the compiled graph and the critical-path bound.
//   node dist/examples/ensemble-judge/main.js [--latency <ms per call>] [--mermaid]
import { parseArgs } from "node:util";
import { XCS_STRUCTURE, explain, type Graph } from "xcs-jit";
import { EnsembleJudge } from "./pipeline.js";

const { values } = parseArgs({ options: { latency: { type: "string", default: "20" }, mermaid: { type: "boolean", default: false } } });
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

section("explain(pipeline)");
console.log(`mode: ${explained.mode}`);
console.log(`diagnostics: ${explained.diagnostics.length === 0 ? "none" : ""}`);
for (const diagnostic of explained.diagnostics) console.log(`  ${diagnostic}`);
if (explained.graph) {
  const calls = explained.graph.nodes.filter((n) => n.kind === "call").length;
  console.log(`graph: ${calls} calls, at most ${callDepth(explained.graph)} on any path (--mermaid prints it)`);
}
if (values.mermaid && explained.graph) {
  section("Graph (Mermaid)");
  console.log(explained.graph.toMermaid());
}

section(`Timings (${latencyMs} ms per call)`);
// `forward` itself is the program as written: every operator it awaits is a plain one.
const asWritten = await timed(() => pipeline.forward(inputs));
const compiled = await timed(() => pipeline.invoke(inputs));
const boundMs = explained.graph ? callDepth(explained.graph) * latencyMs : Number.NaN;
const same = JSON.stringify(asWritten.result) === JSON.stringify(compiled.result);
console.log(`result:               ${JSON.stringify(compiled.result)} (${same ? "the same" : "NOT the same"} as written)`);
console.log(`as written (forward): ${asWritten.ms.toFixed(1)} ms`);
console.log(`compiled (invoke):    ${compiled.ms.toFixed(1)} ms`);
console.log(`critical-path bound:  ${boundMs.toFixed(1)} ms (the longest chain of calls x ${latencyMs} ms)`);
console.log(`speedup over as written: ${(asWritten.ms / compiled.ms).toFixed(1)}x`);
console.log(`compiled / bound:        ${(compiled.ms / boundMs).toFixed(2)}`);
if (!same) process.exitCode = 1;

/** The most operator calls on any path through the graph (nodes are in a topological order). */
function callDepth(graph: Graph): number {
  const depth = new Map<string, number>();
  for (const node of graph.nodes) {
    const before = Math.max(0, ...graph.edges.filter((e) => e.to === node.id).map((e) => depth.get(e.from) ?? 0));
    depth.set(node.id, before + (node.kind === "call" ? 1 : 0));
  }
  return Math.max(0, ...depth.values());
}

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}
