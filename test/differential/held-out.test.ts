// Held-out programs: pipelines written by hand in the style of production code (never by the
// generator, so they exercise what its grammar may not), compiled through the ts-patch, bundler
// and `xcs-jit build` paths (compile-batch.ts) and compared with eager `forward` by test/support's
// `compareWithEager`: first and later calls of one instance, then the sequential scheduler and
// `maxConcurrency` 1. Each module under `held-out/` exports `CASES` (held-out/kit.ts); the static
// ones must also compile with no diagnostic at all, and run as graphs.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { explain, Operator, type InvokeOptions } from "xcs-jit";
import { CallLog, compareWithEager, FakeOperator, LogicalClock, type RunSpec, type Scenario } from "../support/index.js";
import { BUILD_PATHS, compileBatch, removeStaleBatches, type CompiledCase } from "./compile-batch.js";
import type { HeldOutCase } from "./held-out/kit.js";
import { repoRoot } from "../transformer/virtual-program.js";

const DIR = join(repoRoot, "test/differential/held-out");
const MODULES = readdirSync(DIR).filter((f) => f.endsWith(".ts") && f !== "kit.ts").sort();

/** The modules' relative imports, as seen from `<batch>/<path>/case<i>.ts`. */
function relocate(source: string): string {
  return source.replaceAll('"./kit.js"', '"../../../../differential/held-out/kit.js"').replaceAll('"../../support/index.js"', '"../../../../support/index.js"');
}

let compiled: CompiledCase[] = [];

beforeAll(() => {
  removeStaleBatches();
  compiled = compileBatch(MODULES.map((m) => relocate(readFileSync(join(DIR, m), "utf8"))));
}, 120_000);

const neverAborted = new AbortController().signal;

/**
 * Eager semantics all the way down: every operator under `op` that is not a leaf (a nested
 * pipeline, structural or not) runs its own `forward` as written when called.
 */
function asWritten(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (value instanceof FakeOperator) return;
  if (value instanceof Operator && seen.size > 1) {
    const op = value as Operator<unknown, unknown>;
    op.invoke = (inputs: unknown) => Promise.resolve(op.forward(inputs, { signal: neverAborted }));
  }
  const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const child of children) asWritten(child, seen);
}

/** Every input at default options (first and later calls), then every input one at a time. */
function runsFor(inputs: readonly unknown[]): RunSpec<unknown>[] {
  const bounded: InvokeOptions[] = [{ scheduler: "sequential" }, { maxConcurrency: 1 }];
  return [...inputs.map((input) => ({ input })), ...bounded.flatMap((options) => inputs.map((input) => ({ input, options })))];
}

describe("held-out programs", () => {
  for (const [index, file] of MODULES.entries()) {
    it(`${file}: every class agrees with eager forward on every build path`, async () => {
      const compiledCase = compiled[index]!;
      expect("crashed" in compiledCase.analysis ? compiledCase.analysis.crashed : "").toBe("");
      const found: string[] = [];
      for (const path of BUILD_PATHS) {
        const output = compiledCase.outputs[path];
        if ("crashed" in output) {
          found.push(`[${path}] the transformer threw: ${output.crashed}`);
          continue;
        }
        const { CASES } = (await import(output.path)) as { CASES: HeldOutCase[] };
        for (const c of CASES) {
          const make = (eager: boolean) => (): Scenario => {
            const log = new CallLog(new LogicalClock());
            const op = c.create(log);
            if (eager) asWritten(op);
            return { op, log };
          };
          const mode = explain(make(false)().op).mode;
          if (c.static && mode !== "structural") found.push(`[${path}] ${c.className}: runs ${mode}, not structural`);
          const { differences } = await compareWithEager(make(true), runsFor(c.inputs), { makeCompiled: make(false), console: true });
          found.push(...differences.map((d) => `[${path}] ${c.className}: ${d}`));
        }
      }
      expect(found).toEqual([]);
    });

    it(`${file}: the static classes compile with no diagnostic at all`, async () => {
      const { analysis } = compiled[index]!;
      if ("crashed" in analysis) throw new Error(analysis.crashed);
      const output = compiled[index]!.outputs.tspatch;
      if ("crashed" in output) throw new Error(output.crashed);
      const { CASES } = (await import(output.path)) as { CASES: HeldOutCase[] };
      const staticNames = new Set(CASES.filter((c) => c.static).map((c) => c.className));
      const problems = analysis
        .filter((c) => staticNames.has(c.className))
        .flatMap((c) => [
          ...(c.outcome === "compiled" ? [] : [`${c.className}: ${c.outcome}`]),
          ...c.diagnostics.map((d) => `${c.className}: ${d.code} line ${d.line}: ${d.message}`),
        ]);
      expect(problems).toEqual([]);
    });
  }
});
