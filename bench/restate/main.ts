/**
 * `npm run bench:restate`: the standard scenarios run durably on a local Restate server (started
 * from the npm dependency, as the tests start it) next to the in-process scheduler, in one
 * process that serves the deployment and drives the ingress. Prints two tables and writes
 * `bench/results/restate.json`. Options: `--runs N` (timed runs per row, default 5),
 * `--latency MS` (default 20).
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:http2";
import { cpus, loadavg } from "node:os";
import * as restate from "@restatedev/restate-sdk";
import { graphFor } from "../../runtime/jit/graph-cache.js";
import { operatorService } from "../../runtime/restate/index.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { freePort, RestateServer } from "../../test/restate/support/restate-server.js";
import { standardScenarios, type StandardScenario } from "../../test/support/scenarios.js";
import { instantLeaves, timedLeaves } from "../scheduler/leaves.js";
import { cpuMs, median } from "../scheduler/stats.js";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const runs = arg("runs", 5);
const latencyMs = arg("latency", 20);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
// Per-node overhead on the scenarios with the most calls of each shape.
const overheadScenarios = ["single", "chain-20", "wide-20", "ensemble-of-ensembles"];

async function wallMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Median wall ms of `runs` runs after one untimed warm-up, the fastest, and the CPU ms this
 * process spent per run (the deployment's SDK and scheduler, and the ingress client; the server's
 * CPU is its own process's).
 */
async function time(run: () => Promise<unknown>): Promise<{ median: number; min: number; cpu: number }> {
  await run();
  const times: number[] = [];
  const cpuStart = cpuMs();
  for (let r = 0; r < runs; r++) times.push(await wallMs(run));
  return { median: median(times), min: Math.min(...times), cpu: (cpuMs() - cpuStart) / runs };
}

const server = await RestateServer.start();
const port = await freePort();
const serviceName = (scenario: StandardScenario, timed: boolean) => `${timed ? "t" : "z"}-${scenario.name}`;
const services = standardScenarios.flatMap((s) => [
  operatorService(serviceName(s, true), s.make(timedLeaves(latencyMs))),
  operatorService(serviceName(s, false), s.make(instantLeaves)),
]);
const deployment = createServer(restate.createEndpointHandler({ services, logger: () => {} }));
await new Promise<void>((resolve) => deployment.listen(port, "127.0.0.1", resolve));

try {
  await server.register(`http://127.0.0.1:${port}`);
  const durable = (scenario: StandardScenario, timed: boolean) => async () => {
    const response = await fetch(`${server.ingress}/${serviceName(scenario, timed)}/run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "q" }),
    });
    if (!response.ok) throw new Error(`${scenario.name}: ${response.status} ${await response.text()}`);
    await response.json();
  };
  const inProcess = (scenario: StandardScenario, timed: boolean) => {
    const graph = graphFor(scenario.make(timed ? timedLeaves(latencyMs) : instantLeaves));
    return () => runGraph(graph, { query: "q" }, { scheduler: "parallel" });
  };

  const makespan = [];
  for (const scenario of standardScenarios) {
    process.stderr.write(`makespan ${scenario.name}\n`);
    const boundMs = scenario.criticalPath * latencyMs;
    const local = await time(inProcess(scenario, true));
    const onRestate = await time(durable(scenario, true));
    makespan.push({
      scenario: scenario.name, calls: scenario.calls, criticalPath: scenario.criticalPath, boundMs,
      inProcessMs: round(local.median), inProcessRatio: round(local.median / boundMs, 3),
      restateMs: round(onRestate.median), restateRatio: round(onRestate.median / boundMs, 3), restateMinRatio: round(onRestate.min / boundMs, 3),
    });
  }

  const overhead = [];
  for (const scenario of standardScenarios.filter((s) => overheadScenarios.includes(s.name))) {
    process.stderr.write(`overhead ${scenario.name}\n`);
    const local = await time(inProcess(scenario, false));
    const onRestate = await time(durable(scenario, false));
    overhead.push({
      scenario: scenario.name, calls: scenario.calls, criticalPath: scenario.criticalPath,
      inProcessMs: round(local.median, 3), restateMs: round(onRestate.median), deploymentCpuMs: round(onRestate.cpu),
      perCallMs: round((onRestate.median - local.median) / scenario.calls, 3),
      perCriticalStepMs: round((onRestate.median - local.median) / scenario.criticalPath, 2),
    });
  }

  console.log(`\nMakespan at ${latencyMs} ms per call (median of ${runs}), over the critical-path bound`);
  console.table(makespan);
  console.log("\nOverhead with 0 ms calls: what a durable run adds over the in-process scheduler");
  console.table(overhead);
  const environment = { node: process.version, cpus: cpus().length, loadavg: loadavg().map((l) => round(l)), runs, latencyMs };
  writeFileSync(new URL("../results/restate.json", import.meta.url), JSON.stringify({ environment, makespan, overhead }, null, 2) + "\n");
} finally {
  deployment.close();
  await server.dispose();
}
