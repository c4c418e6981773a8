// Fresh Vite, Vitest, esbuild, Rollup, webpack and Rspack projects, each with the plugin added in
// one line, built against the package as `npm run build` ships it: the ensemble runs compiled
// (explain says "structural", one flat graph of 111 calls, eager's result) and the deliberate
// graph break is printed as a warning with its file, line and column.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpawnSyncReturns } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun } from "../../e2e/build-package.js";
import { sharedPackage } from "../../e2e/shared-package.js";
import { BREAK_AT, sources, VITEST_TEST } from "./project-files.js";
import { createTempProject, loadsTypescript, resultOf, type TempProject } from "./temp-project.js";

let packageDir: string;
const projects: TempProject[] = [];
const warning = new RegExp(`src/broken\\.ts:${BREAK_AT} - warning XCS1001: `);

beforeAll(() => {
  packageDir = sharedPackage();
}, 300_000);

afterAll(() => {
  for (const project of projects) rmSync(project.dir, { recursive: true, force: true });
});

function project(name: string, tools: string[], files: Record<string, string>): TempProject {
  const created = createTempProject(name, packageDir, tools, { ...sources(), ...files });
  projects.push(created);
  return created;
}

function expectCompiledRun(output: string): void {
  const result = resultOf(output);
  expect(result.mode).toBe("structural");
  expect(result.calls).toBe(111);
  expect(result.result).toEqual({ answer: "q -> opinion 0" });
  expect(result.result).toEqual(result.eager);
  // The broken operator still compiles (its `if` is a host node) and answers as eager would.
  expect(result.escalateMode).toBe("structural");
  expect(result.escalated).toEqual({ answer: "q -> opinion 1" });
}

const ok = (run: SpawnSyncReturns<string>) => expect(run.status, describeRun(run)).toBe(0);

describe("a fresh Vite project", () => {
  it("builds for Node with the plugin, warns about the break, and runs the ensemble compiled", () => {
    const vite = project("vite", ["vite"], {
      "vite.config.mjs": `import { xcsJit } from "xcs-jit/vite";
export default { plugins: [xcsJit()], build: { ssr: "src/main.ts", outDir: "dist", target: "node20" }, logLevel: "warn" };
`,
      "vite.plain.config.mjs": `import { xcsJit } from "xcs-jit/vite";
export default { plugins: [xcsJit({ cache: false })], build: { ssr: "src/operators.ts", outDir: "dist-plain", target: "node20" }, logLevel: "warn" };
`,
      "vite.inline.config.mjs": `import { xcsJit } from "xcs-jit/vite";
export default { plugins: [xcsJit({ worker: false, cache: false })], build: { ssr: "src/main.ts", outDir: "dist-inline", target: "node20" }, logLevel: "warn" };
`,
    });
    const build = vite.node(["node_modules/vite/bin/vite.js", "build"], { env: { NODE_DEBUG: "module" } });
    ok(build);
    expect(build.stdout + build.stderr).toMatch(warning);
    expect(loadsTypescript(build), "the first build analyses").toBe(true);
    const bundle = readFileSync(join(vite.dir, "dist/main.js"), "utf8");
    const run = vite.node(["dist/main.js"]);
    ok(run);
    expectCompiledRun(run.stdout);

    // The analysis runs on a worker thread by default; on Vite's own thread (and with no kept
    // results to read) it emits the same bundle.
    const inline = vite.node(["node_modules/vite/bin/vite.js", "build", "--config", "vite.inline.config.mjs"]);
    ok(inline);
    expect(inline.stdout + inline.stderr).toMatch(warning);
    expect(readFileSync(join(vite.dir, "dist-inline/main.js"), "utf8")).toBe(bundle);

    // Built again from another directory: the results kept under Vite's root, not the working
    // directory, answer every file, so neither the worker nor TypeScript loads.
    const again = vite.node([join(vite.dir, "node_modules/vite/bin/vite.js"), "build", vite.dir], { cwd: tmpdir(), env: { NODE_DEBUG: "module" } });
    ok(again);
    expect(again.stdout + again.stderr, "a kept result still warns").toMatch(warning);
    expect(loadsTypescript(again), "an unchanged project only reads what the first build kept").toBe(false);
    expect(readFileSync(join(vite.dir, "dist/main.js"), "utf8")).toBe(bundle);

    // The worker starts with the build but is sent no file (none there has a structural class):
    // it must not keep the process alive. A build that hangs ends in spawnSync's timeout.
    const plain = vite.node(["node_modules/vite/bin/vite.js", "build", "--config", "vite.plain.config.mjs"]);
    ok(plain);
  });
});

describe("a fresh Vitest project", () => {
  it("runs a test file through the plugin: the ensemble runs compiled and the break is reported", () => {
    const vitest = project("vitest", ["vitest", "vite"], {
      "vitest.config.mjs": `import { xcsJit } from "xcs-jit/vite";
export default { plugins: [xcsJit()], test: { include: ["src/**/*.test.ts"] } };
`,
      "src/report.test.ts": VITEST_TEST,
    });
    const run = vitest.node(["node_modules/vitest/vitest.mjs", "run"]);
    ok(run);
    expect(run.stdout + run.stderr).toMatch(warning);
    expectCompiledRun(run.stdout);
  });
});

describe("an esbuild script", () => {
  it("bundles with the plugin, prints the break as an esbuild warning, and runs the ensemble compiled", () => {
    const esbuild = project("esbuild", ["esbuild"], {
      "build.mjs": `import { build } from "esbuild";
import { xcsJit } from "xcs-jit/esbuild";
await build({ entryPoints: ["src/main.ts"], bundle: true, platform: "node", format: "esm", packages: "external", outfile: "dist/main.js",
  plugins: [xcsJit()] });
`,
    });
    const build = esbuild.node(["build.mjs"]);
    ok(build);
    expect(build.stderr).toMatch(warning);
    const run = esbuild.node(["dist/main.js"]);
    ok(run);
    expectCompiledRun(run.stdout);
  });
});

describe("a Rollup build", () => {
  it("bundles with the plugin, prints the break as a Rollup warning, and runs the ensemble compiled", () => {
    const rollup = project("rollup", ["rollup", "esbuild"], {
      "rollup.config.mjs": `import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { transform } from "esbuild";
import { xcsJit } from "xcs-jit/rollup";

// Rollup has no TypeScript of its own: resolve "./x.js" to x.ts and strip types with esbuild.
const typescript = {
  name: "strip-types",
  resolveId(source, importer) {
    const candidate = importer && source.startsWith(".") ? resolve(dirname(importer), source.replace(/\\.js$/, ".ts")) : undefined;
    return candidate && existsSync(candidate) ? candidate : null;
  },
  async transform(code, id) {
    if (!id.endsWith(".ts")) return null;
    const out = await transform(code, { loader: "ts", format: "esm", target: "es2022", sourcemap: true, sourcefile: id });
    return { code: out.code, map: out.map };
  },
};

export default {
  input: "src/main.ts",
  output: { file: "dist/main.js", format: "es" },
  external: [/^xcs-jit/],
  plugins: [xcsJit(), typescript],
};
`,
    });
    const build = rollup.node(["node_modules/rollup/dist/bin/rollup", "-c"]);
    ok(build);
    expect(build.stderr).toMatch(warning);
    const run = rollup.node(["dist/main.js"]);
    ok(run);
    expectCompiledRun(run.stdout);
  });
});

/**
 * A webpack-API build script (webpack and Rspack share it): an ES module for Node with xcs-jit
 * external, `.js` imports resolved to the `.ts` sources, and the given loader stripping types
 * after the plugin (which runs first, `enforce: "pre"`, and leaves TypeScript syntax). Errors fail
 * the script: the loader reports them to the compilation instead of throwing.
 */
function webpackLikeBuild(imports: string, compile: string, typescriptRule: string, plugin = "xcsJit()"): string {
  return `import { resolve } from "node:path";
${imports}

const config = {
  mode: "production",
  target: "node20",
  entry: "./src/main.ts",
  output: { path: resolve("dist"), filename: "main.js", module: true, chunkFormat: "module", library: { type: "module" } },
  experiments: { outputModule: true },
  externalsType: "module",
  externals: [/^xcs-jit/],
  devtool: "source-map",
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: { rules: [${typescriptRule}] },
  plugins: [${plugin}],
};

${compile}(config, (error, stats) => {
  if (error) throw error;
  console.log(stats.toString({ colors: false, preset: "errors-warnings" }));
  if (stats.hasErrors()) process.exitCode = 1;
});
`;
}

const webpackLike = [
  {
    bundler: "webpack",
    a: "a",
    loader: "esbuild-loader",
    tools: ["webpack", "esbuild-loader"],
    imports: `import webpack from "webpack";\nimport { xcsJit } from "xcs-jit/webpack";`,
    compile: "webpack",
    rule: `{ test: /\\.ts$/, loader: "esbuild-loader", options: { target: "es2022" } }`,
  },
  {
    bundler: "Rspack",
    a: "an",
    loader: "builtin:swc-loader",
    tools: ["@rspack/core"],
    imports: `import { rspack } from "@rspack/core";\nimport { xcsJit } from "xcs-jit/rspack";`,
    compile: "rspack",
    rule: `{ test: /\\.ts$/, loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" }, target: "es2022" } } }`,
  },
];

for (const { bundler, a, loader, tools, imports, compile, rule } of webpackLike) {
  describe(`${a} ${bundler} build`, () => {
    it(`bundles with the plugin and ${loader}, prints the break as ${a} ${bundler} warning, runs the ensemble compiled, and fails under strict`, () => {
      const built = project(compile, tools, {
        "build.mjs": webpackLikeBuild(imports, compile, rule),
        "build-strict.mjs": webpackLikeBuild(imports, compile, rule, "xcsJit({ strict: true })"),
      });
      const build = built.node(["build.mjs"]);
      ok(build);
      expect(build.stdout).toMatch(warning);
      const run = built.node(["dist/main.js"]);
      ok(run);
      expectCompiledRun(run.stdout);

      const strict = built.node(["build-strict.mjs"]);
      expect(strict.status, describeRun(strict)).toBe(1);
      expect(strict.stdout).toMatch(new RegExp(`src/broken\\.ts:${BREAK_AT} - error XCS1001: `));
    });
  });
}
