// Self-consistency with MostCommon, compiled by `tspc`.
//   node dist/examples/self-consistency/main.js [--samples <n>]
import { parseArgs } from "node:util";
import { explain } from "xcs-jit";
import { registerExampleModel } from "../shared/model.js";
import { compareSchedulers, section } from "../shared/report.js";
import { SelfConsistency } from "./pipeline.js";

const { values } = parseArgs({ options: { samples: { type: "string", default: "9" } } });
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 1) throw new Error(`--samples must be a positive integer, got "${values.samples}"`);

const model = registerExampleModel();
const pipeline = new SelfConsistency(model.name, samples);
const inputs = { query: "In one short phrase: what colour is the daytime sky on Mars?" };
console.log(`model: ${model.description}`);

await pipeline.invoke(inputs);
const explained = explain(pipeline);
section("Graph (Mermaid)");
console.log(explained.graph?.toMermaid() ?? "(no graph)");
section("explain(pipeline)");
console.log(`mode: ${explained.mode}; diagnostics: ${explained.diagnostics.length === 0 ? "none" : explained.diagnostics.join("\n  ")}`);

section(`Timings (${samples} samples)`);
const consensus = await compareSchedulers((scheduler) => pipeline.invoke(inputs, { scheduler }));
section("Consensus");
console.log(`${JSON.stringify(consensus.answer)}: ${consensus.votes} of ${consensus.samples} samples agree`);
