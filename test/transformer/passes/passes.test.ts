/**
 * Each pass on small inputs, read through the IR printer: what lowering models, the binding time
 * it infers, which callees are operators, which statements break and what a host node carries.
 */
import * as ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkIR } from "../../../transformer/passes/10-check-ir.js";
import { IRInvariantError } from "../../../transformer/ir/shapes.js";
import { analyzeSourceFile } from "../../../transformer/index.js";
import { findStructuralClasses } from "../../../transformer/passes/01-find-structural-classes.js";
import { createResolver } from "../../../transformer/resolve/xcs-symbols.js";
import { FILE, IR_PASSES, operatorSource, programs, runPasses } from "./run-passes.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("find-structural-classes", () => {
  const source = `import { structuralJit as sj, Operator } from "xcs-jit";
import * as x from "xcs-jit";
function structuralJit(t: unknown, _c?: unknown) { return t as any; }
@sj class A extends Operator<{}, {}> { async forward() { return {}; } }
@x.structuralJit({ strict: true }) class B extends Operator<{}, {}> { async forward() { return {}; } }
@structuralJit class Decoy extends Operator<{}, {}> { async forward() { return {}; } }
@sj class NoForward extends Operator<{}, {}> { forward!: () => Promise<{}>; }
`;

  it("recognises the decorator by resolution, with a checker", () => {
    const program = programs.create({ [FILE]: source });
    const sourceFile = program.getSourceFile(FILE)!;
    const found = findStructuralClasses(ts, sourceFile, createResolver(ts, sourceFile, { checker: program.getTypeChecker() }));
    expect(found.map((c) => c.name)).toEqual(["A", "B", "NoForward"]);
    expect(found.find((c) => c.name === "B")!.strict).toBe(true);
    expect(found.find((c) => c.name === "NoForward")!.misuse.map((m) => m.code)).toEqual(["XCS3001"]);
  });

  it("recognises it through import bindings without a checker", () => {
    const sourceFile = ts.createSourceFile(FILE, source, ts.ScriptTarget.ES2022, true);
    const found = findStructuralClasses(ts, sourceFile, createResolver(ts, sourceFile));
    expect(found.map((c) => c.name)).toEqual(["A", "B", "NoForward"]);
  });

  it("finds nothing in a file that does not import xcs-jit", () => {
    const sourceFile = ts.createSourceFile(FILE, "function structuralJit(t: any) { return t; }\n@structuralJit class C {}", ts.ScriptTarget.ES2022, true);
    expect(findStructuralClasses(ts, sourceFile, createResolver(ts, sourceFile))).toEqual([]);
  });
});

describe("screen-unsupported", () => {
  it("bails out on generators, arguments, eval, super and writes to this, reporting each", () => {
    const source = `import { Operator, structuralJit } from "xcs-jit";
class Base extends Operator<{}, {}> { async forward() { return {}; } }
@structuralJit
export class Op extends Base {
  n = 0;
  override async *forward(inputs: {}) {
    this.n = arguments.length;
    eval("1");
    yield super.forward(inputs);
  }
}
`;
    const program = programs.create({ [FILE]: source });
    const [result] = analyzeSourceFile(program.getSourceFile(FILE)!, { ts, checker: program.getTypeChecker() });
    expect(result!.outcome).toBe("bailout");
    expect(result!.diagnostics.map((d) => d.code).sort()).toEqual(["XCS2001", "XCS2002", "XCS2003", "XCS2004", "XCS2005"]);
  });
});

describe("lower-forward", () => {
  it("keeps statements in order and marks what it cannot model", () => {
    const { text } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    try { helper(r); } catch {}
    while (r.score > 1) {}
    return r;`), "lower-forward");
    expect(text.split("\n").slice(1).map((l) => l.trim().replace(/^s\d+ /, ""))).toEqual([
      "const r = await(call(this.a.invoke; inputs))",
      "opaque XCS1004",
      "opaque XCS1003",
      "return r",
    ]);
  });
});

describe("resolve-callees", () => {
  it("calls an invoke an operator call only when its receiver's type is an Operator", () => {
    const body = `const r = await this.a.invoke(inputs);
    const s = await this.config.invoke?.(inputs);
    const h = helper(r);
    return Math.max(r.score, 1);`;
    const withChecker = runPasses(operatorSource(body, "declare module 'x' {}"), "resolve-callees").text;
    expect(withChecker).toContain("operator(this.a.invoke");
    expect(withChecker).toContain("unknown(helper");
    expect(withChecker).toContain("pure(Math.max");
    const without = runPasses(operatorSource(body), "resolve-callees", false).text;
    expect(without).toContain("unresolved(this.a.invoke");
  });
});

describe("infer-binding-times", () => {
  it("static for this and constants, ref for results, build-time arrays for fan-outs", () => {
    const { text } = runPasses(operatorSource(`
    const k = this.config.k;
    const answers = await Promise.all(this.members.map((m) => m.invoke(inputs)));
    const first = answers[0];
    const texts = answers.map((a) => a.text);
    const joined = texts.join(",");
    return { k, first, joined };`), "infer-binding-times");
    expect(text).toContain("const k:static");
    expect(text).toContain("const answers:ref[]");
    expect(text).toContain("const first:ref");
    expect(text).toContain("const texts:ref[]");
    expect(text).toContain("const joined:ref");
  });

  it("a local object written by build-time keys in a build-time loop is a build-time object of graph values", () => {
    const { text } = runPasses(operatorSource(`
    const byName: Record<string, T> = {};
    for (const [i, m] of this.members.entries()) { byName[\`m\${i}\`] = await m.invoke(inputs); }
    const first = byName["m0"];
    const late: Record<string, T> = {};
    late[inputs.query] = first;
    return { byName, first, late };`), "infer-binding-times");
    expect(text).toContain("const byName:{[key]: ref}");
    expect(text).toContain("byName[pure(i:static):static] := await(");
    expect(text).toContain("const first:ref");
    // A key known only at run time: the write runs in a host node, which hands the object on.
    expect(text).toContain("const late:value");
  });

  it("a map callback's patterns bind like declarations, and an async one's steps like statements", () => {
    const { text } = runPasses(operatorSource(`
    const replies = await Promise.all(Object.entries({ x: this.a, y: this.b }).map(async ([name, op]) => {
      const { text } = await op.invoke({ query: name });
      return { name, text };
    }));
    return replies.map(({ text }, i) => text + i);`), "infer-binding-times");
    expect(text).toContain("async ([name:static, op:static]@static) => { {text: text:ref}@fields = await(operator(");
    expect(text).toContain("const replies:{name: static, text: ref}[] = await(all(");
    // (An object pattern over a build-time object is bound by a compute node: correct, not yet a build-time read.)
    expect(text).toContain("map(replies:{name: static, text: ref}[]; ({text: text:ref}@compute, i:static) =>");
  });

  it("a variable a host node assigns becomes a value, read through compute nodes", () => {
    const { text } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    let label = "low";
    if (r.score > 1) { label = "high"; }
    return { label };`), "infer-binding-times");
    expect(text).toContain("let label:value");
  });
});

describe("infer-binding-times: escape analysis", () => {
  it("makes on each run the constant literals whose objects may leave, and only the parts that may", () => {
    const { text } = runPasses(operatorSource(`
    const opts = { label: "x", nested: { n: 1 } };
    const names = ["a", "b"];
    const cfg = this.config;
    const rs = [];
    for (const name of names) rs.push(await this.a.invoke({ query: \`\${name} \${opts.label}\` }));
    const d = { n: 1 };
    const e = d;
    const r = await this.b.invoke({ query: opts.label, nested: opts.nested, cfg, list: names.slice(), e });
    return { rs, r, fallback: { query: "none" }, copy: { ...cfg } };`), "infer-binding-times");
    // Only the nested object leaves; strings read from constants leave nothing to share.
    expect(text).toContain("const opts:{label: static, nested: ref} = {label: \"x\":static, nested: {n: 1:static}:ref}");
    expect(text).toContain("const names:static");
    expect(text).toContain("for name:static of names:static");
    // What `this` holds is shared by eager's calls too, never made anew: given to a call (through
    // the name `cfg`), it is state read through the builder (`g.state`, a graph value here).
    expect(text).toContain("const cfg:ref = this:static.config:ref");
    // Through an alias, the variable itself is made on each run.
    expect(text).toContain("const d:ref = {n: 1:static}:ref");
    expect(text).toContain("const e:ref = d:ref");
    expect(text).toContain("fallback: {query: \"none\":static}:ref");
    expect(text).toContain("copy: {...cfg:ref}:ref");
  });
});

describe("infer-effects, classify and explain-breaks", () => {
  it("breaks on dynamic control flow and unknown calls, keeps static control flow in the graph", () => {
    const { text, codes } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    if (this.config.verify) { await this.b.invoke(inputs); }
    if (r.score > 1) { await this.b.invoke(inputs); }
    console.log(r.text);
    const h = helper(r);
    return h;`), "explain-breaks");
    expect(codes).toEqual(["XCS1001", "XCS1006", "XCS1005"]);
    const roles = text.split("\n").filter((l) => /\[(graph|host)\]/.test(l)).map((l) => l.trim().replace(/^s\d+ (\S+).*\[(\w+)\].*$/, "$1 $2"));
    expect(roles).toEqual(["const graph", "if graph", "await(operator(this:static.b:static.invoke:static; graph", "if host",
      "effectful(console:static.log:static; host", "const host", "return graph"]);
  });
});

describe("classify and explain-breaks: why a switch or while runs as a host node", () => {
  it("blames the subject when it is dynamic, the construct when it is static", () => {
    const dynamic = runPasses(operatorSource(`switch (inputs.query) { default: return 1; }`), "explain-breaks").codes;
    const constant = runPasses(operatorSource(`switch (this.config.k) { default: return 1; }`), "explain-breaks").codes;
    const loop = runPasses(operatorSource(`while (this.config.k > 5) { await this.a.invoke(inputs); } return 1;`), "explain-breaks").codes;
    expect([dynamic, constant, loop]).toEqual([["XCS1002"], ["XCS1010"], ["XCS1010"]]);
  });
});

describe("plan-host-regions", () => {
  it("merges adjacent host statements and computes live-ins and live-outs", () => {
    const { text } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    let label = "low";
    if (r.score > 1) { label = "high"; }
    const note = helper(label);
    const s = await this.b.invoke(inputs);
    return { note, s };`), "plan-host-regions");
    expect(text).toContain("host in(r, label) out(note)");
    expect(text.split("\n").filter((l) => l.includes("[host]")).length).toBe(2);
  });

  it("a host statement that may return runs to the end of forward", () => {
    const { text } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    if (r.score > 1) { return r; }
    const s = await this.b.invoke(inputs);
    return s;`), "plan-host-regions");
    expect(text).toContain("host tail in(inputs, r) out()");
  });
});

describe("check-ir", () => {
  it("lets a build-time value be computed from a build-time array's length, though the array holds refs", () => {
    const { text, codes } = runPasses(operatorSource(`
    const replies = await Promise.all([this.a.invoke(inputs), this.b.invoke(inputs)]);
    const label = replies.length > 1 ? "many" : "one";
    return this.a.invoke({ query: label });`), "check-ir");
    expect(codes).toEqual([]);
    expect(text).toContain("const label:static");
  });

  it("refuses an operation built as written that reads a run-time value (XCS9002)", () => {
    const { ir } = runPasses(operatorSource(`
    const r = await this.a.invoke(inputs);
    return \`Improve \${r.text}\`;`), "explain-breaks");
    // What a wrong binding time would produce: the template printed as written over a ref.
    const result = ir.body.at(-1)!;
    if (result.kind !== "return" || !result.value) throw new Error("expected a return with a value");
    result.value.how = "static";
    result.value.shape = { kind: "static" };
    expect(() => checkIR(ir)).toThrow(IRInvariantError);
    expect(() => checkIR(ir)).toThrow(/is built as written but reads a member, a run-time value/);
  });
});

describe("XCS_DEBUG=ir", () => {
  it("prints the IR after every pass", () => {
    vi.stubEnv("XCS_DEBUG", "ir");
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const program = programs.create({ [FILE]: operatorSource("return await this.a.invoke(inputs);") });
    analyzeSourceFile(program.getSourceFile(FILE)!, { ts, checker: program.getTypeChecker() });
    const headers = written.filter((w) => w.startsWith("--- Op after")).map((w) => w.split("\n")[0]);
    // Every pass after lowering leaves an IR: the dump follows the pipeline's own table.
    expect(headers).toEqual(IR_PASSES.map((pass) => `--- Op after ${pass}`));
    expect(IR_PASSES[0]).toBe("lower-forward");
    expect(written.join("")).toContain("s0 return await(operator(this:static.a:static.invoke:static; inputs:ref):ref):ref [graph]");
  });
});
