/**
 * The transformer's entry points: the ts-patch program signature (warnings printed, only errors
 * through `addDiagnostic`, which would fail the build), the legacy ttypescript signatures, and
 * `createTransformer` under `ts.transpileModule` (no checker).
 */
import * as ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import entry, { createTransformer, type XcsDiagnostic } from "../../transformer/index.js";
import { VirtualPrograms } from "./virtual-program.js";

const programs = new VirtualPrograms();
const FILE = "/virtual/entry.ts";
const SOURCE = `import { Operator, structuralJit } from "xcs-jit";
type Q = { query: string };
declare const leafA: Operator<Q, { text: string }>;
@structuralJit
export class Op extends Operator<Q, { text: string }> {
  a = leafA;
  async forward(inputs: Q) {
    const r = await this.a.invoke(inputs);
    console.log(r.text);
    return { text: r.text };
  }
}
`;

afterEach(() => vi.restoreAllMocks());

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

/** Emits the file through the program with `factory` as a `before` transformer; returns the JS. */
function emitWith(program: ts.Program, factory: ts.TransformerFactory<ts.SourceFile>): string {
  let js = "";
  program.emit(program.getSourceFile(FILE), (name, text) => {
    if (name.endsWith(".js")) js = text;
  }, undefined, false, { before: [factory] });
  return js;
}

describe("ts-patch program entry (program, config, extras)", () => {
  it("adds the structure, prints the break as a warning and adds no diagnostic", () => {
    const program = programs.create({ [FILE]: SOURCE });
    const addDiagnostic = vi.fn(() => 0);
    const stderr = captureStderr();
    const factory = entry(program, { transform: "xcs-jit/transformer" }, { ts, addDiagnostic }) as ts.TransformerFactory<ts.SourceFile>;
    const js = emitWith(program, factory);
    expect(js).toContain('import * as xcs from "xcs-jit"');
    expect(js).toContain("static [xcs.XCS_STRUCTURE](self, g, inputs)");
    expect(js).toContain("static [xcs.XCS_DIAGNOSTICS] = [");
    expect(addDiagnostic).not.toHaveBeenCalled();
    expect(stderr.join("")).toMatch(/^\/virtual\/entry\.ts:9:5 - warning XCS1006: `console\.log\(r\.text\)` has an effect/m);
    expect(stderr.join(""), "no internal pass names").not.toMatch(/classify|explain-breaks/);
  });

  it("under strict: true the break is an error through addDiagnostic", () => {
    const program = programs.create({ [FILE]: SOURCE });
    const addDiagnostic = vi.fn((_d: ts.Diagnostic) => 0);
    captureStderr();
    emitWith(program, entry(program, { strict: true }, { ts, addDiagnostic }) as ts.TransformerFactory<ts.SourceFile>);
    expect(addDiagnostic).toHaveBeenCalledTimes(1);
    const diagnostic = addDiagnostic.mock.calls[0]![0];
    expect(diagnostic.category).toBe(ts.DiagnosticCategory.Error);
    // tsc prints `error TS<code>: <text>`: a code outside TypeScript's own, the XCS code leading the text.
    expect(diagnostic.code).toBe(91006);
    expect(diagnostic.messageText).toMatch(/^XCS1006 \(xcs-jit, effectful or nondeterministic built-in\): `console\.log\(r\.text\)` has an effect/);
    expect(diagnostic.file?.fileName).toBe(FILE);
    expect(SOURCE.slice(diagnostic.start!, diagnostic.start! + diagnostic.length!)).toBe("console.log(r.text)");
  });

  it("@structuralJit({ strict: true }) makes that class's breaks errors, whatever the plugin says", () => {
    const program = programs.create({ [FILE]: SOURCE.replace("@structuralJit\n", "@structuralJit({ strict: true })\n") });
    const addDiagnostic = vi.fn((_d: ts.Diagnostic) => 0);
    captureStderr();
    emitWith(program, entry(program, { strict: false }, { ts, addDiagnostic }) as ts.TransformerFactory<ts.SourceFile>);
    expect(addDiagnostic.mock.calls.map((c) => [c[0].code, c[0].category])).toEqual([[91006, ts.DiagnosticCategory.Error]]);
  });

  it("reports a malformed plugin option as XCS3003", () => {
    const program = programs.create({ [FILE]: SOURCE });
    const addDiagnostic = vi.fn((_d: ts.Diagnostic) => 0);
    captureStderr();
    entry(program, { strict: "yes" }, { ts, addDiagnostic });
    expect(addDiagnostic.mock.calls.map((c) => c[0].code)).toEqual([93003]);
    expect(addDiagnostic.mock.calls[0]![0].messageText).toMatch(/^XCS3003 \(xcs-jit, invalid transformer option\): the transformer option "strict"/);
  });

  it("under strict, a break acknowledged by `// xcs-jit-ignore` is neither an error nor printed", () => {
    const suppressed = SOURCE.replace("    console.log(r.text);", "    // xcs-jit-ignore XCS1006: the log line is wanted\n    console.log(r.text);");
    const program = programs.create({ [FILE]: suppressed });
    const addDiagnostic = vi.fn((_d: ts.Diagnostic) => 0);
    const stderr = captureStderr();
    const js = emitWith(program, entry(program, { strict: true }, { ts, addDiagnostic }) as ts.TransformerFactory<ts.SourceFile>);
    expect(addDiagnostic).not.toHaveBeenCalled();
    expect(stderr.join("")).toBe("");
    expect(js, "explain(op) still lists it, as suppressed").toMatch(/code: "XCS1006", severity: "info", message: ".*Suppressed: the log line is wanted"/);
  });
});

describe("legacy ttypescript signatures", () => {
  const transpile = (before: ts.TransformerFactory<ts.SourceFile>) =>
    ts.transpileModule(SOURCE, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext }, transformers: { before: [before] } }).outputText;

  it("config: (config) and compilerOptions: (options, config) build a transformer without a checker", () => {
    captureStderr();
    expect(transpile(entry({}) as ts.TransformerFactory<ts.SourceFile>)).toContain("XCS_STRUCTURE");
    expect(transpile(entry({ target: 9 }, {}) as ts.TransformerFactory<ts.SourceFile>)).toContain("XCS_STRUCTURE");
  });

  it("checker: (checker, config) resolves operators by type", () => {
    const program = programs.create({ [FILE]: SOURCE });
    captureStderr();
    const js = emitWith(program, entry(program.getTypeChecker(), {}) as ts.TransformerFactory<ts.SourceFile>);
    expect(js).toContain("g.call(self.a, inputs)");
  });

  it("raw: (context, program, config) returns the transformer itself", () => {
    const program = programs.create({ [FILE]: SOURCE });
    captureStderr();
    const raw = (context: ts.TransformationContext) => entry(context, program, {}) as ts.Transformer<ts.SourceFile>;
    expect(emitWith(program, raw)).toContain("g.call(self.a, inputs)");
  });
});

describe("createTransformer", () => {
  it("works under ts.transpileModule, where an unresolved invoke is an unknown call", () => {
    const diagnostics: XcsDiagnostic[] = [];
    const output = ts.transpileModule(SOURCE, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      transformers: { before: [createTransformer(undefined, { onDiagnostic: (d) => diagnostics.push(d) })] },
    }).outputText;
    expect(diagnostics.map((d) => d.code)).toEqual(["XCS1012", "XCS1006"]);
    expect(output).toContain("static [xcs.XCS_STRUCTURE]");
    expect(output).toContain("g.host(");
  });

  it("throws on errors when no onDiagnostic is given, and prints warnings", () => {
    const stderr = captureStderr();
    const compile = (strict: boolean) => ts.transpileModule(SOURCE, { transformers: { before: [createTransformer(undefined, { strict })] } });
    compile(false);
    expect(stderr.join("")).toContain("warning XCS1012");
    expect(() => compile(true)).toThrow(/error XCS1012/);
  });

  it("leaves a file without structural classes as it is", () => {
    const plain = "export const x = 1;\n";
    const output = ts.transpileModule(plain, { transformers: { before: [createTransformer()] } }).outputText;
    expect(output).toBe(ts.transpileModule(plain, {}).outputText);
  });
});
