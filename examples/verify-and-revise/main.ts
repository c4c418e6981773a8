// Verify and revise, compiled by `tspc`: shows a graph break and what `explain` says about it.
//   node dist/examples/verify-and-revise/main.js [--rounds <n>]
import { parseArgs } from "node:util";
import { explain } from "xcs-jit";
import { registerExampleModel } from "../shared/model.js";
import { compareSchedulers, section } from "../shared/report.js";
import { VerifyAndRevise } from "./pipeline.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" } } });
const maxRounds = Number(values.rounds);
if (!Number.isInteger(maxRounds) || maxRounds < 1) throw new Error(`--rounds must be a positive integer, got "${values.rounds}"`);

const model = registerExampleModel();
const pipeline = new VerifyAndRevise(model.name, maxRounds);
const inputs = { query: "Which planet has the shortest day in the solar system?" };
console.log(`model: ${model.description}`);

await pipeline.invoke(inputs);
const explained = explain(pipeline);
section("explain(pipeline)");
// The drafts and the synthesis are graph nodes; the verify loop is one host node, and each
// diagnostic names the statement that caused the break with its file:line:column.
console.log(`mode: ${explained.mode}`);
console.log("diagnostics:");
for (const diagnostic of explained.diagnostics) console.log(`  ${diagnostic}`);
const hosts = explained.graph?.nodes.filter((node) => node.kind === "host") ?? [];
console.log(`host nodes: ${hosts.map((node) => node.id).join(", ") || "none"}`);

section("Graph (Mermaid)");
console.log(explained.graph?.toMermaid() ?? "(no graph)");

section("Timings");
const checked = await compareSchedulers((scheduler) => pipeline.invoke(inputs, { scheduler }));
section("Result");
console.log(`${checked.accepted ? "accepted" : "not accepted"} after ${checked.rounds} round(s): ${checked.answer}`);
