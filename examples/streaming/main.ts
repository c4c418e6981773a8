// Streams an ensemble + judge run: the ensemble's progress as each unit finishes, then the judge's
// answer piece by piece as the model writes it, then the usage. Breaking out of the loop would
// abort the run (every model call sees the signal).
//   node dist/examples/streaming/main.js
import { buildGraph } from "xcs-jit";
import { registerExampleModel } from "../shared/model.js";

const model = registerExampleModel();
console.log(`model: ${model.description}\n`);

const units = 5;
const graph = buildGraph([`${units}:E:${model.name}:0.7`, `1:J:${model.name}:0`]);
const stream = graph.stream({ query: "Why is the sky blue? Answer in one sentence." });

let done = 0;
let judging = false;
for await (const event of stream) {
  if (event.type === "node-finished" && event.path.startsWith("E0/units.")) {
    done++;
    const tokens = event.usage ? `, ${event.usage.outputTokens} tokens` : "";
    console.log(`ensemble: ${done}/${units} units answered (${event.path}, ${event.durationMs.toFixed(0)} ms${tokens})`);
  } else if (event.type === "text-delta" && event.path.startsWith("J")) {
    if (!judging) process.stdout.write("\njudge: ");
    judging = true;
    process.stdout.write(event.delta);
  } else if (event.type === "output") {
    const { requests, inputTokens, outputTokens, costUsd } = event.usage.total;
    console.log(`\n\nanswer: ${event.value.answer}`);
    console.log(`usage: ${requests} requests, ${inputTokens} input + ${outputTokens} output tokens, ${costUsd === undefined ? "price unknown" : `$${costUsd.toFixed(6)}`}`);
  }
}
// The stream's result is what invoke resolves to.
const result = await stream.result;
if (done !== units || !judging || result.answers.length !== 1) {
  console.error("the stream did not show every unit and the judge's text");
  process.exitCode = 1;
}
