// A long batch with a progress bar: 60 questions through pmap, 8 at a time, the bar (cli-progress)
// moving as each one settles through pmap's onProgress.
//   node dist/examples/batch-progress/main.js
import cliProgress from "cli-progress";
import { ModelUnit, pmap } from "xcs-jit";
import { registerExampleModel } from "../shared/model.js";

const model = registerExampleModel();
console.log(`model: ${model.description}\n`);

const questions = Array.from({ length: 60 }, (_, i) => `Name a colour, take ${i + 1}.`);
const bar = new cliProgress.SingleBar(
  { format: "answering |{bar}| {value}/{total} ({failed} failed)", noTTYOutput: true, notTTYSchedule: 250 },
  cliProgress.Presets.shades_classic,
);
bar.start(questions.length, 0, { failed: 0 });
const batch = pmap(new ModelUnit({ model: model.name, temperature: 0.7 }), {
  maxConcurrency: 8,
  onProgress: ({ done, failed }) => bar.update(done, { failed }),
});
const { answer } = (await batch.invoke({ query: questions })) as { answer: string[] };
bar.stop();
console.log(`\n${answer.length} answers, the first: ${answer[0]}`);
if (answer.length !== questions.length) process.exitCode = 1;
