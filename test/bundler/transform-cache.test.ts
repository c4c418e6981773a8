// Results kept between builds: a kept result is returned only while the source and every file its
// analysis read are as they were, and while no file has appeared where a module resolution looked.
// Each "build" below is a new compile session and a new cache handle, as a new process would have.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createSourceCompiler } from "../../transformer/bundler/source-compiler.js";
import { openTransformCache } from "../../transformer/bundler/transform-cache.js";
import { OUTPUTS, ROOT } from "../transformer/fixtures/compile-fixtures.js";

const dir = join(OUTPUTS, "transform-cache");
const cacheDir = join(dir, ".cache");
const file = (name: string) => join(dir, name).split("\\").join("/");

const operator = (base: string) => `import { Operator } from "xcs-jit";
export class Helper {}
export class Answer extends ${base} {
  async forward(inputs: { q: string }) {
    return { a: inputs.q };
  }
}
`;
const pipeline = (name: string, from = "./operator.js") => `import { Operator, structuralJit } from "xcs-jit";
import { Answer } from "${from}";

@structuralJit
export class ${name} extends Operator<{ q: string }, { a: string }> {
  answer = new Answer();
  async forward(inputs: { q: string }) {
    if (inputs.q === "") console.log("empty");
    return this.answer.invoke(inputs);
  }
}
`;
const OPERATOR = operator("Operator<{ q: string }, { a: string }>");

let tsconfig: string;
beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file("operator.ts"), OPERATOR);
  tsconfig = file("tsconfig.json");
  writeTsconfig("ESNext");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTsconfig(target: string): void {
  const compilerOptions = { strict: true, target, module: "ESNext", moduleResolution: "Bundler", paths: { "xcs-jit": [join(ROOT, "runtime/index.ts")] } };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, include: ["*.ts"] }));
}

/** One build: analyses what the cache does not hold, keeps what it may; says which files it analysed. */
function build(sources: Record<string, string>, salt = "options") {
  const compiler = createSourceCompiler({ tsconfig, root: dir });
  const cache = openTransformCache(cacheDir, salt);
  const analysed: string[] = [];
  const outputs: Record<string, unknown> = {};
  for (const [name, code] of Object.entries(sources)) {
    const fileName = file(name);
    const kept = cache.get(fileName, code);
    if (kept) {
      outputs[name] = kept;
      continue;
    }
    analysed.push(name);
    const { reads, code: output, map, diagnostics } = compiler.transform(fileName, code);
    // What crosses to the cache is plain data, as from the worker.
    const plain = JSON.parse(JSON.stringify({ code: output, map, diagnostics }));
    if (reads) cache.set(fileName, code, plain, reads);
    outputs[name] = plain;
  }
  return { analysed, outputs };
}

describe("the transform cache", () => {
  it("returns, for an unchanged project, exactly what the analysis returned, warnings included", () => {
    const sources = { "a.ts": pipeline("A"), "b.ts": pipeline("B") };
    const first = build(sources);
    expect(first.analysed).toEqual(["a.ts", "b.ts"]);
    expect(JSON.stringify(first.outputs["a.ts"])).toContain("g.call(self.answer");
    expect((first.outputs["a.ts"] as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(["XCS1001"]);
    const second = build(sources);
    expect(second.analysed).toEqual([]);
    expect(second.outputs).toEqual(first.outputs);
  });

  it("analyses again every file whose imported declarations changed, also one that reused another's answer", () => {
    // `Answer` extends `Base` from base.ts. b.ts is analysed after a.ts in the same session and
    // reuses what a.ts's analysis found about `Base`: it must depend on base.ts all the same.
    writeFileSync(file("base.ts"), `import { Operator } from "xcs-jit";\nexport class Base extends Operator<{ q: string }, { a: string }> {}\n`);
    writeFileSync(file("operator.ts"), operator("Base").replace(`import { Operator } from "xcs-jit";`, `import { Base } from "./base.js";`));
    const sources = { "a.ts": pipeline("A"), "b.ts": pipeline("B") };
    expect(JSON.stringify(build(sources).outputs["b.ts"])).toContain("g.call(self.answer");
    writeFileSync(file("base.ts"), `export class Base {}\n`);
    const edited = build(sources);
    expect(edited.analysed).toEqual(["a.ts", "b.ts"]);
    expect(JSON.stringify(edited.outputs["b.ts"])).not.toContain("g.call(self.answer");
  });

  it("analyses again when a file appears where a module resolution looked first", () => {
    mkdirSync(file("operator-dir"));
    writeFileSync(file("operator-dir/index.ts"), OPERATOR);
    const sources = { "a.ts": pipeline("A", "./operator-dir") };
    expect(build(sources).analysed).toEqual(["a.ts"]);
    expect(build(sources).analysed).toEqual([]);
    // `./operator-dir` now resolves to this file, which declares no operator.
    writeFileSync(file("operator-dir.ts"), operator("Helper"));
    const shadowed = build(sources);
    expect(shadowed.analysed).toEqual(["a.ts"]);
    expect(JSON.stringify(shadowed.outputs["a.ts"])).not.toContain("g.call(self.answer");
  });

  it("analyses again when the source, the tsconfig or the options differ", () => {
    const sources = { "a.ts": pipeline("A") };
    build(sources);
    expect(build({ "a.ts": pipeline("Renamed") }).analysed).toEqual(["a.ts"]);
    writeTsconfig("ES2022");
    expect(build({ "a.ts": pipeline("Renamed") }).analysed).toEqual(["a.ts"]);
    expect(build({ "a.ts": pipeline("Renamed") }, "other options").analysed).toEqual(["a.ts"]);
  });

  it("treats an unreadable entry as a miss", () => {
    const sources = { "a.ts": pipeline("A") };
    build(sources);
    const cache = openTransformCache(cacheDir, "options");
    for (const entry of readdirSync(cacheDir)) writeFileSync(join(cacheDir, entry), "{ not json");
    expect(cache.get(file("a.ts"), sources["a.ts"])).toBeUndefined();
    expect(build(sources).analysed).toEqual(["a.ts"]);
  });

  it("keeps nothing that a program answered: every file of the program could have mattered", () => {
    // The field's type comes from a function whose declaration says nothing: only the checker knows.
    writeFileSync(file("make.ts"), `import { Answer } from "./operator.js";\nexport function make() { return new Answer(); }\n`);
    const code = pipeline("A").replace("new Answer()", "make()").replace(`import { Answer } from "./operator.js";`, `import { make } from "./make.js";`);
    writeFileSync(file("a.ts"), code);
    const compiler = createSourceCompiler({ tsconfig, root: dir });
    const result = compiler.transform(file("a.ts"), code);
    expect(result.code).toContain("g.call(self.answer");
    expect(compiler.project.programCount).toBe(1);
    expect(result.reads).toBeUndefined();
  });
});
