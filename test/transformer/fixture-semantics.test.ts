/**
 * Semantics of every fixture: its compiled output, imported, runs eager `forward` and compiled
 * `invoke` on fake operators with a logical clock; they must agree on the result (or the error),
 * the order of effects (effectful operator calls and console output), and the compiled run must
 * reach the fixture's width in calls in flight. Compiled classes must run as graphs; bailed-out
 * ones must not. The outputs, together, must type-check.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import ts from "typescript";
import { explain } from "xcs-jit";
import { CallLog, LogicalClock, rootCause, runCompiled, runEager, type Outcome } from "../support/index.js";
import type { Fixture } from "../fixtures/fixture.js";
import { compileFixtures, compilerOptions, writeImportable } from "./fixtures/compile-fixtures.js";

const fixtures = compileFixtures();

beforeAll(() => {
  for (const fixture of fixtures) writeImportable(fixture);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `body` with console output captured, so host statements that print are compared too. */
async function capturingConsole(body: () => Promise<Outcome>): Promise<{ outcome: Outcome; lines: string[] }> {
  const lines: string[] = [];
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(`${method}: ${args.map(String).join(" ")}`));
  }
  try {
    return { outcome: await body(), lines };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("fixture semantics", () => {
  for (const fixture of fixtures) {
    it(`${fixture.id}: compiled agrees with eager forward`, async () => {
      const { FIXTURE } = (await import(fixture.importPath)) as { FIXTURE: Fixture };
      expect(FIXTURE.inputs.length).toBeGreaterThan(0);
      const make = () => {
        const log = new CallLog(new LogicalClock());
        return { op: FIXTURE.create(log), log };
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

      for (const input of FIXTURE.inputs) {
        const eager = await capturingConsole(() => runEager(make(), input));
        const graph = await capturingConsole(() => runCompiled(make(), input));
        const context = `input ${JSON.stringify(input)}; eager ${summary(eager.outcome)}; compiled ${summary(graph.outcome)}`;
        expect(graph.outcome.ok, context).toBe(eager.outcome.ok);
        if (eager.outcome.ok) {
          expect(graph.outcome.value, context).toEqual(eager.outcome.value);
        } else {
          const expected = eager.outcome.error as Error;
          const actual = rootCause(graph.outcome.error) as Error;
          expect(actual?.constructor, context).toBe(expected.constructor);
          expect(actual.message, context).toBe(expected.message);
        }
        expect(graph.outcome.effects, context).toEqual(eager.outcome.effects);
        expect(graph.lines, context).toEqual(eager.lines);
        expect(graph.outcome.peak, `${context}: calls in flight`).toBe(FIXTURE.width);
      }
    });
  }

  it("the emitted outputs type-check together", () => {
    const program = ts.createProgram(fixtures.map((f) => f.importPath), compilerOptions);
    const problems = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file && fixtures.some((f) => f.importPath === d.file!.fileName))
      .map((d) => `${d.file!.fileName}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });
});

function summary(outcome: Outcome): string {
  return outcome.ok ? `ok ${JSON.stringify(outcome.value)}` : `failed ${String((rootCause(outcome.error) as Error)?.message)}`;
}
