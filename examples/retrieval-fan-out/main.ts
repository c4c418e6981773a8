// Retrieval fan-out compiled by `tspc`: prints the graph, how it runs, and the time saved.
//   node dist/examples/retrieval-fan-out/main.js
import { explain } from "xcs-jit";
import { registerExampleModel } from "../shared/model.js";
import { compareSchedulers, section } from "../shared/report.js";
import { RetrievalFanOut } from "./pipeline.js";

const model = registerExampleModel();
const pipeline = new RetrievalFanOut(model.name, 30);
const inputs = { query: "Why is the sky blue?" };
console.log(`model: ${model.description}`);

// The graph is built on the first invoke.
await pipeline.invoke(inputs);
const explained = explain(pipeline);

section("Graph (Mermaid)");
console.log(explained.graph?.toMermaid() ?? "(no graph)");
section("explain(pipeline)");
console.log(`mode: ${explained.mode}; diagnostics: ${explained.diagnostics.length === 0 ? "none" : explained.diagnostics.join("\n  ")}`);

section("Timings");
const result = await compareSchedulers((scheduler) => pipeline.invoke(inputs, { scheduler }));
section("Result");
console.log(JSON.stringify(result, null, 2));
