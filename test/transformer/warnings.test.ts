/**
 * Warnings people act on: suppression comments (honoured, required to carry a reason, reported
 * when they name an unknown code or suppress nothing), decorator options checked at build time
 * with the class named, and one-expression pure helpers analysed instead of breaking the graph.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeSourceFile, type ClassAnalysis } from "../../transformer/index.js";
import { VirtualPrograms } from "./virtual-program.js";

const programs = new VirtualPrograms();
const FILE = "/virtual/warnings.ts";

function analyse(body: string, { decorator = "@structuralJit", prelude = "", strict = false } = {}): ClassAnalysis {
  const source = `import { Operator, structuralJit } from "xcs-jit";
type Q = { query: string };
declare const leafA: Operator<Q, { text: string }>;
${prelude}
${decorator}
export class Op extends Operator<Q, { text: string }> {
  a = leafA;
  async forward(inputs: Q) {
${body}
  }
}
`;
  const program = programs.create({ [FILE]: source });
  return analyzeSourceFile(program.getSourceFile(FILE)!, { ts, checker: program.getTypeChecker(), options: { strict } })[0]!;
}

const summary = (a: ClassAnalysis) => a.diagnostics.map((d) => `${d.code} ${d.severity}`);

describe("// xcs-jit-ignore", () => {
  it("turns the break on the next line into a suppressed (info) diagnostic, under strict too", () => {
    const a = analyse(`    const r = await this.a.invoke(inputs);
    // xcs-jit-ignore XCS1006: progress output is wanted here
    console.log(r.text);
    return r;`, { strict: true });
    expect(summary(a)).toEqual(["XCS1006 info"]);
    expect(a.diagnostics[0]!.message).toMatch(/Suppressed: progress output is wanted here$/);
    expect(a.outcome).toBe("compiled");
  });

  it("covers only the next line and only the codes it names", () => {
    const a = analyse(`    const r = await this.a.invoke(inputs);
    // xcs-jit-ignore XCS1005: helper is known to be harmless
    console.log(r.text);
    return r;`);
    expect(summary(a)).toEqual(["XCS1006 warning", "XCS4001 warning"]);
    expect(a.diagnostics[1]!.message).toContain("suppresses XCS1005, but no such diagnostic is reported on the line after it");
  });

  it("takes several codes", () => {
    const a = analyse(`    const r = await this.a.invoke(inputs);
    // xcs-jit-ignore XCS1006, XCS1005: both are fine
    console.log(r.text, String(Date.now()), mystery());
    return r;`, { prelude: "declare function mystery(): string;" });
    expect(summary(a)).toEqual(["XCS1006 info"]);
  });

  it.each([
    ["no reason", "// xcs-jit-ignore XCS1006", /a reason is required/],
    ["an empty reason", "// xcs-jit-ignore XCS1006:   ", /a reason is required/],
    ["no code", "// xcs-jit-ignore: because", /names no diagnostic code/],
    ["an unknown code", "// xcs-jit-ignore XCS1999: because", /`XCS1999` is not a diagnostic code/],
    ["an error code", "// xcs-jit-ignore XCS3002: because", /XCS3002 is an error and cannot be suppressed/],
  ])("reports a comment with %s as XCS3005 and suppresses nothing", (_name, comment, problem) => {
    const a = analyse(`    const r = await this.a.invoke(inputs);
    ${comment}
    console.log(r.text);
    return r;`);
    expect(summary(a)).toEqual(["XCS1006 warning", "XCS3005 error"]);
    expect(a.diagnostics[1]!.message).toMatch(problem);
    expect(a.diagnostics[1]!.line, "reported at the comment").toBe(10);
  });

  it("under strict, a suppression that suppresses nothing is an error", () => {
    const a = analyse(`    // xcs-jit-ignore XCS1006: left over
    return await this.a.invoke(inputs);`, { strict: true });
    expect(summary(a)).toEqual(["XCS4001 error"]);
  });
});

describe("@structuralJit options at build time", () => {
  it.each([
    ["{ maxConcurrency: 0 }", /invalid option "maxConcurrency": expected a positive integer or Infinity, got 0/],
    ["{ maxConcurrency: -2 }", /got -2/],
    ["{ strategy: \"fast\" }", /invalid option "strategy": expected "auto" \| "parallel" \| "sequential", got "fast"/],
    ["{ stratgy: \"auto\" }", /invalid option "stratgy": expected one of strategy, maxConcurrency, strict, speculate \(unknown option\)/],
    ["{ speculate: 1 }", /invalid option "speculate": expected a boolean, got 1/],
    ["{ strict: \"yes\" }", /`strict` must be `true` or `false`/],
  ])("@structuralJit(%s) is XCS3002 naming the class", (options, message) => {
    const a = analyse("    return await this.a.invoke(inputs);", { decorator: `@structuralJit(${options})` });
    expect(summary(a)).toEqual(["XCS3002 error"]);
    expect(a.diagnostics[0]!.message).toMatch(/^The @structuralJit options of class `Op` are invalid: /);
    expect(a.diagnostics[0]!.message).toMatch(message);
    expect(a.outcome).toBe("bailout");
  });

  it("accepts valid constants, and leaves values computed at run time to the decorator", () => {
    for (const options of ["{ maxConcurrency: 4, strategy: \"parallel\", speculate: false }", "{ maxConcurrency: Infinity }", "{ maxConcurrency: limit }"]) {
      const a = analyse("    return await this.a.invoke(inputs);", { decorator: `@structuralJit(${options})`, prelude: "declare const limit: number;" });
      expect(summary(a), options).toEqual([]);
    }
  });
});

describe("one-expression pure helpers of the same file", () => {
  const compiles = (prelude: string, body: string) => analyse(body, { prelude });

  it.each([
    ["an arrow with a template", "const prompt = (q: string) => `Answer: ${q}`;"],
    ["a function declaration with one return", "function prompt(q: string) { return q.trim().toUpperCase(); }"],
    ["a helper calling a helper and Math", "const clip = (n: number) => Math.min(n, 3);\nconst prompt = (q: string) => `${q}:${clip(q.length)}`;"],
    ["a helper reading a literal constant", "const PREFIX = \"Q\";\nexport const prompt = (q: string) => PREFIX + q;"],
  ])("%s is a compute node, not a break", (_name, prelude) => {
    const a = compiles(prelude, "    const r = await this.a.invoke({ query: prompt(inputs.query) });\n    return r;");
    expect(summary(a)).toEqual([]);
    expect(a.memberText).toContain("g.compute(inputs => prompt(inputs.query), [inputs])");
  });

  it.each([
    ["two statements", "function prompt(q: string) { const t = q.trim(); return t; }"],
    ["a module variable that changes", "let n = 0;\nconst prompt = (q: string) => q + n;"],
    ["a call to an unknown function", "declare function log(s: string): string;\nconst prompt = (q: string) => log(q);"],
    ["a method on a module object", "const store = new Map<string, string>();\nconst prompt = (q: string) => store.get(q) ?? q;"],
    ["an effectful built-in", "const prompt = (q: string) => `${q}${Date.now()}`;"],
    ["an async arrow", "const prompt = async (q: string) => q;"],
    ["a reassigned function", "function prompt(q: string) { return q; }\nexport function swap() { prompt = (q: string) => q + q; }"],
    ["a helper calling an impure helper", "let n = 0;\nconst inner = (q: string) => q + n;\nconst prompt = (q: string) => inner(q);"],
  ])("with %s it stays an unknown call (XCS1005)", (_name, prelude) => {
    const a = compiles(prelude, "    const r = await this.a.invoke({ query: prompt(inputs.query) });\n    return r;");
    expect(a.diagnostics.map((d) => d.code)).toContain("XCS1005");
  });
});
