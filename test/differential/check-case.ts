// Checks one compiled generated program on every build path: the transformer did not throw, a
// class it did not compile has no structure, and every run agrees with eager `forward`
// (test/support's `compareWithEager`) on the first and later calls of one instance, with the
// parallel and sequential schedulers and `maxConcurrency` 1 and 2.
import { XCS_STRUCTURE, type InvokeOptions } from "xcs-jit";
import { compareWithEager, type RunSpec } from "../support/index.js";
import { wastedSinceLastRun } from "../support/wasted.js";
import { BUILD_PATHS, type BuildPath, type CompiledCase } from "./compile-batch.js";
import type { GeneratedProgram } from "./grammar.js";
import { makeScenario, type Ask } from "./kit.js";

export interface CaseFailure {
  /** Which build path, or `analysis` for the analysis itself. */
  readonly path: BuildPath | "analysis";
  readonly detail: string;
}

/** Per-call options, in this order over the runs: first and second calls default, then the others. */
const OPTIONS: readonly (InvokeOptions | undefined)[] = [undefined, undefined, { scheduler: "sequential" }, { maxConcurrency: 1 }, { maxConcurrency: 2 }];

export function runsFor(inputs: readonly Ask[]): RunSpec<Ask>[] {
  return OPTIONS.map((options, i) => ({ input: inputs[i % inputs.length]!, options }));
}

export async function checkCase(compiled: CompiledCase, program: GeneratedProgram, inputs: readonly Ask[]): Promise<CaseFailure[]> {
  if ("crashed" in compiled.analysis) return [{ path: "analysis", detail: `the transformer threw: ${compiled.analysis.crashed}` }];
  const outcomes = new Map(compiled.analysis.map((c) => [c.className, c.outcome]));
  const failures: CaseFailure[] = [];
  for (const path of BUILD_PATHS) {
    const output = compiled.outputs[path];
    if ("crashed" in output) {
      failures.push({ path, detail: `the transformer threw: ${output.crashed}` });
      continue;
    }
    let module: Record<string, any>;
    try {
      module = await import(output.path);
    } catch (error) {
      failures.push({ path, detail: `the output does not load: ${String(error)}` });
      continue;
    }
    for (const [className, outcome] of outcomes) {
      const hasStructure = typeof module[className]?.[XCS_STRUCTURE] === "function";
      if (hasStructure !== (outcome === "compiled")) {
        failures.push({ path, detail: `${className}: analysis says ${outcome}, but the class ${hasStructure ? "has" : "has no"} structure member` });
      }
    }
    const { differences } = await compareWithEager(() => makeScenario(module.Generated, program.extras, true), runsFor(inputs), {
      makeCompiled: () => makeScenario(module.Generated, program.extras, false),
      console: true,
      allowance: wastedSinceLastRun(),
    });
    failures.push(...differences.map((detail) => ({ path, detail })));
  }
  return failures;
}

/**
 * A failure's class for the figures: what went wrong, without the run, the path, the inputs and
 * the generated names, so the same bug met in many programs counts once per class.
 */
export function failureClass(failure: CaseFailure): string {
  const detail = failure.detail.replace(/^run \d+ \(input .*?, options .*?\): /, "");
  const threw = /compiled threw (.*)$/.exec(detail);
  if (detail.startsWith("the transformer threw")) return anonymous(detail.split("\n")[0]!);
  if (detail.startsWith("the output does not load: ")) {
    // esbuild's message is on its own line, after the file name and position.
    const esbuild = /ERROR: ([^\n]*)/.exec(detail);
    return `the output does not load: ${anonymous(esbuild ? esbuild[1]! : detail.split("\n")[0]!.slice("the output does not load: ".length))}`;
  }
  if (threw && !detail.startsWith("result differs")) return `compiled threw ${anonymous(threw[1]!)}`;
  // The other differences are classed by their kind alone (`effects differ`, `result differs`, ...).
  return detail.slice(0, detail.includes(":") ? detail.indexOf(":") : undefined);
}

/** An error message without the generated names and values in it. */
function anonymous(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b[A-Za-z_$][\w$]*\d+\b/g, "<name>")
    .replace(/\b(g|self|inputs|input|q|result|xcs|out|answer|v|r|text|score|rest|m|i)_?\b(?=[.\s'])/g, "<name>")
    .slice(0, 160);
}
