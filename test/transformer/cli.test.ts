// The `xcs-jit inspect` command: argument handling and exit codes, the text and JSON reports
// (checked against the analysis API itself). The built bin: test/e2e/built-bin.test.ts.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import tsPatchEntry, { analyzeSourceFile } from "../../transformer/index.js";
import { loadSourceFile } from "../../transformer/cli/load-source-file.js";
import { codeFrame } from "../../transformer/cli/code-frame.js";
import { EXIT, runCli } from "../../transformer/cli/run-cli.js";
import { repoRoot } from "../e2e/build-package.js";

// Scratch files sit under the repository's tsconfig.json, which maps "xcs-jit" to the runtime
// sources; examples/ itself resolves it to the built dist/ (its tsconfig is the user's view).
const scratch = join(repoRoot, "test/.tmp/cli");
// Two structural classes, one inlining the other.
const example = "test/fixtures/calls/nested-structural.input.ts";

function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const OPERATORS = `import { Operator, structuralJit } from "xcs-jit";

class Answer extends Operator<{ query: string }, { answer: string; score: number }> {
  async forward(inputs: { query: string }) {
    return { answer: inputs.query, score: inputs.query.length };
  }
}
`;

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
});

describe("arguments and exit codes", () => {
  it("prints the usage, with the exit codes, for --help", () => {
    const run = cli("--help");
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain("Usage: xcs-jit inspect <file.ts>");
    expect(run.stdout).toContain("Exit codes:");
  });

  it.each([
    [[], "missing command"],
    [["compile", example], 'unknown command "compile"'],
    [["inspect"], "inspect needs a file"],
    [["inspect", example, example], "inspect takes one file, got 2"],
    [["inspect", example, "--format", "yaml"], '--format must be "text" or "json", got "yaml"'],
    [["inspect", example, "--bogus"], "--bogus"],
    [["inspect", example, "--class"], "--class"],
  ])("rejects %j with exit code 2 and says why", (argv, message) => {
    const run = cli(...argv);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage:");
    expect(run.stdout).toBe("");
  });

  it("names a missing file", () => {
    const run = cli("inspect", "examples/nope.ts");
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toBe("xcs-jit: no such file: examples/nope.ts\n");
  });

  it("refuses a file that is not a TypeScript source, or cannot be read, as a usage error", () => {
    const notes = scratchFile("notes.txt", "not code\n");
    const declarations = scratchFile("types.d.ts", "export declare const x: number;\n");
    const unreadable = scratchFile("unreadable.ts", "export const x = 1;\n");
    chmodSync(unreadable, 0o000);
    for (const [file, message] of [
      [notes, `not a TypeScript source file (.ts, .tsx, .mts, .cts): ${notes}`],
      [declarations, `not a TypeScript source file (.ts, .tsx, .mts, .cts): ${declarations}`],
      // root reads any file whatever its mode: then the check is the extension's alone.
      ...(process.getuid?.() === 0 ? [] : [[unreadable, `cannot read ${unreadable}: EACCES`]]),
    ]) {
      const run = cli("inspect", file!);
      expect(run.code, file).toBe(EXIT.usage);
      expect(run.stderr).toBe(`xcs-jit: ${message}\n`);
    }
  });

  it("names an unknown class and lists the structural classes the file has", () => {
    const run = cli("inspect", example, "--class", "Missing");
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('no @structuralJit class named "Missing"');
    expect(run.stderr).toContain("structural classes there: Branch, Tree");
  });
});

describe("reports", () => {
  it("prints each structural class with its members exactly as tspc emits them", () => {
    const loaded = loadSourceFile(ts, example);
    // tspc: the ts-patch entry on the tsconfig's program, emitting JavaScript.
    let javascript = "";
    const transformer = tsPatchEntry(loaded.program, { transform: "xcs-jit/transformer" }, { ts, addDiagnostic: () => 0 }) as ts.TransformerFactory<ts.SourceFile>;
    loaded.program.emit(loaded.sourceFile, (name, text) => void (name.endsWith(".js") && (javascript = text)), undefined, false, { before: [transformer] });
    const analyses = analyzeSourceFile(loaded.sourceFile, { ts, checker: loaded.checker, options: {} });
    const run = cli("inspect", example);
    expect(run.code).toBe(EXIT.ok);
    expect(analyses.map((a) => a.className)).toEqual(["Branch", "Tree"]);
    const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean).join("\n");
    const report = run.stdout.split(/^(?=\S+: class )/m);
    for (const analysis of analyses) {
      const section = report.find((r) => r.startsWith(`${example}: class ${analysis.className}: ${analysis.outcome}`))!;
      expect(section, analysis.className).toBeDefined();
      const member = /emitted member:\n([\s\S]*?)\n\ndiagnostics:/.exec(section)![1]!;
      expect(member, "JavaScript, as emitted: no types").toMatch(/static \[xcs\.XCS_STRUCTURE\]\(self, g, inputs\) \{/);
      expect(lines(javascript), `${analysis.className}'s member is in tspc's output as inspect prints it`).toContain(lines(member));
    }
    expect(run.stdout.match(/^diagnostics: none$/gm)).toHaveLength(2);
  });

  it("analyses a file of a tsconfig's project in the program tspc builds for it: a type a declaration file of the project declares resolves", () => {
    const dir = join(scratch, "project-globals");
    mkdirSync(dir, { recursive: true });
    const tsconfig = join(dir, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({ extends: join(repoRoot, "tsconfig.json"), compilerOptions: { noEmit: false }, include: ["*.ts"], exclude: [] }));
    // Not imported by op.ts: only the project's file list brings it in, as it does for tspc.
    writeFileSync(join(dir, "globals.d.ts"), `type Reply = { text: string };
type Replier = import("xcs-jit").Operator<{ query: string }, Reply>;
`);
    const file = join(dir, "op.ts");
    writeFileSync(file, `import { Operator, structuralJit } from "xcs-jit";

@structuralJit
export class Pipeline extends Operator<{ query: string }, Reply> {
  constructor(readonly first: Replier, readonly second: Replier) {
    super();
  }

  async forward(inputs: { query: string }) {
    const [a, b] = await Promise.all([this.first.invoke(inputs), this.second.invoke(inputs)]);
    return { text: a.text + b.text };
  }
}
`);
    // tspc -p: the tsconfig's files, its options, the ts-patch entry.
    const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram(config.fileNames, config.options);
    let javascript = "";
    const added: ts.Diagnostic[] = [];
    const transformer = tsPatchEntry(program, { transform: "xcs-jit/transformer" }, { ts, addDiagnostic: (d: ts.Diagnostic) => added.push(d) }) as ts.TransformerFactory<ts.SourceFile>;
    program.emit(program.getSourceFile(file), (name, text) => void (name.endsWith(".js") && (javascript = text)), undefined, false, { before: [transformer] });
    expect(added).toEqual([]);
    expect(javascript, "tspc resolves both calls: call nodes, no break").toContain("[g.call(self.first, inputs), g.call(self.second, inputs)]");
    expect(javascript).not.toMatch(/XCS1012/);

    const run = cli("inspect", file);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toContain(": class Pipeline: compiled");
    expect(run.stdout).toMatch(/^diagnostics: none$/m);
    const member = /emitted member:\n([\s\S]*?)\n\ndiagnostics:/.exec(run.stdout)![1]!;
    const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean).join("\n");
    expect(lines(javascript)).toContain(lines(member));
  });

  it("reads the tsconfig's plugin options with the one options reader: a wrong one is a usage error, named as tspc names it", () => {
    const dir = join(scratch, "bad-plugin-option");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      extends: join(repoRoot, "tsconfig.json"),
      compilerOptions: { plugins: [{ transform: "xcs-jit/transformer", strict: "yes" }] },
    }));
    const file = join(dir, "op.ts");
    writeFileSync(file, OPERATORS);
    const run = cli("inspect", file);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('XCS3003 (xcs-jit, invalid transformer option): the transformer option "strict" must be a boolean, got "yes"');
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it("selects one class with --class and prints JSON for tools", () => {
    const run = cli("inspect", example, "--class", "Tree", "--format", "json");
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(run.stdout);
    expect(report.file).toBe(example);
    expect(report.tsconfig).toBe(join(repoRoot, "tsconfig.json"));
    expect(report.classes).toHaveLength(1);
    expect(report.classes[0]).toMatchObject({ className: "Tree", diagnostics: [] });
    expect(report.classes[0].member).toMatch(/XCS_STRUCTURE/);
  });

  it("shows a graph break as a warning with its location, a code frame and the docs link; exit 0", () => {
    const file = scratchFile(
      "break.ts",
      `${OPERATORS}
@structuralJit
export class Refine extends Operator<{ query: string }, { answer: string }> {
  draft = new Answer();
  review = new Answer();

  async forward(inputs: { query: string }) {
    const first = await this.draft.invoke({ query: inputs.query });
    let answer = first.answer;
    if (first.score < 5) {
      answer = (await this.review.invoke({ query: first.answer })).answer;
    }
    return { answer };
  }
}
`,
    );
    const ifLine = 17;
    const text = cli("inspect", file);
    expect(text.code).toBe(EXIT.ok);
    // The location is the condition, underlined in full.
    expect(text.stdout).toMatch(new RegExp(`warning XCS1001 if on a dynamic value at .*break\\.ts:${ifLine}:9`));
    expect(text.stdout).toContain(`> ${ifLine} |     if (first.score < 5) {`);
    expect(text.stdout).toContain(`|         ${"^".repeat("first.score < 5".length)}\n`);
    expect(text.stdout).toContain("see docs/limitations.md#xcs1001");

    const json = JSON.parse(cli("inspect", file, "--format", "json").stdout);
    const breaks = json.classes[0].diagnostics.filter((d: { code: string }) => d.code === "XCS1001");
    expect(breaks).toEqual([
      expect.objectContaining({ severity: "warning", line: ifLine, column: 9, docs: "docs/limitations.md#xcs1001" }),
    ]);
  });

  it("exits 1 when a class has an error diagnostic (a structural class without forward)", () => {
    const file = scratchFile(
      "misuse.ts",
      `${OPERATORS}
class Base extends Operator<{ query: string }, { answer: string; score: number }> {
  answerer = new Answer();
  async forward(inputs: { query: string }) {
    return await this.answerer.invoke(inputs);
  }
}

@structuralJit
export class Inherits extends Base {}
`,
    );
    const run = cli("inspect", file);
    expect(run.code).toBe(EXIT.errorDiagnostics);
    expect(run.stdout).toMatch(/error XCS3001 structuralJit class without forward at .*misuse\.ts:17:14/);
  });

  it("says so when a file has no structural class", () => {
    const file = scratchFile("plain.ts", `${OPERATORS}\nexport const answer = new Answer();\n`);
    const run = cli("inspect", file);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(`${file}: no @structuralJit classes\n`);
  });
});

describe("code frames", () => {
  const source = ["one", "two", "\tthree(x)", "four", "five", "six"].join("\n");

  it("shows two lines either side, marks the line and underlines the span", () => {
    expect(codeFrame(source, { line: 3, column: 2, length: 5 })).toBe(
      ["  1 | one", "  2 | two", "> 3 | \tthree(x)", "    | \t^^^^^", "  4 | four", "  5 | five"].join("\n"),
    );
  });

  it("clips the context at the start of the file and the underline at the end of the line", () => {
    expect(codeFrame(source, { line: 1, column: 2, length: 40 })).toBe(
      ["> 1 | one", "    |  ^^", "  2 | two", "  3 | \tthree(x)"].join("\n"),
    );
  });

  it("draws one caret for an empty span and widens the gutter for two-digit lines", () => {
    const long = Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join("\n");
    expect(codeFrame(long, { line: 10, column: 1, length: 0 }).split("\n")).toEqual([
      "   8 | line8",
      "   9 | line9",
      "> 10 | line10",
      "     | ^",
      "  11 | line11",
      "  12 | line12",
    ]);
  });
});
