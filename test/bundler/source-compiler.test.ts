// A compile session across edits (watch mode): declarations read in one build are read again
// once the bundler says their file changed, and the program is built only on need.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSourceCompiler } from "../../transformer/bundler/source-compiler.js";
import { OUTPUTS, ROOT } from "../transformer/fixtures/compile-fixtures.js";

const dir = join(OUTPUTS, "source-compiler");
const operatorFile = join(dir, "operator.ts");
const pipelineFile = join(dir, "pipeline.ts");

const operator = (base: string) => `import { Operator } from "xcs-jit";
export class Helper {}
export class Answer extends ${base} {
  async forward(inputs: { q: string }) {
    return { a: inputs.q };
  }
}
`;
const pipeline = `import { Operator, structuralJit } from "xcs-jit";
import { Answer } from "./operator.js";

@structuralJit
export class Pipeline extends Operator<{ q: string }, { a: string }> {
  answer = new Answer();
  async forward(inputs: { q: string }) {
    return this.answer.invoke(inputs);
  }
}
`;

function writeProject(): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(operatorFile, operator("Operator<{ q: string }, { a: string }>"));
  writeFileSync(pipelineFile, pipeline);
  const tsconfig = join(dir, "tsconfig.json");
  const compilerOptions = { strict: true, module: "ESNext", moduleResolution: "Bundler", paths: { "xcs-jit": [join(ROOT, "runtime/index.ts")] } };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: [operatorFile, pipelineFile] }));
  return tsconfig;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a compile session across edits", () => {
  it("reads an edited declaration again once told, and builds no program while declarations answer", () => {
    const compiler = createSourceCompiler({ tsconfig: writeProject(), root: dir });
    const first = compiler.transform(pipelineFile, pipeline);
    expect(first.code).toContain("g.call(self.answer, inputs)");
    expect(first.diagnostics).toEqual([]);

    // `Answer` no longer extends Operator: until the bundler reports the change, the session keeps what it read.
    writeFileSync(operatorFile, operator("Helper"));
    expect(compiler.transform(pipelineFile, pipeline).code).toContain("g.call(self.answer, inputs)");
    compiler.invalidate(operatorFile);
    const edited = compiler.transform(pipelineFile, pipeline);
    expect(edited.code).not.toContain("g.call(self.answer, inputs)");
    expect(edited.diagnostics.map((d) => d.code)).toEqual(["XCS1005"]);
    expect(compiler.project.programCount).toBe(0);
  });
});
