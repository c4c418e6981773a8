// One list of edits, two back-ends (`transformer/edits/`): every fixture's edits, planned once from
// one analysis, are applied to its AST (`apply-ast.ts`, the `tspc` path) and to its text with
// magic-string (`apply-text.ts`, bundlers, `register`, `build`), with `@structuralJit` kept and
// replaced by a registration call. Both results, printed by the same printer, are the same file.
// The entry points' own choice is checked too: `tspc` keeps the decorator, the text paths register.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../transformer/analyze.js";
import { transformSource } from "../../transformer/bundler/source-transform.js";
import { applyToSourceFile } from "../../transformer/edits/apply-ast.js";
import { applyToText } from "../../transformer/edits/apply-text.js";
import { planEdits, type DecoratorHandling, type FileEdits } from "../../transformer/edits/plan.js";
import { createStructureTransformer } from "../../transformer/transform.js";
import { compilerOptions, findFixtureInputs, ROOT } from "./fixtures/compile-fixtures.js";

const inputs = findFixtureInputs();
const program = ts.createProgram(inputs, compilerOptions);
const checker = program.getTypeChecker();
// Comments are the source's own, placed by each back-end's medium; the code is what is compared.
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });

function viaAst(sourceFile: ts.SourceFile, edits: FileEdits): string {
  const result = ts.transform(sourceFile, [(context) => (file) => applyToSourceFile(ts, context, file, edits)], compilerOptions);
  try {
    return printer.printFile(result.transformed[0]!);
  } finally {
    result.dispose();
  }
}

function viaText(sourceFile: ts.SourceFile, edits: FileEdits): string {
  const { code } = applyToText(ts, sourceFile, edits);
  return printer.printFile(ts.createSourceFile(sourceFile.fileName, code, ts.ScriptTarget.Latest, true));
}

/** Each named class's decorators, as printed. */
function decoratorsByClass(text: string): Map<string, string[]> {
  const file = ts.createSourceFile("printed.ts", text, ts.ScriptTarget.Latest, true);
  const found = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) {
      found.set(node.name.text, (ts.getDecorators(node) ?? []).map((d) => d.expression.getText(file)));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const analyse = (sourceFile: ts.SourceFile) => analyzeFile(sourceFile, { ts, checker, options: {}, currentDirectory: ROOT });

describe("both edit back-ends apply the same edits, on every fixture", () => {
  it("covers every fixture", () => expect(inputs.length).toBeGreaterThanOrEqual(40));

  for (const decorators of ["keep", "register"] satisfies DecoratorHandling[]) {
    describe(`@structuralJit: ${decorators}`, () => {
      for (const input of inputs) {
        it(input.slice(ROOT.length + 1), () => {
          const sourceFile = program.getSourceFile(input)!;
          const analysis = analyse(sourceFile);
          const edits = planEdits(ts, analysis, decorators);
          expect(edits.classes.length, "every fixture has a class to edit").toBeGreaterThan(0);
          const ast = viaAst(sourceFile, edits);
          expect(viaText(sourceFile, edits)).toBe(ast);
          // Not a comparison of two unchanged files: what the plan says is in both.
          const after = decoratorsByClass(ast);
          for (const { result: { found } } of analysis.classes.filter((c) => c.result.found.name)) {
            const kept = decorators === "keep" || !edits.classes.some((c) => c.node === found.node && c.registration);
            expect(after.get(found.name)!.includes(found.decorator.expression.getText(sourceFile)), `${found.name}'s decorator kept`).toBe(kept);
          }
          if (edits.namespaceImport) expect(ast).toContain(`import * as ${edits.namespaceImport} from "xcs-jit";`);
        });
      }
    });
  }
});

describe("the plan", () => {
  const file = (text: string) => ts.createSourceFile("/virtual/op.ts", text, ts.ScriptTarget.Latest, true);
  const operators = `import { Operator, structuralJit } from "xcs-jit";
class Leaf extends Operator<{ q: string }, { t: string }> { async forward(i: { q: string }) { return { t: i.q }; } }
`;

  it("registers a named declaration after it, a class expression from a last static block, and keeps an unnamed one's decorator", () => {
    const sourceFile = file(`${operators}
@structuralJit export class A extends Operator<{ q: string }, { t: string }> {
  leaf = new Leaf();
  async forward(i: { q: string }) { return this.leaf.invoke(i); }
}
export const B = @structuralJit({ maxConcurrency: 2 }) class B extends Operator<{ q: string }, { t: string }> {
  leaf = new Leaf();
  async forward(i: { q: string }) { return this.leaf.invoke(i); }
};
`);
    const edits = planEdits(ts, analyzeFile(sourceFile, { ts }), "register");
    expect(edits.classes.map((c) => [c.node.name?.text, c.registration?.at, c.registration?.decorator.expression.getText(sourceFile)])).toEqual([
      ["A", "after", "structuralJit"],
      ["B", "static-block", "structuralJit({ maxConcurrency: 2 })"],
    ]);
    const printed = viaAst(sourceFile, edits);
    expect(printed).toMatch(/\n}\nstructuralJit\(A\);\n/);
    expect(printed).toMatch(/static \{ structuralJit\(\{ maxConcurrency: 2 \}\)\(this\); \}\n};/);
    expect(viaText(sourceFile, edits)).toBe(printed);

    const unnamed = file(`${operators}\n@structuralJit export default class extends Operator<{ q: string }, { t: string }> {}\n`);
    const [anonymous] = planEdits(ts, analyzeFile(unnamed, { ts }), "register").classes;
    expect(anonymous!.registration, "no name to register by: XCS3004, decorator kept").toBeUndefined();
    expect(anonymous!.members.length, "the diagnostics table").toBe(1);
  });

  it("adds the namespace import only when a member needs it and the file has none", () => {
    const compiled = `
@structuralJit class A extends Operator<{ q: string }, { t: string }> {
  leaf = new Leaf();
  async forward(i: { q: string }) { return this.leaf.invoke(i); }
}
`;
    expect(planEdits(ts, analyzeFile(file(operators + compiled), { ts }), "keep").namespaceImport).toBe("xcs");
    const imported = `import * as runtime from "xcs-jit";\n${operators}${compiled}`;
    expect(planEdits(ts, analyzeFile(file(imported), { ts }), "keep").namespaceImport).toBeUndefined();
    const taken = `${operators}const xcs = 1;\n${compiled}`;
    expect(planEdits(ts, analyzeFile(file(taken), { ts }), "keep").namespaceImport, "a fresh name").toBe("xcs2");
  });

  it("is applied by each entry with its own decorator handling: tspc keeps it, the text paths register", () => {
    const input = inputs.find((i) => i.endsWith("calls/class-expression.input.ts"))!;
    const sourceFile = program.getSourceFile(input)!;
    const settings = { ts, checker, options: {}, currentDirectory: ROOT };
    const tspc = ts.transform(sourceFile, [createStructureTransformer({ ...settings, report: () => {} })], compilerOptions);
    expect(printer.printFile(tspc.transformed[0]!)).toBe(viaAst(sourceFile, planEdits(ts, analyse(sourceFile), "keep")));
    tspc.dispose();
    const text = transformSource({ ...settings, sourceFile });
    expect(text.code).toBe(applyToText(ts, sourceFile, planEdits(ts, analyse(sourceFile), "register")).code);
  });
});
