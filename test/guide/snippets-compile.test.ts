// The guide's snippets type-check against the public API, and the transformer compiles their
// @structuralJit classes the way the guide says (breaks where it says, none elsewhere).
import { join } from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeSourceFile, type ClassAnalysis } from "../../transformer/index.js";
import { repoRoot } from "./guide-blocks.js";
import { snippetFiles as tsFiles, snippetProgram, snippetsDir } from "./snippet-program.js";
import { typeProblems } from "../support/type-problems.js";

const program = snippetProgram();

function analysesOf(file: string): ClassAnalysis[] {
  const sourceFile = program.getSourceFile(join(snippetsDir, file))!;
  return analyzeSourceFile(sourceFile, { ts, checker: program.getTypeChecker(), options: {}, currentDirectory: repoRoot });
}

describe("guide snippets", () => {
  it("type-check with no errors", () => {
    expect(typeProblems(program, tsFiles)).toEqual([]);
  });

  it.each([
    ["pipeline.ts", "AskThenJudge"],
    ["options.ts", "Brainstorm"],
    ["strict.ts", "Vote"],
  ])("%s: %s compiles to a graph with no diagnostics", (file, className) => {
    expect(analysesOf(file).map((a) => [a.className, a.outcome, a.diagnostics.map((d) => d.code)])).toEqual([[className, "compiled", []]]);
  });

  it("graph-break.ts: the dynamic `if` is a host node (XCS1001) at the line the guide shows", () => {
    const [analysis] = analysesOf("graph-break.ts");
    expect(analysis?.outcome).toBe("compiled");
    expect(analysis?.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["XCS1001", 15, 9]]);
  });

  it("tracing.ts: a @jit class is not for the transformer", () => {
    expect(analysesOf("tracing.ts")).toEqual([]);
  });

  it("tsconfig.json names the plugin the package exports", () => {
    const { config, error } = ts.readConfigFile(join(snippetsDir, "tsconfig.json"), ts.sys.readFile);
    expect(error).toBeUndefined();
    expect(config.compilerOptions.plugins).toEqual([{ transform: "xcs-jit/transformer" }]);
    const packageJson = JSON.parse(ts.sys.readFile(join(repoRoot, "package.json"))!);
    expect(Object.keys(packageJson.exports)).toEqual(expect.arrayContaining(["./transformer", "./vite", "./ai-sdk"]));
  });
});
