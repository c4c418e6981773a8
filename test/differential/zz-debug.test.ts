import fc from "fast-check";
import { readFileSync } from "node:fs";
import { it } from "vitest";
import { compileBatch, KIT_IMPORT } from "./compile-batch.js";
import { printProgram } from "./print-program.js";
import { makeScenario } from "./kit.js";
import { compareWithEager, describeCall } from "../support/index.js";
import { runsFor } from "./check-case.js";
import { generatedProgram, runInputs } from "./grammar.js";

it("debug", async () => {
  const cases = fc.sample(fc.record({ program: generatedProgram, inputs: runInputs }), { seed: Number(process.env.SEED ?? 777), numRuns: 300 });
  const c = cases[Number(process.env.CASE)]!;
  const source = printProgram(c.program, KIT_IMPORT);
  console.log(source.slice(source.indexOf("export class Helper")));
  const [compiled] = compileBatch([source]);
  const out = (compiled as any).outputs.tspatch;
  const text = readFileSync(out.path, "utf8");
  console.log(text.split("XCS_STRUCTURE](").slice(1).map((t) => t.slice(0, 2500)).join("\n=====\n"));
  const module = await import(out.path);
  const r = await compareWithEager(() => makeScenario(module.Generated, c.program.extras, true), runsFor(c.inputs), {
    makeCompiled: () => makeScenario(module.Generated, c.program.extras, false), console: true });
  r.eager.forEach((o, i) => console.log(`eager ${i + 1}: ${o.calls.map((x: any) => `${describeCall(x)}@${x.start}-${x.end}`).join(" | ")} ${o.ok ? "ok" : String(o.error)}`));
  r.compiled.forEach((o, i) => console.log(`compiled ${i + 1}: ${o.calls.map((x: any) => `${describeCall(x)}@${x.start}-${x.end}:${x.outcome}`).join(" | ")} ${o.ok ? "ok" : String(o.error)}`));
  console.log(r.differences.join("\n"));
}, 120000);
