/**
 * The fixture suite: every `test/fixtures/<area>/<name>.input.ts` must transform into exactly
 * `<name>.output.ts` with exactly the diagnostics of `<name>.diagnostics.txt`, and its name's prefix
 * must tell the truth, both ways: `break-` reports a graph break and still compiles, `bailout-`
 * leaves its class untouched, `invalid-` reports a misuse error, `internal-` an internal error;
 * any other fixture compiles with no diagnostic at all.
 * `UPDATE_FIXTURES=1 npx vitest run test/transformer/fixtures.test.ts` rewrites the expectations for review.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileFixtures, findFixtureInputs, readIfExists } from "./fixtures/compile-fixtures.js";

const update = process.env.UPDATE_FIXTURES === "1";
const fixtures = compileFixtures();

describe("fixtures", () => {
  it("there are at least 40, in areas", () => {
    expect(findFixtureInputs().length).toBeGreaterThanOrEqual(40);
  });

  for (const fixture of fixtures) {
    describe(fixture.id, () => {
      it("emits the expected file and diagnostics", () => {
        if (update) {
          writeFileSync(fixture.outputPath, fixture.outputText);
          writeFileSync(fixture.diagnosticsPath, fixture.diagnosticsText);
        }
        const expectedOutput = readIfExists(fixture.outputPath);
        const expectedDiagnostics = readIfExists(fixture.diagnosticsPath);
        expect(expectedOutput, `missing ${fixture.outputPath}: run with UPDATE_FIXTURES=1 and review`).toBeDefined();
        expect(expectedDiagnostics, `missing ${fixture.diagnosticsPath}: run with UPDATE_FIXTURES=1 and review`).toBeDefined();
        expect(fixture.outputText).toBe(expectedOutput);
        expect(fixture.diagnosticsText).toBe(expectedDiagnostics);
      });

      it("has a name prefix that matches what the transformer did", () => {
        expect(fixture.classes.length, "a fixture holds at least one @structuralJit class").toBeGreaterThan(0);
        const codes = fixture.diagnostics.map((d) => d.code);
        const has = (range: string) => codes.some((c) => c.startsWith(range));
        const prefix = /^(break|bailout|invalid|internal)-/.exec(fixture.name)?.[1];
        const rename = `rename the fixture or fix the transformer (diagnostics: ${codes.join(", ") || "none"})`;
        switch (prefix) {
          case "break":
            expect(has("XCS1"), `a break- fixture must report a graph break: ${rename}`).toBe(true);
            expect(has("XCS2") || has("XCS3") || has("XCS9"), `a break- fixture must only break: ${rename}`).toBe(false);
            expect(fixture.classes.every((c) => c.outcome === "compiled"), "a break- fixture still compiles").toBe(true);
            break;
          case "bailout":
            expect(has("XCS2"), `a bailout- fixture must report a bail-out: ${rename}`).toBe(true);
            break;
          case "invalid":
            expect(fixture.diagnostics.some((d) => d.code.startsWith("XCS3") && d.severity === "error"), rename).toBe(true);
            break;
          case "internal":
            expect(has("XCS9"), rename).toBe(true);
            expect(fixture.classes.every((c) => c.outcome === "internal-error")).toBe(true);
            break;
          default:
            expect(codes, `a fixture without a prefix must compile without any diagnostic: ${rename}`).toEqual([]);
            expect(fixture.classes.every((c) => c.outcome === "compiled")).toBe(true);
        }
        if (prefix === "bailout" || prefix === "invalid" || prefix === "internal") {
          for (const cls of fixture.classes) {
            expect(cls.outcome, cls.className).not.toBe("compiled");
            expect(cls.untouched, `${cls.className} must be left exactly as written`).toBe(true);
            expect(cls.onlyDiagnosticsAdded, `${cls.className} may only gain the diagnostics table`).toBe(true);
          }
        }
      });
    });
  }
});
