// The path users take: the example project's tsconfig names the plugin
// ("transform": "xcs-jit/transformer"), the real `tspc` (ts-patch's live compiler) compiles it
// against the built package, and the output runs on the built runtime in a plain Node process.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SpawnSyncReturns } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPackage, describeRun, repoRoot, runNode, tspcBin } from "./build-package.js";

const scratch = join(repoRoot, "test/.tmp/e2e-tspc-example");
let compile: SpawnSyncReturns<string>;

beforeAll(() => {
  buildPackage(scratch, { runtime: true });
  const examples = join(scratch, "examples");
  cpSync(join(repoRoot, "examples"), examples, { recursive: true, filter: (path) => !path.includes("node_modules") });
  const link = runNode(join(examples, "link-package.mjs"), [], scratch);
  if (link.status !== 0) throw new Error(`link-package.mjs failed: ${describeRun(link)}`);
  compile = runNode(tspcBin, ["-p", join(examples, "tsconfig.json")], scratch);
}, 300_000);

describe("examples compiled by tspc with the xcs-jit plugin", () => {
  it("compiles with exit code 0 (breaks are warnings, not diagnostics)", () => {
    expect(compile.status, describeRun(compile)).toBe(0);
  });

  it("emits a structure member for the structural class and keeps forward as written", () => {
    const js = readFileSync(join(scratch, "dist/examples/ensemble-judge/pipeline.js"), "utf8");
    expect([...js.matchAll(/static \[[\w$.]*XCS_STRUCTURE\]\(/g)], "structure members in pipeline.js").toHaveLength(1);
    expect([...js.matchAll(/async forward\(inputs\)/g)], "forward methods in pipeline.js").toHaveLength(1);
    expect(js, "the example's forward awaits in plain loops").not.toContain("Promise.all");
  });

  it("runs structurally, with one flat graph of 111 calls, and returns what eager forward returns", () => {
    const check = join(scratch, "check.mjs");
    writeFileSync(check, CHECK_SCRIPT);
    const run = runNode(check, [], scratch);
    expect(run.status, describeRun(run)).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;

    expect(report.structures).toEqual({ EnsembleJudge: true });
    expect(report.mode).toBe("structural");
    expect(report.callNodes).toBe(111);
    expect(report.compiled).toEqual(report.eager);
    // Independent of both runs: panel i's members hold opinions i..i+9 (mod 3), so panel i
    // answers opinion i mod 3, and across ten panels opinion 0 wins 4 to 3 to 3.
    expect(report.compiled).toEqual({ answer: "q -> opinion 0" });
  });

  it("runs the example's main program: the structure, explain, and as-written vs compiled vs the bound", () => {
    const run = runNode(join(scratch, "dist/examples/ensemble-judge/main.js"), ["--latency", "5"], scratch);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stderr, "no warnings before the example's output").toBe("");
    expect(run.stdout).toMatch(/XCS_STRUCTURE\]\(self, g, inputs\)/);
    expect(run.stdout).toContain("mode: structural");
    expect(run.stdout).toContain("graph: 111 calls, at most 3 on any path");
    expect(run.stdout).not.toMatch(/^(graph|flowchart) /m);
    expect(run.stdout).toContain("(the same as written)");
    const ms = (label: string) => Number(new RegExp(`^${label}: +([\\d.]+) ms`, "m").exec(run.stdout)?.[1]);
    // The bound comes from the graph: 3 calls on the longest path, 5 ms each.
    expect(ms("critical-path bound")).toBe(15);
    expect(ms("as written \\(forward\\)")).toBeGreaterThan(0);
    expect(ms("compiled \\(invoke\\)")).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^speedup over as written: +\d+(\.\d)?x$/m);
    expect(run.stdout).toMatch(/^compiled \/ bound: +\d+\.\d\d$/m);
  });

  it("prints the graph as Mermaid only when asked (--mermaid)", () => {
    const run = runNode(join(scratch, "dist/examples/ensemble-judge/main.js"), ["--latency", "0", "--mermaid"], scratch);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^== Graph \(Mermaid\) ==\n(graph|flowchart) /m);
  });
});

describe("tspc with strict: true", () => {
  it("prints a break as an error led by its XCS code, honours xcs-jit-ignore, and fails the build", () => {
    const dir = join(scratch, "examples", "strict-check");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      extends: "../tsconfig.json",
      compilerOptions: { outDir: "../../dist/strict-check", plugins: [{ transform: "xcs-jit/transformer", strict: true }] },
      include: ["."],
    }));
    writeFileSync(join(dir, "op.ts"), `import { Operator, structuralJit } from "xcs-jit";
type Q = { query: string };
class Echo extends Operator<Q, Q> {
  async forward(inputs: Q) {
    return inputs;
  }
}
const prompt = (q: string) => \`Answer: \${q}\`;
@structuralJit
export class Logged extends Operator<Q, Q> {
  echo = new Echo();
  async forward(inputs: Q) {
    const r = await this.echo.invoke({ query: prompt(inputs.query) });
    // xcs-jit-ignore XCS1006: this one is wanted
    console.log(r.query);
    console.info(r.query);
    return r;
  }
}
`);
    const run = runNode(tspcBin, ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], scratch);
    expect(run.status, describeRun(run)).not.toBe(0);
    const errors = run.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(errors, describeRun(run)).toHaveLength(1);
    expect(errors[0]).toMatch(/op\.ts\(16,5\): error TS91006: XCS1006 \(xcs-jit, effectful or nondeterministic built-in\): `console\.info\(r\.query\)` has an effect/);
    expect(run.stdout + run.stderr, "no internal pass names").not.toMatch(/classify:|explain-breaks:/);
  });
});

// Runs in a plain Node process: imports resolve to the scratch package's dist/ by self-reference.
const CHECK_SCRIPT = `
import { XCS_STRUCTURE, explain } from "xcs-jit";
import { EnsembleJudge } from "./dist/examples/ensemble-judge/pipeline.js";

const op = new EnsembleJudge(0);
const inputs = { query: "q" };
const compiled = await op.invoke(inputs);
const eager = await op.forward(inputs, { signal: new AbortController().signal });
const explained = explain(op);
console.log(JSON.stringify({
  structures: {
    EnsembleJudge: typeof EnsembleJudge[XCS_STRUCTURE] === "function",
  },
  mode: explained.mode,
  callNodes: explained.graph ? explained.graph.nodes.filter((n) => n.kind === "call").length : null,
  compiled,
  eager,
}));
`;
