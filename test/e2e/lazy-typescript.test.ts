// The ts-patch entry builds with the TypeScript it is handed (`extras.ts`) and never loads its
// own: under a persistently patched `tsc` a second `typescript.js` would cost every build ~0.3 s.
// Checked in a child process on the CommonJS build, handed a copy of TypeScript from another path.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeRun, repoRoot, runNode } from "./build-package.js";
import { sharedPackage } from "./shared-package.js";

const scratch = join(repoRoot, "test/.tmp/lazy-typescript");
let dir: string;
const ownTypescript = createRequire(import.meta.url).resolve("typescript");
const copy = join(scratch, "handed/typescript.js");

beforeAll(() => {
  dir = sharedPackage();
  mkdirSync(join(scratch, "handed"), { recursive: true });
  copyFileSync(ownTypescript, copy);
  // The scratch package is ESM; the copy is CommonJS like the original.
  writeFileSync(join(scratch, "handed/package.json"), '{"type":"commonjs"}\n');
}, 300_000);

const script = (dir: string) => `
const ts = require(${JSON.stringify(copy)});
const entry = require(${JSON.stringify(join(dir, "dist/cjs/transformer/index.js"))}).default;
const source = [
  'import { Operator, structuralJit } from "xcs-jit";',
  "@structuralJit",
  "export class Chain extends Operator<{ q: string }, { a: string }> {",
  "  first = new Leaf();",
  "  async forward(inputs: { q: string }) { return this.first.invoke(inputs); }",
  "}",
  "class Leaf extends Operator<{ q: string }, { a: string }> { async forward(i: { q: string }) { return { a: i.q }; } }",
].join("\\n");
// In the scratch package, where "xcs-jit" resolves to its own build by self-reference.
const file = require("node:path").join(process.cwd(), "chain.ts");
require("node:fs").writeFileSync(file, source);
const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], skipLibCheck: true };
const program = ts.createProgram([file], options);
let out = "";
program.emit(program.getSourceFile(file), (_, text) => { out += text; }, undefined, false, { before: [entry(program, {}, { ts })] });
console.log(JSON.stringify({ emitted: out.includes("XCS_STRUCTURE"), loaded: Object.keys(require.cache).filter((k) => k.endsWith("typescript.js")) }));
`;

describe("the ts-patch entry and TypeScript", () => {
  it("builds with extras.ts and loads no TypeScript of its own", () => {
    const run = runNode("-e", [script(dir)], dir);
    expect(run.status, describeRun(run)).toBe(0);
    const { emitted, loaded } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { emitted: boolean; loaded: string[] };
    expect(emitted, "the structure was emitted").toBe(true);
    expect(loaded).toEqual([copy]);
  });
});
