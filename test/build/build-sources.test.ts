// `xcs-jit build` in-process: which files are transformed or copied, the source map back to the
// original, the warnings, `--strict`, and the command's argument errors.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSources } from "../../transformer/build/build-sources.js";
import { runBuildCommand } from "../../transformer/build/build-command.js";
import { InputError } from "../../transformer/cli/cli-errors.js";

const repo = join(import.meta.dirname, "../..");
const sample = join(repo, "test/bundler/sample");
const tsconfig = join(sample, "tsconfig.json");
const out = join(repo, "test/.tmp/build-sources");
const read = (path: string) => readFileSync(path, "utf8");

describe("buildSources", () => {
  rmSync(out, { recursive: true, force: true });
  const summary = buildSources({ src: sample, out, tsconfig, root: repo });

  it("transforms the file with a structural class and copies the others unchanged", () => {
    expect(summary.written).toBe(3);
    expect(summary.transformed).toEqual(["thrower.ts"]);
    expect(read(join(out, "main.ts"))).toBe(read(join(sample, "main.ts")));
    expect(read(join(out, "tsconfig.json"))).toBe(read(tsconfig));
    expect(existsSync(join(out, "main.ts.map"))).toBe(false);
  });

  it("writes TypeScript with the structure member and the registration call, keeping forward's lines", () => {
    const output = read(join(out, "thrower.ts"));
    expect(output).toMatch(/static \[xcs\.XCS_STRUCTURE\]\(self: Thrower, g: xcs\.GraphBuilder, inputs: xcs\.Ref\)/);
    expect(output).toMatch(/\} structuralJit\(Thrower\);/);
    expect(output).not.toContain("@structuralJit");
    const line = (text: string) => text.split("\n").findIndex((l) => l.includes('throw new Error("boom'));
    expect(line(output)).toBe(line(read(join(sample, "thrower.ts"))));
  });

  it("links a source map that names the original file and carries its text", () => {
    expect(read(join(out, "thrower.ts"))).toMatch(/\n\/\/# sourceMappingURL=thrower\.ts\.map\n$/);
    const map = JSON.parse(read(join(out, "thrower.ts.map"))) as { file: string; sources: string[]; sourcesContent: string[] };
    expect(map.file).toBe("thrower.ts");
    expect(map.sources).toEqual(["../../bundler/sample/thrower.ts"]);
    expect(map.sourcesContent).toEqual([read(join(sample, "thrower.ts"))]);
  });

  it("returns the break as a warning", () => {
    expect(summary.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["XCS1001 warning"]);
  });
});

describe("the build command", () => {
  const io = () => {
    const lines = { stdout: "", stderr: "" };
    return { lines, io: { stdout: (t: string) => void (lines.stdout += t), stderr: (t: string) => void (lines.stderr += t) } };
  };

  it("under --strict reports the break as an error and says so", () => {
    const { lines, io: sink } = io();
    const failed = runBuildCommand([sample, "--out", join(out, "../build-strict"), "--tsconfig", tsconfig, "--strict"], sink);
    expect(failed).toBe(true);
    expect(lines.stderr).toMatch(/thrower\.ts:\d+:\d+ - error XCS1001: /);
    expect(lines.stdout).toContain("1 diagnostics (1 errors)");
  });

  it("rejects missing and contradictory arguments with the build usage", () => {
    const { io: sink } = io();
    expect(() => runBuildCommand([sample], sink)).toThrow(InputError);
    expect(() => runBuildCommand([sample], sink)).toThrow(/build needs --out <dir>/);
    expect(() => runBuildCommand([sample, "--out", out, "--tsconfig", tsconfig, "--no-tsconfig"], sink)).toThrow(/exclude each other/);
    expect(() => runBuildCommand(["no/such/dir", "--out", out], sink)).toThrow(/no such file or directory: no\/such\/dir/);
    expect(() => runBuildCommand([sample, "--out", out, "--frobnicate"], sink)).toThrow(/Usage: xcs-jit build/);
  });
});
