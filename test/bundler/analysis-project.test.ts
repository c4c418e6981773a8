// One program per build, updated incrementally: files that did not change keep their parsed
// SourceFile across an edit, and a file outside the tsconfig is still analysed (by import bindings).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { createStandaloneProject, createTypeAwareProject } from "../../transformer/bundler/analysis-project.js";

const sample = join(import.meta.dirname, "sample");
const thrower = join(sample, "thrower.ts");
const main = join(sample, "main.ts");
const read = (path: string) => readFileSync(path, "utf8");

describe("the type-aware analysis project", () => {
  const project = createTypeAwareProject(ts, join(sample, "tsconfig.json"));

  it("serves every file of a build from one program, with a checker", () => {
    const a = project.parse(thrower, read(thrower));
    const b = project.parse(main, read(main));
    expect(a.checker).toBeDefined();
    expect(b.checker).toBe(a.checker);
    expect(project.programCount).toBe(1);
  });

  it("updates the program when a file's text changes, reusing the files that did not change", () => {
    const before = project.parse(main, read(main)).sourceFile;
    const edited = `${read(thrower)}\nexport const edited = 1;\n`;
    const after = project.parse(thrower, edited);
    expect(after.sourceFile.text).toBe(edited);
    expect(project.programCount).toBe(2);
    expect(project.parse(main, read(main)).sourceFile, "main.ts was not parsed again").toBe(before);
    expect(project.programCount).toBe(2);
  });

  it("reads a file again from disk once the bundler says it changed (watch mode)", () => {
    project.invalidate(thrower);
    expect(project.parse(thrower, read(thrower)).sourceFile.text).toBe(read(thrower));
    expect(project.programCount).toBe(3);
  });

  it("parses a file outside the tsconfig alone, without a checker", () => {
    const outside = project.parse("/elsewhere/op.ts", 'import { structuralJit } from "xcs-jit";\n');
    expect(outside.checker).toBeUndefined();
    expect(outside.sourceFile.statements).toHaveLength(1);
  });
});

describe("the standalone project (no tsconfig)", () => {
  it("parses each file from the text it is given, with no checker", () => {
    const parsed = createStandaloneProject(ts).parse(thrower, read(thrower));
    expect(parsed.checker).toBeUndefined();
    expect(parsed.sourceFile.text).toBe(read(thrower));
  });
});
