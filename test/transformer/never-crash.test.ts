// Never crash: for random `forward` bodies (never-crash/forward-grammar.ts) the transformer does
// not throw, and whatever it emits runs like eager `forward` — same result or same error, same
// effects in the same order — on fake operators with a logical clock. A class it bails out on
// must be left without a structure.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as ts from "typescript";
import { beforeAll, expect, it } from "vitest";
import { XCS_STRUCTURE } from "xcs-jit";
import { analyzeSourceFile, createTransformer } from "../../transformer/index.js";
import { expectSameAsEager } from "../support/index.js";
import { forwardBody } from "./never-crash/forward-grammar.js";
import { makeScenario, type Inputs } from "./never-crash/kit.js";
import { printCaseModule, type GeneratedCase } from "./never-crash/print-forward.js";
import { VirtualPrograms, repoRoot } from "./virtual-program.js";

// Enough to meet every construct of the grammar many times over, within ~30 s on 2 cores.
const RUNS = 60;

const scratch = join(repoRoot, "test/.tmp/never-crash");
const kitImport = "../../transformer/never-crash/kit.js";
const programs = new VirtualPrograms();
let caseNumber = 0;

const generatedCase: fc.Arbitrary<GeneratedCase> = fc.record({ body: forwardBody, flag: fc.boolean() });
const inputs: fc.Arbitrary<Inputs> = fc.record({ text: fc.constantFrom("q", "hello"), n: fc.integer({ min: 0, max: 3 }) });

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
});

it("never throws on random forward bodies, and what it emits agrees with eager", async () => {
  await fc.assert(
    fc.asyncProperty(generatedCase, inputs, async (generated, input) => {
      const name = `case${caseNumber++}`;
      const sourcePath = join(scratch, `${name}.ts`);
      const source = printCaseModule(generated, kitImport);
      const program = programs.create({ [sourcePath]: source });
      const sourceFile = program.getSourceFile(sourcePath)!;

      const [analysis, ...others] = analyzeSourceFile(sourceFile, { ts, checker: program.getTypeChecker(), options: {} });
      expect(others).toHaveLength(0);
      expect(analysis?.className).toBe("Generated");

      const js = emit(program, sourceFile);
      // Written as .ts so that Vitest resolves its imports as it does the test's own.
      const compiledPath = join(scratch, `${name}.compiled.ts`);
      writeFileSync(compiledPath, js);
      const { Generated } = await import(compiledPath);

      const hasStructure = typeof Generated[XCS_STRUCTURE] === "function";
      // A class the transformer does not compile is left as written: no structure member.
      expect(hasStructure, `structure member present, outcome ${analysis!.outcome}\n${source}`).toBe(analysis!.outcome === "compiled");
      await expectSameAsEager(() => makeScenario(Generated), input);
    }),
    // A hang is a failure too: give each case a bound, far above what it needs (~0.5 s).
    { numRuns: RUNS, timeout: 10_000 },
  );
}, 120_000);

function emit(program: ts.Program, sourceFile: ts.SourceFile): string {
  let js: string | undefined;
  program.emit(
    sourceFile,
    (fileName, text) => {
      if (fileName.endsWith(".js")) js = text;
    },
    undefined,
    false,
    // Diagnostics are the analysis's business (checked above); here they must not be printed.
    { before: [createTransformer(program, { onDiagnostic: () => {} })] },
  );
  if (js === undefined) throw new Error(`no JavaScript emitted for ${sourceFile.fileName}`);
  return js;
}
