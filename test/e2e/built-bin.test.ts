// The `xcs-jit` bin as the package ships it: built to dist/cjs and spawned under plain Node, it
// prints what the in-process CLI prints (test/transformer/cli.test.ts) and the package's version.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, runCli } from "../../transformer/cli/run-cli.js";
import { describeRun, repoRoot, runNode } from "./build-package.js";
import { sharedPackage } from "./shared-package.js";

/** Two structural classes, one inlining the other. */
const example = "test/fixtures/calls/nested-structural.input.ts";

function inProcess(argv: string[]): string {
  let stdout = "";
  runCli(argv, { stdout: (t) => (stdout += t), stderr: () => {} });
  return stdout;
}

describe("the built bin", () => {
  it("runs from dist/cjs under plain Node and prints what the in-process CLI prints", () => {
    const bin = join(sharedPackage(), "dist/cjs/transformer/cli/main.js");
    const argv = ["inspect", example, "--format", "json"];
    const spawned = runNode(bin, argv);
    expect(spawned.status, describeRun(spawned)).toBe(EXIT.ok);
    expect(JSON.parse(spawned.stdout)).toEqual(JSON.parse(inProcess(argv)));

    const version = runNode(bin, ["--version"]);
    const { version: expected } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(version.stdout).toBe(`${expected}\n`);
  }, 180_000);
});
