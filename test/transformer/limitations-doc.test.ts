// docs/limitations.md has one section per diagnostic code in the catalog, in catalog order, with
// the generated parts up to date (UPDATE_DOCS=1 rewrites them), the four hand-written parts
// present, and an example that still reports its code when the transformer compiles it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { catalog, type CatalogEntry } from "../../transformer/diagnostics/codes.js";
import tsPatchEntry, { analyzeSourceFile } from "../../transformer/index.js";
import { SUBSECTIONS, firstCodeBlock, parseDoc, renderDoc, subsections } from "./limitations-doc/render.js";
import { VirtualPrograms, repoRoot } from "./virtual-program.js";

const docPath = join(repoRoot, "docs/limitations.md");
const entries = [...catalog.values()];
const current = readFileSync(docPath, "utf8");
const parsed = parseDoc(current);
const expected = renderDoc(entries, parsed);

if (process.env.UPDATE_DOCS === "1" && expected !== current) writeFileSync(docPath, expected);

describe("docs/limitations.md", () => {
  it("matches the catalog: index, headings, anchors and outcome lines (UPDATE_DOCS=1 regenerates them)", () => {
    const onDisk = readFileSync(docPath, "utf8");
    expect(onDisk, "docs/limitations.md is out of date: run UPDATE_DOCS=1 npx vitest run test/transformer/limitations-doc.test.ts").toBe(expected);
  });

  it.each(entries.map((e) => e.code))("%s has What, Why, Example and Workaround, all written", (code) => {
    const parts = subsections(parsed.prose.get(code) ?? "");
    expect(parts.map((p) => p.name)).toEqual([...SUBSECTIONS]);
    for (const part of parts) {
      expect(part.text, `${code} / ${part.name}`).not.toBe("");
      expect(part.text, `${code} / ${part.name}`).not.toMatch(/\bTODO\b/);
    }
  });
});

describe("the examples in docs/limitations.md", () => {
  const prelude = firstCodeBlock(parsed.preamble.slice(parsed.preamble.indexOf("## Examples on this page")))!.code;
  const programs = new VirtualPrograms();
  const example = (entry: CatalogEntry) => {
    const part = subsections(parsed.prose.get(entry.code) ?? "").find((p) => p.name === "Example");
    return firstCodeBlock(part?.text ?? "");
  };

  const withTsExample = entries.filter((e) => example(e)?.language === "ts");
  // Internal codes have no user-code example (nothing a user writes should trigger them), and
  // XCS3003 concerns the tsconfig, so its example is JSON; every other code has a TypeScript one.
  it("gives every code that user code can trigger a TypeScript example", () => {
    const without = entries.filter((e) => !withTsExample.includes(e)).map((e) => e.code);
    expect(without).toEqual(entries.filter((e) => e.outcome === "internal" || e.code === "XCS3003").map((e) => e.code));
  });

  it.each(withTsExample.map((e) => [e.code, e] as const))("the %s example reports its code", (code, entry) => {
    const path = join(repoRoot, "test/.tmp/limitations", `${code}.ts`);
    const program = programs.create({ [path]: `${prelude}\n${example(entry)!.code}` });
    const analyses = analyzeSourceFile(program.getSourceFile(path)!, { ts, checker: program.getTypeChecker(), options: {} });
    const codes = analyses.flatMap((a) => a.diagnostics.map((d) => d.code));
    expect(codes).toContain(code);
  });

  it("the XCS3003 example (a tsconfig plugin entry) reports XCS3003", () => {
    const entry = catalog.get("XCS3003")!;
    const config = JSON.parse(example(entry)!.code) as { compilerOptions: { plugins: Record<string, unknown>[] } };
    const { transform: _transform, ...options } = config.compilerOptions.plugins[0]!;
    const path = join(repoRoot, "test/.tmp/limitations", "XCS3003.ts");
    const program = programs.create({ [path]: prelude });
    const reported: ts.Diagnostic[] = [];
    // As ts-patch calls it: the program, the plugin entry as config, diagnostics through extras.
    const addDiagnostic = (d: ts.Diagnostic) => reported.push(d);
    expect(() => tsPatchEntry(program, { transform: "xcs-jit/transformer", ...options }, { ts, addDiagnostic })).not.toThrow();
    expect(reported.map((d) => d.code)).toContain(93003);
  });
});
