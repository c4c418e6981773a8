/**
 * Semantics of every fixture: its compiled output, imported, runs eager `forward` and compiled
 * `invoke` on fake operators with a logical clock, its inputs in turn on one instance of each;
 * after the fixture's caller has done what it does with each result (`consume`), they must
 * agree as test/support's `compareWithEager` defines it (result or error, effects and
 * console output in order, leaf calls and their inputs), and every compiled run must reach the
 * fixture's width in calls in flight. Compiled classes must run as graphs; bailed-out
 * ones must not. The outputs, together, must type-check.
 */
import { beforeAll, describe, expect, it } from "vitest";
import ts from "typescript";
import { explain } from "xcs-jit";
import { CallLog, LogicalClock, compareWithEager, runCompiled } from "../support/index.js";
import { typeProblems } from "../support/type-problems.js";
import type { Fixture } from "../fixtures/fixture.js";
import { compileFixtures, compilerOptions, writeImportable } from "./fixtures/compile-fixtures.js";

const fixtures = compileFixtures();

beforeAll(() => {
  for (const fixture of fixtures) writeImportable(fixture);
});

describe("fixture semantics", () => {
  for (const fixture of fixtures) {
    it(`${fixture.id}: compiled agrees with eager forward`, async () => {
      const { FIXTURE } = (await import(fixture.importPath)) as { FIXTURE: Fixture };
      expect(FIXTURE.inputs.length).toBeGreaterThan(0);
      const make = () => {
        const log = new CallLog(new LogicalClock());
        return { op: FIXTURE.create(log), log, consume: FIXTURE.consume };
      };
      const explanation = explain(make().op);
      const compiled = fixture.classes.some((c) => c.outcome === "compiled");
      if (compiled) expect(explanation.mode, explanation.diagnostics.join("\n")).toBe("structural");
      else expect(explanation.mode).not.toBe("structural");
      // The table emitted into the class is what explain(op) lists at run time (one-class fixtures,
      // where every diagnostic belongs to the operator FIXTURE creates).
      if (fixture.classes.length === 1) {
        for (const d of fixture.diagnostics) {
          expect(explanation.diagnostics.some((line) => line.includes(d.code)), `${d.code} in ${explanation.diagnostics.join("\n")}`).toBe(true);
        }
      }

      const { differences } = await compareWithEager(make, FIXTURE.inputs.map((input) => ({ input })), { console: true });
      expect(differences).toEqual([]);
      // The width is what a fresh instance reaches on its first run (later runs of the same instance
      // may be one at a time under `auto`, once it has measured the nodes as fast).
      for (const input of FIXTURE.inputs) {
        const run = await runCompiled(make(), input, undefined, { console: true });
        expect(run.peak, `input ${JSON.stringify(input)}: calls in flight`).toBe(FIXTURE.width);
      }
    });
  }

  it("the emitted outputs type-check together", () => {
    const paths = fixtures.map((f) => f.importPath);
    expect(typeProblems(ts.createProgram(paths, compilerOptions), paths)).toEqual([]);
  });
});

