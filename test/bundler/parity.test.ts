// One printer, one emitter: every transformer fixture also goes through the text paths (analysis
// on the original text, members inserted with magic-string), and each class ends up with the
// members the `tspc` path adds and exactly the same diagnostics.
//  - With the checker's types (`xcs-jit build`, whose output is type-checked afterwards): the
//    members are identical, character for character.
//  - As bundlers and the `--import` hook run it (declarations first, the program only for a file
//    they leave a question about, no parameter types since the bundler strips them): identical
//    once the types of generated parameters are erased, and no program for the fixtures whose
//    calls declarations resolve.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { createTypeAwareProject } from "../../transformer/bundler/analysis-project.js";
import { createSourceCompiler } from "../../transformer/bundler/source-compiler.js";
import { transformSource, type SourceTransformResult } from "../../transformer/bundler/source-transform.js";
import type { TransformerOptions } from "../../transformer/options.js";
import { compileFixtures, compilerOptions, findFixtureInputs, formatLine, OUTPUTS, ROOT, type CompiledFixture } from "../transformer/fixtures/compile-fixtures.js";

const inputs = findFixtureInputs();
const fixtures = compileFixtures(inputs);
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });

describe("bundler path = tspc path, on every fixture", () => {
  it("covers every fixture", () => {
    expect(fixtures.length).toBe(inputs.length);
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  describe("with the checker's types (xcs-jit build)", () => {
    const project = createTypeAwareProject(ts, { fileNames: inputs, options: compilerOptions });
    for (const fixture of fixtures) {
      it(fixture.id, () => {
        const text = ts.sys.readFile(fixture.inputPath)!;
        const { sourceFile, checker } = project.parse(fixture.inputPath, text);
        const result = transformSource({ ts, sourceFile, checker, options: pragmaOptions(text), currentDirectory: ROOT });
        expectSameMembers(fixture, text, result, (member) => member);
      });
    }
  });

  describe("as bundlers run it: declarations first, no parameter types", () => {
    // One compiler per fixture: a fixture's pragma options apply to its own session.
    const tsconfig = writeFixturesTsconfig();
    const compilerFor = (options: TransformerOptions) => createSourceCompiler({ ...options, tsconfig, root: ROOT });
    const needingProgram: string[] = [];
    for (const fixture of fixtures) {
      it(fixture.id, () => {
        const text = ts.sys.readFile(fixture.inputPath)!;
        const compiler = compilerFor(pragmaOptions(text));
        const result = compiler.transform(fixture.inputPath, text);
        expectSameMembers(fixture, text, result, eraseParameterTypes);
        if (compiler.project.programCount > 0) needingProgram.push(fixture.id);
      });
    }
    it("built a program only for the fixture whose calls declarations leave to the checker", () => {
      // Declarations do not follow a binding pattern in a `for...of` (`[i, member]` of `entries()`)
      // or in a callback's parameter (`([name, tool]) => tool.invoke(...)`), nor a field of a
      // field's object literal or a local's element (`this.config.name.toUpperCase()`).
      expect(needingProgram).toEqual([
        "calls/async-callback-steps",
        "compute/string-methods-on-state",
        "destructuring/static-forms",
        "static-loops/data-made-in-forward",
        "static-loops/destructured-callbacks",
        "static-loops/keyed-object",
        "static-loops/static-continue",
      ]);
    });
  });
});

function expectSameMembers(fixture: CompiledFixture, text: string, result: SourceTransformResult, normalize: (member: ts.Node) => ts.Node): void {
  expect(result.diagnostics.map(formatLine).join("\n") + (result.diagnostics.length ? "\n" : "")).toBe(fixture.diagnosticsText);
  const viaTspc = ts.createSourceFile("tspc.ts", fixture.outputText, ts.ScriptTarget.Latest, true);
  const viaBundler = ts.createSourceFile("bundler.ts", result.code ?? text, ts.ScriptTarget.Latest, true);
  const original = ts.createSourceFile("input.ts", text, ts.ScriptTarget.Latest, true);
  for (const cls of fixture.classes) {
    const kept = classMembers(original, cls.className).length;
    const added = (file: ts.SourceFile) => classMembers(file, cls.className).slice(kept).map((m) => parenthesizeLoneParameters(print(normalize(m), file)));
    if (cls.outcome === "compiled") expect(added(viaBundler).length, `${cls.className} gains a structure`).toBeGreaterThan(0);
    // A class expression registers itself from a last static block where the tspc output keeps `@structuralJit`.
    const registration = /^static \{ structuralJit(\(.*\))?\(this\); \}$/;
    const bundlerAdded = added(viaBundler);
    if (isClassExpression(original, cls.className)) expect(bundlerAdded.pop(), cls.className).toMatch(registration);
    expect(bundlerAdded, cls.className).toEqual(added(viaTspc));
    expect(classMembers(viaBundler, cls.className).slice(0, kept).map((m) => print(m, viaBundler)), "original members untouched")
      .toEqual(classMembers(original, cls.className).map((m) => print(m, original)));
  }
}

/** The fixtures' compiler options as a tsconfig file, which is what a bundler plugin is given. */
function writeFixturesTsconfig(): string {
  const dir = join(OUTPUTS, "parity");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "tsconfig.json");
  const compilerOptionsJson = {
    target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, skipLibCheck: true,
    types: ["node"], paths: compilerOptions.paths,
  };
  writeFileSync(path, JSON.stringify({ compilerOptions: compilerOptionsJson, files: inputs }, null, 2));
  return path;
}

/** The types of parameters of generated arrow functions (compute and host nodes): what a bundler strips. */
function eraseParameterTypes(member: ts.Node): ts.Node {
  const erase = (context: ts.TransformationContext) => (root: ts.Node) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isParameter(node) && node.type && ts.isArrowFunction(node.parent)) {
        return context.factory.updateParameterDeclaration(node, node.modifiers, node.dotDotDotToken, ts.visitNode(node.name, visit) as ts.BindingName, node.questionToken, undefined, node.initializer);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(root, visit);
  };
  return ts.transform(member, [erase]).transformed[0]!;
}

/**
 * The printer writes a lone untyped parameter it synthesized as `x => ...`, and one that had a type
 * as `(x) => ...` after the type is erased: the same code.
 */
function parenthesizeLoneParameters(text: string): string {
  return text.replace(/(^|[^\w$)])([\w$]+) =>/g, "$1($2) =>");
}

// The same `// @xcs {...}` first-line pragma the fixture runner reads (requested as an export from it).
function pragmaOptions(text: string): TransformerOptions {
  const match = /^\/\/ @xcs (\{.*\})/.exec(text);
  return match ? (JSON.parse(match[1]!) as TransformerOptions) : {};
}

function isClassExpression(file: ts.SourceFile, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isClassExpression(node) && node.name?.text === name) found = true;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
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
