// `xcs-jit build` treats its arguments and input tree as user input: an --out that would
// overwrite the sources is refused before anything is written, a file given as --out is a usage
// error, a file that does not parse fails the build with its syntax errors, and symlinked inputs
// are built (or reported when they lead nowhere), never dropped silently.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { EXIT, runCli } from "../../transformer/cli/run-cli.js";

const repo = join(import.meta.dirname, "../..");
const sample = join(repo, "test/bundler/sample");
const scratch = join(repo, "test/.tmp/build-input-errors");
const src = join(scratch, "src");

function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Every file under `dir` with its text, to prove a refused build wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), "utf8")]),
  );
}

beforeEach(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  cpSync(sample, src, { recursive: true });
  // The sample's tsconfig, one level deeper.
  writeFileSync(join(src, "tsconfig.json"), readFileSync(join(sample, "tsconfig.json"), "utf8").replaceAll("../../../", "../../../../"));
});

describe("--out that would overwrite the sources", () => {
  it.each([
    ["is the input", () => src, "is the input"],
    ["lies inside the input", () => join(src, "gen"), "lies inside the input"],
    ["contains the input", () => scratch, "contains the input"],
    ["is the input through a symlink", () => { symlinkSync(src, join(scratch, "alias")); return join(scratch, "alias"); }, "is the input"],
    ["is a single input file's directory", () => src, "is the directory of the input", join(src, "thrower.ts")],
  ])("is refused when it %s, with exit 2 and nothing written", (_, out, message, input = src) => {
    const target = out();
    const before = snapshot(scratch);
    const run = cli("build", input, "--out", target, "--tsconfig", join(src, "tsconfig.json"));
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("would overwrite the sources");
    expect(run.stderr).toContain("Usage: xcs-jit build");
    expect(run.stderr).not.toContain("internal error");
    expect(snapshot(scratch)).toEqual(before);
    expect(readFileSync(join(src, "thrower.ts"), "utf8")).toContain("@structuralJit");
  });

  it("is accepted beside the input", () => {
    const run = cli("build", src, "--out", join(scratch, "gen"), "--tsconfig", join(src, "tsconfig.json"));
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(readFileSync(join(scratch, "gen/thrower.ts"), "utf8")).toMatch(/structuralJit\(Thrower\);/);
  });
});

it("refuses a file as --out with a usage error, not an internal error", () => {
  const file = join(scratch, "tsconfig.json");
  writeFileSync(file, "{}\n");
  const run = cli("build", src, "--out", file);
  expect(run.code).toBe(EXIT.usage);
  expect(run.stderr).toContain(`--out must be a directory, but ${file} is a file`);
  expect(run.stderr).not.toContain("internal error");
  expect(readFileSync(file, "utf8")).toBe("{}\n");
});

it("reports a file's syntax errors in tsc's form and exits 1; the other files are still built", () => {
  writeFileSync(join(src, "broken.ts"), "export const a = ;\nexport function f( {\n");
  const run = cli("build", src, "--out", join(scratch, "gen"), "--tsconfig", join(src, "tsconfig.json"));
  expect(run.code).toBe(EXIT.errorDiagnostics);
  expect(run.stderr).toMatch(/src\/broken\.ts:1:18 - error TS1109: Expression expected\./);
  expect(run.stderr).toMatch(/src\/broken\.ts:\d+:\d+ - error TS\d+: /);
  expect(run.stdout).toContain("files with errors of their own");
  expect(readFileSync(join(scratch, "gen/broken.ts"), "utf8")).toBe(readFileSync(join(src, "broken.ts"), "utf8"));
  expect(readFileSync(join(scratch, "gen/thrower.ts"), "utf8")).toMatch(/structuralJit\(Thrower\);/);
});

describe("symlinked inputs", () => {
  it("follows a linked file and a linked directory, transforming what they hold", () => {
    const elsewhere = join(scratch, "elsewhere");
    mkdirSync(elsewhere);
    cpSync(join(src, "thrower.ts"), join(elsewhere, "linked.ts"));
    symlinkSync(join(elsewhere, "linked.ts"), join(src, "linked-file.ts"));
    symlinkSync(elsewhere, join(src, "linked-dir"));
    const run = cli("build", src, "--out", join(scratch, "gen"), "--tsconfig", join(src, "tsconfig.json"));
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toContain("5 files written");
    expect(readFileSync(join(scratch, "gen/linked-file.ts"), "utf8")).toMatch(/structuralJit\(Thrower\);/);
    expect(readFileSync(join(scratch, "gen/linked-dir/linked.ts"), "utf8")).toMatch(/structuralJit\(Thrower\);/);
  });

  it("reports a dangling link and a link to an enclosing directory, and fails the build", () => {
    symlinkSync(join(scratch, "missing.ts"), join(src, "dangling.ts"));
    symlinkSync(src, join(src, "loop"));
    const run = cli("build", src, "--out", join(scratch, "gen"), "--tsconfig", join(src, "tsconfig.json"));
    expect(run.code).toBe(EXIT.errorDiagnostics);
    expect(run.stderr).toMatch(/src\/dangling\.ts - error: a symbolic link to a missing file/);
    expect(run.stderr).toMatch(/src\/loop - error: a symbolic link to an enclosing directory/);
    expect(existsSync(join(scratch, "gen/thrower.ts"))).toBe(true);
  });
});
