// The `--import xcs-jit/register` hooks called directly: which files they take over, what they
// hand on (JavaScript, decorator replaced by a registration call), how `./x.js` reaches `x.ts`,
// and the options read from the environment. The end-to-end run is in test/build.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { load, optionsFromEnvironment, resolve } from "../../transformer/register/hooks.js";

const sample = join(import.meta.dirname, "../bundler/sample");
const notFound = () => Object.assign(new Error("not found"), { code: "ERR_MODULE_NOT_FOUND" });

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.XCS_JIT_TSCONFIG;
});

describe("resolve", () => {
  it("retries a missing relative ./x.js as ./x.ts, and ./x.mjs as ./x.mts", async () => {
    const tried: string[] = [];
    const next = async (specifier: string) => {
      tried.push(specifier);
      if (specifier.endsWith("js")) throw notFound();
      return { url: `file:///p/${specifier.slice(2)}` };
    };
    expect(await resolve("./thrower.js", {}, next)).toEqual({ url: "file:///p/thrower.ts" });
    expect(await resolve("./a.mjs", {}, next)).toEqual({ url: "file:///p/a.mts" });
    expect(tried).toEqual(["./thrower.js", "./thrower.ts", "./a.mjs", "./a.mts"]);
  });

  it("passes every other failure through", async () => {
    await expect(resolve("left-pad", {}, async () => Promise.reject(notFound()))).rejects.toThrow("not found");
    const other = Object.assign(new Error("bad"), { code: "ERR_INVALID_URL" });
    await expect(resolve("./x.js", {}, async () => Promise.reject(other))).rejects.toThrow("bad");
  });
});

describe("load", () => {
  it("transforms a project .ts file and hands on ES module JavaScript, warning about the break", async () => {
    process.env.XCS_JIT_TSCONFIG = join(sample, "tsconfig.json");
    const warnings: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => (warnings.push(String(text)), true));
    const next = vi.fn();
    const loaded = await load(pathToFileURL(join(sample, "thrower.ts")).href, {}, next);
    expect(next).not.toHaveBeenCalled();
    expect(loaded).toMatchObject({ format: "module", shortCircuit: true });
    const source = String(loaded.source);
    expect(source).toMatch(/static \[xcs\.XCS_STRUCTURE\]\(self, g, inputs\)/);
    expect(source).toMatch(/structuralJit\(Thrower\);/);
    expect(source).not.toContain("@structuralJit");
    expect(source, "types are stripped").not.toContain("inputs: { q: string }");
    expect(warnings.join("")).toMatch(/thrower\.ts:18:\d+ - warning XCS1001: /);
  });

  it("leaves JavaScript, declaration files and node_modules to the next hook", async () => {
    const next = vi.fn(async () => ({ format: "module", source: "x" }));
    for (const url of ["file:///p/a.js", "file:///p/a.d.ts", "file:///p/node_modules/lib/a.ts", "node:fs"]) {
      expect(await load(url, {}, next)).toEqual({ format: "module", source: "x" });
    }
    expect(next).toHaveBeenCalledTimes(4);
  });
});

describe("options from the environment", () => {
  it("reads strict and the tsconfig", () => {
    expect(optionsFromEnvironment({})).toEqual({ strict: false, tsconfig: undefined });
    expect(optionsFromEnvironment({ XCS_JIT_STRICT: "1", XCS_JIT_TSCONFIG: "false" })).toEqual({ strict: true, tsconfig: false });
    expect(optionsFromEnvironment({ XCS_JIT_TSCONFIG: "a/tsconfig.json" })).toEqual({ strict: false, tsconfig: "a/tsconfig.json" });
  });
});
