// The plugin inside a real bundler (esbuild, in this process): the bundle runs the operator
// structurally, the eager `forward` still maps back to the original line and column through the
// source map, breaks arrive as esbuild warnings with their location, and `strict` fails the build.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build, type BuildResult } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import xcsJit from "../../transformer/bundler/esbuild.js";

const repo = join(import.meta.dirname, "../..");
const sample = join(import.meta.dirname, "sample");
const out = join(repo, "test/.tmp/bundler-esbuild");

function bundle(strict: boolean, cache?: string): Promise<BuildResult> {
  return build({
    entryPoints: [join(sample, "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    sourcemap: "inline",
    outfile: join(out, cache ? "cached.mjs" : strict ? "strict.mjs" : "main.mjs"),
    alias: { "xcs-jit": join(repo, "runtime/index.ts") },
    logLevel: "silent",
    plugins: [xcsJit({ strict, root: repo, tsconfig: join(sample, "tsconfig.json"), cache: cache ?? false })],
  });
}

/** `line:column` of the condition the deliberate break branches on. */
const breakAt = (() => {
  const lines = readFileSync(join(sample, "thrower.ts"), "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes('if (x.a === "boom")'));
  return `${line + 1}:${lines[line]!.indexOf("x.a") + 1}`;
})();

let built: BuildResult;
beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  built = await bundle(false);
}, 60_000);

describe("xcs-jit/esbuild", () => {
  it("compiles the class: the bundle runs it structurally and returns what eager forward returns", () => {
    const run = spawnSync(process.execPath, ["--enable-source-maps", join(out, "main.mjs")], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { mode: string; calls: number; compiled: unknown; eager: unknown; stack: string };
    expect(report.mode).toBe("structural");
    expect(report.calls).toBe(2);
    expect(report.compiled).toEqual({ a: "hi", b: "hi!" });
    expect(report.compiled).toEqual(report.eager);

    // The throw's own position in the original file, found in the text rather than written down.
    const lines = readFileSync(join(sample, "thrower.ts"), "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes('throw new Error("boom'));
    const column = lines[line]!.indexOf("new Error") + 1;
    expect(report.stack).toContain(`thrower.ts:${line + 1}:${column}`);
  });

  it("leaves no decorator syntax in the output and registers the class by a direct call", () => {
    // esbuild marks where each module starts; the sample's own module runs up to the entry's.
    const bundled = readFileSync(join(out, "main.mjs"), "utf8");
    const thrower = bundled.slice(bundled.indexOf("// test/bundler/sample/thrower.ts"), bundled.indexOf("// test/bundler/sample/main.ts"));
    expect(thrower).toContain("var Thrower = class");
    expect(thrower).not.toContain("@");
    expect(thrower).not.toContain("__decorate");
    expect(thrower).toMatch(/\bstructuralJit\(Thrower\);/);
  });

  it("reports the graph break as an esbuild warning with file, line and column", () => {
    const texts = built.warnings.map((w) => w.text);
    expect(texts, "exactly the one break").toHaveLength(1);
    expect(texts[0]).toMatch(new RegExp(`^test/bundler/sample/thrower\\.ts:${breakAt} - warning XCS1001: `));
    expect(built.errors).toEqual([]);
  });

  it("fails the build under strict, naming the break's location", async () => {
    const failure = await bundle(true).then(() => undefined, (error: { errors?: { text: string }[] }) => error);
    const texts = (failure?.errors ?? []).map((e) => e.text);
    expect(texts, JSON.stringify(failure)).toHaveLength(1);
    expect(texts[0]).toMatch(new RegExp(`^test/bundler/sample/thrower\\.ts:${breakAt} - error XCS1001: `));
  });

  it("answers a second build from the results the first kept: the same bundle, the same warnings", async () => {
    const cache = join(out, "cache");
    rmSync(cache, { recursive: true, force: true });
    const first = await bundle(false, cache);
    const firstBundle = readFileSync(join(out, "cached.mjs"), "utf8");
    expect(readdirSync(cache).length, "one entry per structural file").toBeGreaterThan(0);
    const second = await bundle(false, cache);
    expect(readFileSync(join(out, "cached.mjs"), "utf8")).toBe(firstBundle);
    expect(second.warnings.map((w) => w.text)).toEqual(first.warnings.map((w) => w.text));
    expect(second.warnings).toHaveLength(1);
  });
});
