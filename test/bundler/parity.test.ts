// One printer, one emitter: every transformer fixture also goes through the bundler's text path
// (analysis on the original text, members inserted with magic-string), and each class ends up
// with exactly the members the `tspc` path adds and exactly the same diagnostics.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { createTypeAwareProject } from "../../transformer/bundler/analysis-project.js";
import { transformSource } from "../../transformer/bundler/source-transform.js";
import type { TransformerOptions } from "../../transformer/options.js";
import { compileFixtures, compilerOptions, findFixtureInputs, formatLine, ROOT } from "../transformer/fixtures/compile-fixtures.js";

const inputs = findFixtureInputs();
const fixtures = compileFixtures(inputs);
const project = createTypeAwareProject(ts, { fileNames: inputs, options: compilerOptions });
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });

describe("bundler path = tspc path, on every fixture", () => {
  it("covers every fixture", () => {
    expect(fixtures.length).toBe(inputs.length);
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  for (const fixture of fixtures) {
    it(fixture.id, () => {
      const text = ts.sys.readFile(fixture.inputPath)!;
      const { sourceFile, checker } = project.parse(fixture.inputPath, text);
      const result = transformSource({ ts, sourceFile, checker, options: pragmaOptions(text), currentDirectory: ROOT });

      expect(result.diagnostics.map(formatLine).join("\n") + (result.diagnostics.length ? "\n" : "")).toBe(fixture.diagnosticsText);
      const viaTspc = ts.createSourceFile("tspc.ts", fixture.outputText, ts.ScriptTarget.Latest, true);
      const viaBundler = ts.createSourceFile("bundler.ts", result.code ?? text, ts.ScriptTarget.Latest, true);
      const original = ts.createSourceFile("input.ts", text, ts.ScriptTarget.Latest, true);
      for (const cls of fixture.classes) {
        const kept = classMembers(original, cls.className).length;
        const added = (file: ts.SourceFile) => classMembers(file, cls.className).slice(kept).map((m) => print(m, file));
        if (cls.outcome === "compiled") expect(added(viaBundler).length, `${cls.className} gains a structure`).toBeGreaterThan(0);
        expect(added(viaBundler), cls.className).toEqual(added(viaTspc));
        expect(classMembers(viaBundler, cls.className).slice(0, kept).map((m) => print(m, viaBundler)), "original members untouched")
          .toEqual(classMembers(original, cls.className).map((m) => print(m, original)));
      }
    });
  }
});

// The same `// @xcs {...}` first-line pragma the fixture runner reads (requested as an export from it).
function pragmaOptions(text: string): TransformerOptions {
  const match = /^\/\/ @xcs (\{.*\})/.exec(text);
  return match ? (JSON.parse(match[1]!) as TransformerOptions) : {};
}

function classMembers(file: ts.SourceFile, name: string): readonly ts.ClassElement[] {
  let found: ts.ClassLikeDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name?.text === name) found ??= node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found) throw new Error(`no class ${name}`);
  return found.members;
}

function print(node: ts.Node, file: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, file);
}
