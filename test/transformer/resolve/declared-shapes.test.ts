// Declaration-following resolution answers only what the checker would answer the same way:
// on a corpus of declarations with the expected answer beside each call, on every transformer
// fixture, and on random field types and reads (fast-check). "unknown" is always allowed (the
// checker then decides), a wrong "yes" or "no" never is.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { DeclaredShapes } from "../../../transformer/resolve/declared-shapes.js";
import { createModuleIndex } from "../../../transformer/resolve/module-index.js";
import { createResolver, type Resolution } from "../../../transformer/resolve/xcs-symbols.js";
import { compilerOptions, findFixtureInputs, OUTPUTS } from "../fixtures/compile-fixtures.js";

interface Question {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly declared: Resolution;
  readonly checked: Resolution;
}

/**
 * The file makes a program per question set; the declarations under node_modules (TypeScript's
 * libs, xcs-jit's dependencies) are the same in all of them, so each is parsed once and shared,
 * as TypeScript's own language service shares unchanged source files between programs.
 */
const host = ts.createCompilerHost(compilerOptions);
const readSourceFile = host.getSourceFile.bind(host);
const parsedDeclarations = new Map<string, ts.SourceFile | undefined>();
host.getSourceFile = (fileName, ...rest) => {
  if (!fileName.includes("/node_modules/")) return readSourceFile(fileName, ...rest);
  if (!parsedDeclarations.has(fileName)) parsedDeclarations.set(fileName, readSourceFile(fileName, ...rest));
  return parsedDeclarations.get(fileName);
};

/** Every `<value>.invoke(...)` in `forward` methods of `files`, answered by both sources. */
function askBoth(files: readonly string[]): Question[] {
  const program = ts.createProgram(files, compilerOptions, host);
  const checker = program.getTypeChecker();
  const declarations = new DeclaredShapes(createModuleIndex(ts, compilerOptions, OUTPUTS));
  const index = createModuleIndex(ts, compilerOptions, OUTPUTS);
  return files.flatMap((file) => {
    const checkedFile = program.getSourceFile(file)!;
    const declaredFile = index.sourceFile(file)!;
    const checkedAnswers = new Map(invokeReceivers(checkedFile).map((e) => [e.pos, createResolver(ts, checkedFile, { checker }).isOperator(e)]));
    return invokeReceivers(declaredFile).map((receiver) => ({
      file,
      line: declaredFile.getLineAndCharacterOfPosition(receiver.getStart()).line + 1,
      text: receiver.getText(),
      declared: declarations.isOperator(receiver),
      checked: checkedAnswers.get(receiver.pos)!,
    }));
  });
}

function invokeReceivers(file: ts.SourceFile): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "invoke" && ts.isCallExpression(node.parent)) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The receivers of string methods (`.trim()`, `.toUpperCase()`, …) in `file`: where the primitive question is asked. */
function methodReceivers(file: ts.SourceFile): ts.Expression[] {
  const methods = new Set(["trim", "toUpperCase", "toLowerCase", "slice", "padStart", "split", "includes", "startsWith", "replace"]);
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && methods.has(node.name.text) && ts.isCallExpression(node.parent)) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const agrees = (q: Question) => q.declared === "unknown" || q.declared === q.checked;

describe("declaration-following resolution", () => {
  it("gives the answer written beside each call of the corpus, and the checker agrees with every yes and no", () => {
    const file = join(import.meta.dirname, "corpus/cases.ts");
    const text = ts.sys.readFile(file)!.split("\n");
    const questions = askBoth([file]);
    expect(questions.length).toBeGreaterThanOrEqual(35);
    for (const q of questions) {
      const expected = /\/\/ expect: (yes|no|unknown)/.exec(text[q.line - 1]!)?.[1];
      expect(expected, `line ${q.line} has an expectation`).toBeDefined();
      expect(q.declared, `${q.text} (line ${q.line})`).toBe(expected);
      expect(agrees(q), `${q.text} (line ${q.line}): declared ${q.declared}, checker ${q.checked}`).toBe(true);
    }
    // The corpus exercises all three answers.
    expect(new Set(questions.map((q) => q.declared))).toEqual(new Set(["yes", "no", "unknown"]));
  });

  it("agrees with the checker on every call in every transformer fixture, and leaves only an intersection type, loop and callback patterns and optional chains to it", () => {
    const questions = askBoth(findFixtureInputs());
    expect(questions.length).toBeGreaterThanOrEqual(80);
    const disagreements = questions.filter((q) => !agrees(q)).map((q) => `${q.file}:${q.line} ${q.text}`);
    expect(disagreements).toEqual([]);
    const leftToChecker = questions.filter((q) => q.declared === "unknown").map((q) => `${q.file.replace(/^.*fixtures\//, "")} ${q.text}`);
    // Declarations do not follow a binding pattern in a `for...of` (`[name, op]` of a Map or
    // `Object.entries`) or in a callback's parameter (`([name, tool]) => ...`), nor an optional
    // chain through a field's object type: the checker answers.
    expect(leftToChecker).toEqual([
      "calls/async-callback-steps.input.ts drafter",
      "destructuring/static-forms.input.ts expert",
      "destructuring/static-forms.input.ts op",
      "destructuring/static-forms.input.ts this.extras?.reranker",
      "destructuring/static-forms.input.ts this.extras.missing",
      "static-loops/data-made-in-forward.input.ts member",
      "static-loops/destructured-callbacks.input.ts tool",
      "static-loops/destructured-callbacks.input.ts op",
      "static-loops/keyed-object.input.ts expert",
      "static-loops/static-continue.input.ts m",
    ]);
  });

  it("says whether a data method's receiver is a primitive as the checker does, on every such call in every transformer fixture", () => {
    const files = findFixtureInputs();
    const program = ts.createProgram(files, compilerOptions, host);
    const checker = program.getTypeChecker();
    const declarations = new DeclaredShapes(createModuleIndex(ts, compilerOptions, OUTPUTS));
    const index = createModuleIndex(ts, compilerOptions, OUTPUTS);
    const answers = files.flatMap((file) => {
      const checkedFile = program.getSourceFile(file)!;
      const checked = new Map(methodReceivers(checkedFile).map((e) => [e.pos, createResolver(ts, checkedFile, { checker }).isPrimitive(e)]));
      return methodReceivers(index.sourceFile(file)!).map((e) => ({ text: `${file.replace(/^.*fixtures\//, "")} ${e.getText()}`, declared: declarations.isPrimitive(e), checked: checked.get(e.pos)! }));
    });
    expect(answers.filter((a) => a.declared === "yes").length).toBeGreaterThanOrEqual(3);
    expect(answers.filter((a) => a.declared !== "unknown" && (a.declared === "yes") !== a.checked).map((a) => a.text)).toEqual([]);
  });

  it("never contradicts the checker on random field types and reads", () => {
    const dir = join(OUTPUTS, "declared-shapes");
    mkdirSync(dir, { recursive: true });
    let round = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fieldDeclaration, read), { minLength: 5, maxLength: 25 }), (cases) => {
        const file = join(dir, `random-${round++}.ts`);
        writeFileSync(file, randomModule(cases));
        for (const q of askBoth([file])) expect(agrees(q), `${q.text}: declared ${q.declared}, checker ${q.checked}\n${ts.sys.readFile(file)}`).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});

// Field types from a grammar over operators, look-alikes, collections and unions.
const leafType = fc.constantFrom("Leaf", "Refined", "Judge", "LookAlike", "Plain", "Operator<Text, Text>", "string", "any", "LocalOp", "LocalPlain");
const fieldType: fc.Arbitrary<string> = fc.letrec<{ type: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafType,
    tie("type").map((t) => `${t}[]`),
    tie("type").map((t) => `readonly ${t}[]`),
    tie("type").map((t) => `Map<string, ${t}>`),
    tie("type").map((t) => `Record<string, ${t}>`),
    fc.tuple(tie("type"), tie("type")).map(([a, b]) => `(${a} | ${b})`),
    tie("type").map((t) => `(${t} | undefined)`),
  ),
})).type;
const initializer = fc.constantFrom("new Leaf()", "new Refined()", "new LookAlike()", "new LocalOp()", "[new Leaf(), new Refined()]",
  "[new Leaf(), new LookAlike()]", "Array.from({ length: 2 }, () => new Refined())", "new Map([[\"k\", new Leaf()]])", "makeLeaf()", "{ a: 1 }");
const fieldDeclaration = fc.oneof(fieldType.map((t) => `!: ${t}`), initializer.map((i) => ` = ${i}`));
const read = fc.constantFrom("this.F", "this.F[0]!", "this.F[0]![0]!", "this.F.get(\"k\")!", "this.F[\"k\"]!", "alias", "element", "mapped");

function randomModule(cases: [string, string][]): string {
  const fields = cases.map(([declaration], i) => `  f${i}${declaration};`).join("\n");
  const reads = cases.map(([, how], i) => {
    const field = `this.f${i}`;
    if (how === "alias") return `    const a${i} = ${field};\n    await a${i}.invoke(inputs);`;
    if (how === "element") return `    for (const e${i} of ${field}) await e${i}.invoke(inputs);`;
    if (how === "mapped") return `    await Promise.all(${field}.map((m${i}) => m${i}.invoke(inputs)));`;
    return `    await ${how.replace("this.F", field)}.invoke(inputs);`;
  }).join("\n");
  return `// @ts-nocheck generated
import { Operator } from "xcs-jit";
import { Judge, Leaf, LookAlike, makeLeaf, Plain, Refined } from "${join(import.meta.dirname, "corpus/operators.js")}";
type Text = { text: string };
class LocalOp extends Leaf {}
class LocalPlain { invoke(inputs: Text) { return inputs; } }
export class Random extends Operator<Text, Text> {
${fields}
  async forward(inputs: Text) {
${reads}
    return inputs;
  }
}
`;
}
