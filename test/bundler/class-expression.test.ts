// `@structuralJit` on a class expression, on the text paths: the decorator becomes a static block
// that registers the class as it is defined, so no decorator syntax is left for a bundler that
// keeps it (esbuild with native decorators stands in for Vite 8, whose output Node cannot run
// otherwise), the classes run compiled, the source map still points at the original lines, and
// the output type-checks as `xcs-jit build` leaves it for `tsc`.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import xcsJit from "../../transformer/bundler/esbuild.js";
import { transformSource } from "../../transformer/bundler/source-transform.js";
import { typeProblems } from "../support/type-problems.js";

const repo = join(import.meta.dirname, "../..");
const sample = join(import.meta.dirname, "class-expression-sample");
const out = join(repo, "test/.tmp/bundler-class-expression");
const source = join(sample, "class-expression.ts");

/** Bundles the sample leaving decorator syntax as it is, the way Vite 8 does. */
async function bundle(withPlugin: boolean): Promise<string> {
  const outfile = join(out, withPlugin ? "main.mjs" : "without-plugin.mjs");
  await build({
    entryPoints: [join(sample, "class-expression-main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    sourcemap: "inline",
    supported: { decorators: true },
    outfile,
    alias: { "xcs-jit": join(repo, "runtime/index.ts") },
    logLevel: "silent",
    plugins: withPlugin ? [xcsJit({ root: repo, tsconfig: join(sample, "tsconfig.json") })] : [],
  });
  return outfile;
}

const run = (file: string) => spawnSync(process.execPath, ["--enable-source-maps", file], { encoding: "utf8" });

let bundled: string;
beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  bundled = await bundle(true);
}, 60_000);

describe("a @structuralJit class expression through a bundler that keeps decorators", () => {
  it("without the plugin, Node cannot even parse the bundle", async () => {
    const plain = run(await bundle(false));
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toContain("SyntaxError");
  });

  it("with it, no decorator is left and both classes run compiled, as eager forward would", () => {
    const text = readFileSync(bundled, "utf8");
    const module = text.slice(text.indexOf("// test/bundler/class-expression-sample/class-expression.ts"), text.indexOf("// test/bundler/class-expression-sample/class-expression-main.ts"));
    expect(module).toMatch(/static \{\s*structuralJit\(this\);\s*\}/);
    expect(module).not.toMatch(/@structuralJit/);

    const result = run(bundled);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { modes: string[]; calls: number[]; compiled: unknown; eager: unknown; stack: string };
    expect(report.modes).toEqual(["structural", "structural"]);
    expect(report.calls).toEqual([2, 2]);
    expect(report.compiled).toEqual([{ a: "hi", b: "hi!" }, { a: "hi+hi?" }]);
    expect(report.compiled).toEqual(report.eager);

    // The throw's own position in the original file, found in the text rather than written down.
    const lines = readFileSync(source, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes('throw new Error("boom'));
    expect(report.stack).toContain(`class-expression.ts:${line + 1}:${lines[line]!.indexOf("new Error") + 1}`);
  });
});

describe("the text edit on a class expression", () => {
  const transform = (text: string) => {
    const sourceFile = ts.createSourceFile(join(sample, "edited.ts"), text, ts.ScriptTarget.Latest, true);
    return transformSource({ ts, sourceFile, options: {} }).code!;
  };
  const decoratorsIn = (text: string) => {
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isDecorator(node)) names.push(node.expression.getText());
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile("out.ts", text, ts.ScriptTarget.Latest, true));
    return names;
  };
  const operator = (decorators: string) => `import { Operator, structuralJit } from "xcs-jit";
const other = (target: unknown) => {};
export const Bare = ${decorators} class Bare extends Operator<{ q: string }, { a: string }> {
  async forward(inputs: { q: string }) {
    return { a: inputs.q };
  }
};
`;

  it("registers the class from a static block, keeping every original line above its end in place", () => {
    const input = operator("@structuralJit");
    const output = transform(input);
    expect(decoratorsIn(output)).toEqual([]);
    expect(output).toContain("export const Bare =  class Bare extends");
    expect(output).toMatch(/\n  static \{ structuralJit\(this\); \}\n\};\n$/);
    expect(output.split("\n").slice(3, 6)).toEqual(input.split("\n").slice(3, 6));
  });

  it("leaves other decorators on the class and keeps the options", () => {
    const output = transform(operator("@other @structuralJit({ maxConcurrency: 2 })"));
    expect(decoratorsIn(output)).toEqual(["other"]);
    expect(output).toContain("static { structuralJit({ maxConcurrency: 2 })(this); }");
  });

  it("type-checks with the checker's types and a diagnostics table, as `xcs-jit build` writes it", () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(sample, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const original = ts.createProgram([source], config.options);
    const result = transformSource({ ts, sourceFile: original.getSourceFile(source)!, checker: original.getTypeChecker(), options: {}, currentDirectory: repo });
    expect(result.diagnostics.map((d) => d.code), "the break gives Pair a diagnostics table").toEqual(["XCS1001"]);

    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) => (name === source ? ts.createSourceFile(name, result.code!, language) : read(name, language, ...rest));
    const program = ts.createProgram([source], config.options, host, original);
    expect(typeProblems(program, [source])).toEqual([]);
  }, 120_000);
});
