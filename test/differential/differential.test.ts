// Compiling never changes what a program means. Generated @structuralJit programs (grammar.ts)
// are compiled in one batch through the ts-patch, bundler and `xcs-jit build` paths and each is
// compared with eager `forward` (check-case.ts). A failure is replayed by fast-check from its
// place in the seeded sequence and shrunk to a small program, printed ready to save as a fixture.
//
// `npm run fuzz -- --count N --seed S` runs the same file on a long campaign (scripts/fuzz.mjs):
// then every failure is counted, by class, and each class is shrunk and printed once.
import fc from "fast-check";
import { rmSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { checkCase, failureClass, type CaseFailure } from "./check-case.js";
import { compileBatch, KIT_IMPORT, SCRATCH } from "./compile-batch.js";
import { generatedProgram, runInputs, type GeneratedProgram } from "./grammar.js";
import { printProgram } from "./print-program.js";
import type { Ask } from "./kit.js";

const fuzz = process.env.XCS_FUZZ === "1";
const COUNT = Number(process.env.XCS_FUZZ_COUNT ?? 300);
const SEED = Number(process.env.XCS_FUZZ_SEED ?? 12_005);
/** Shrinking compiles one program per step: bound it so a failure reports in reasonable time. */
const SHRINK_TIME_LIMIT = fuzz ? 120_000 : 30_000;

interface GeneratedCase {
  program: GeneratedProgram;
  inputs: Ask[];
}

const generatedCase: fc.Arbitrary<GeneratedCase> = fc.record({ program: generatedProgram, inputs: runInputs });

beforeAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

async function failuresOf(cases: readonly GeneratedCase[]): Promise<CaseFailure[][]> {
  const compiled = compileBatch(cases.map((c) => printProgram(c.program, KIT_IMPORT)));
  const failures: CaseFailure[][] = [];
  for (const [i, c] of cases.entries()) failures.push(await checkCase(compiled[i]!, c.program, c.inputs));
  return failures;
}

/** Replays case `index` of the seeded sequence and shrinks it while `fails` holds; the error names the program. */
async function shrink(index: number, fails: (failures: CaseFailure[]) => boolean): Promise<void> {
  await fc.assert(
    fc.asyncProperty(generatedCase, async (c) => {
      const [failures] = await failuresOf([c]);
      if (!fails(failures!)) return;
      const source = printProgram(c.program, "../../differential/kit.js");
      throw new Error(`${describe(failures!)}\ninputs ${JSON.stringify(c.inputs)}; program:\n${source}`);
    }),
    { seed: SEED, path: String(index), numRuns: COUNT, interruptAfterTimeLimit: SHRINK_TIME_LIMIT, markInterruptAsFailure: true },
  );
}

function describe(failures: readonly CaseFailure[]): string {
  return failures.slice(0, 6).map((f) => `[${f.path}] ${f.detail}`).join("\n");
}

it(`compiles ${COUNT} generated programs (seed ${SEED}) on every build path without changing what they mean`, async () => {
  const cases = fc.sample(generatedCase, { seed: SEED, numRuns: COUNT });
  const started = Date.now();
  const failures = await failuresOf(cases);
  const failing = failures.flatMap((f, index) => (f.length > 0 ? [{ index, failures: f }] : []));
  const byClass = new Map<string, { count: number; first: number }>();
  for (const { index, failures: f } of failing) {
    for (const cls of new Set(f.map(failureClass))) {
      const known = byClass.get(cls);
      byClass.set(cls, { count: (known?.count ?? 0) + 1, first: known?.first ?? index });
    }
  }
  console.info(
    [
      `differential: ${cases.length} programs, seed ${SEED}, ${failing.length} failing, ${Math.round((Date.now() - started) / 1000)} s`,
      ...[...byClass].sort((a, b) => b[1].count - a[1].count).map(([cls, { count, first }]) => `  ${String(count).padStart(4)}  ${cls}  (first: case ${first})`),
    ].join("\n"),
  );
  if (fuzz) {
    for (const [cls, { first }] of byClass) {
      await shrink(first, (f) => f.some((x) => failureClass(x) === cls)).catch((error: unknown) => console.info(`class: ${cls}\n${String(error)}\n`));
    }
  }
  if (failing.length > 0) await shrink(failing[0]!.index, (f) => f.length > 0);
  expect(failing.map((f) => f.index)).toEqual([]);
}, 600_000);
