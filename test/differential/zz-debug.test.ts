import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { compileBatch, KIT_IMPORT } from "./compile-batch.js";
import { printProgram } from "./print-program.js";
import { checkCase } from "./check-case.js";
import { generatedProgram, runInputs } from "./grammar.js";

it("debug", async () => {
  const cases = fc.sample(fc.record({ program: generatedProgram, inputs: runInputs }), { seed: 12005, numRuns: 300 });
  const picked = [90, 114, 116, 123, 133, 203, 255, 261, 287];
  const sources = picked.map((i) => printProgram(cases[i]!.program, KIT_IMPORT));
  const compiled = compileBatch(sources);
  let out = "";
  for (const [k, i] of picked.entries()) {
    const failures = await checkCase(compiled[k]!, cases[i]!.program, cases[i]!.inputs);
    out += `\n===== case ${i} inputs ${JSON.stringify(cases[i]!.inputs)}\n${failures.filter((f) => f.path === "tspatch").map((f) => f.detail).join("\n")}\n${sources[k]!.slice(sources[k]!.indexOf("export class Helper"))}\n`;
  }
  writeFileSync("/tmp/cases.txt", out);
}, 300000);
