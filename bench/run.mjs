// `npm run bench`: the whole benchmark suite in one command.
//   1. the scheduler figures (bench:scheduler: per-node cost vs Promise.all, graph build) and the
//      compile-time ratio (bench:compile), each by its own script, which builds the package;
//   2. compiles bench/suite/scenarios.ts with `tspc` + the plugin and with plain `tsc`;
//   3. in this process: every standard scenario in every mode at a fixed latency, and memory
//      after many instances; prints the table, writes bench/results/<date>.json and the chart.
// Options: --runs N (timed runs per scenario and mode, default 5), --latency MS (default 20),
// --instances N (default 100000), --skip-others (skip step 1; builds the package instead).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const root = new URL("../", import.meta.url);
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    latency: { type: "string", default: "20" },
    instances: { type: "string", default: "100000" },
    "skip-others": { type: "boolean", default: false },
  },
});
const positive = (name) => {
  const value = Number(values[name]);
  if (!(value > 0) || !Number.isInteger(value)) throw new Error(`--${name} must be a positive integer, got "${values[name]}"`);
  return value;
};
const options = { runs: positive("runs"), latencyMs: positive("latency"), instances: positive("instances") };

const started = performance.now();
const step = (title) => process.stderr.write(`\n▶ ${title} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

if (values["skip-others"]) {
  step("building the package");
  run(process.execPath, ["scripts/build.mjs"]);
} else {
  step("bench:scheduler (builds the package)");
  run(npm, ["run", "--silent", "bench:scheduler"]);
  step("bench:compile (builds the package)");
  run(npm, ["run", "--silent", "bench:compile", "--", "--rounds", "3"]);
}

step("compiling bench/suite with tspc + xcs-jit, and scenarios.ts with plain tsc");
run(process.execPath, [require.resolve("ts-patch/bin/tspc.js"), "-p", "bench/suite/tsconfig.json"]);
run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "bench/suite/tsconfig.plain.json"]);

step(`scenarios × modes, ${options.latencyMs} ms per call, ${options.runs} timed runs each`);
const suite = await import(new URL(".tmp/suite-structural/bench/suite/main.js", import.meta.url).href);
await suite.runSuite({
  ...options,
  structuralUrl: new URL(".tmp/suite-structural/bench/suite/scenarios.js", import.meta.url).href,
  plainUrl: new URL(".tmp/suite-plain/bench/suite/scenarios.js", import.meta.url).href,
  resultsDir: new URL("results/", import.meta.url).pathname,
});
step("done");
