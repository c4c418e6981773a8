/**
 * Durable runs on a real Restate server (started here from the npm dependency, on free loopback
 * ports, in a temp folder) with deployments in their own processes. Leaf calls are counted in a
 * file outside those processes, so a count survives the SIGKILL of the process that made it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorService, remote, runBatch, type BatchProgress } from "../../runtime/restate/index.js";
import { graphFor } from "../../runtime/jit/graph-cache.js";
import { runGraph } from "../../runtime/scheduler/index.js";
import { leafFactory, mainOperators } from "./fixtures/operators.js";
import { AskThenJudge } from "../guide/snippets/pipeline.js";
import { askAll, askDurably, serveAsk } from "../guide/snippets/restate.js";
import { InFlightCounter } from "./support/in-flight-counter.js";
import { freePort, RestateServer, waitFor } from "./support/restate-server.js";
import { RoundRobinProxy } from "./support/round-robin-proxy.js";
import { ServiceProcess } from "./support/service-process.js";

const folder = mkdtempSync(join(tmpdir(), "xcs-restate-calls-"));
const counterFile = join(folder, "calls.txt");
const eagerFile = join(folder, "eager-calls.txt");
writeFileSync(counterFile, "");
writeFileSync(eagerFile, "");
let server: RestateServer;
let inFlight: InFlightCounter;
let main: ServiceProcess;
let gate: ServiceProcess | undefined;
let gatePort: number;

/** The same operators in this process, leaves without delay: the eager reference (its calls go to `eagerFile`). */
const reference = mainOperators(leafFactory(eagerFile, 0), eagerFile);
const eager = async (name: string, input: unknown) => reference[name]!.forward(input as never, { signal: new AbortController().signal });
const startMain = (port: number) => ServiceProcess.start("main", port, counterFile, { IN_FLIGHT_URL: inFlight.url });

/** Leaf calls counted since `mark` (a line count taken earlier), by leaf name. */
const lines = (file = counterFile) => readFileSync(file, "utf8").split("\n").filter(Boolean);
function callsSince(mark: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of lines().slice(mark)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

async function call(service: string, input: unknown, idempotencyKey: string) {
  const response = await fetch(`${server.ingress}/${service}/run`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function send(service: string, input: unknown, idempotencyKey: string): Promise<string> {
  const response = await fetch(`${server.ingress}/${service}/run/send`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(5_000),
  });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { invocationId: string }).invocationId;
}

async function attach(invocationId: string): Promise<unknown> {
  const response = await fetch(`${server.ingress}/restate/invocation/${invocationId}/attach`, { signal: AbortSignal.timeout(20_000) });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  [server, inFlight] = await Promise.all([RestateServer.start(), InFlightCounter.start()]);
  gatePort = await freePort();
  [main, gate] = await Promise.all([startMain(await freePort()), ServiceProcess.start("gate", gatePort, counterFile)]);
  await server.register(main.uri);
  await server.register(gate.uri);
  // The gate deployment stays down until a test brings it up: runs wait on it with nothing in flight.
  await gate.kill();
  gate = undefined;
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([main?.kill(), gate?.kill()]);
  await server?.dispose();
  await inFlight?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("xcs-jit/restate", () => {
  it.each(["diamond", "wide10", "deep", "uncompiled"])("runs %s durably with eager's result, each leaf called once", async (name) => {
    const mark = lines().length;
    const input = { query: `q-${name}` };
    const { status, body } = await call(name, input, `same-as-eager-${name}`);
    expect(status).toBe(200);
    expect(body).toEqual(await eager(name, input));
    const counts = callsSince(mark);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The same idempotency key again: Restate answers from the finished invocation, no call is made.
    expect((await call(name, input, `same-as-eager-${name}`)).body).toEqual(body);
    expect(lines().length).toBe(mark + counts.size);
  });

  it("fails with the in-process scheduler's error (the first failure in program order)", async () => {
    const input = { query: "q-fail" };
    const { status, body } = await call("failing", input, "failing-1");
    const inProcess = await runGraph(graphFor(reference.failing!), input).catch((error: Error) => error);
    const eagerError = await eager("failing", input).catch((error: Error) => error);
    expect(status).toBe(500);
    expect(body.message).toBe((inProcess as Error).message);
    expect(body.message).toContain((eagerError as Error).message);
  });

  it.each(["effects", "effects-failing"])("%s: effects and host nodes run in eager's order, none after a failure", async (name) => {
    const effectsOf = (calls: string[]) => calls.filter((call) => /^(e\d|note:)/.test(call));
    const input = { query: `q-${name}` };
    const eagerMark = lines(eagerFile).length;
    const expected = await eager(name, input).then((value) => ({ value }), (error: Error) => ({ error }));
    const mark = lines().length;
    const { status, body } = await call(name, input, `${name}-1`);
    expect(effectsOf(lines().slice(mark))).toEqual(effectsOf(lines(eagerFile).slice(eagerMark)));
    if ("value" in expected) {
      expect(status).toBe(200);
      expect(body).toEqual(expected.value);
    } else {
      const inProcess = await runGraph(graphFor(reference[name]!), input).catch((error: Error) => error);
      expect(status).toBe(500);
      expect(body.message).toBe((inProcess as Error).message);
      expect(lines().slice(mark)).not.toContain("e3");
    }
  });

  it("keeps eager's order within a Promise.all: a member that is an effect starts with the group, before another member's effect after its await", async () => {
    const effectsOf = (calls: string[]) => calls.filter((call) => call.startsWith("e-"));
    const input = { query: "q-group" };
    const eagerMark = lines(eagerFile).length;
    const expected = await eager("group-effects", input);
    const mark = lines().length;
    const { status, body } = await call("group-effects", input, "group-effects-1");
    expect(effectsOf(lines(eagerFile).slice(eagerMark))).toEqual(["e-now", "e-later"]);
    expect(effectsOf(lines().slice(mark))).toEqual(["e-now", "e-later"]);
    expect(status).toBe(200);
    expect(body).toEqual(expected);
  });

  it("has the in-process scheduler's parallelism: all ten calls of wide-10 in flight at once", async () => {
    inFlight.reset();
    // The first ten calls are held until ten are in flight together: fewer, and the run never ends.
    inFlight.holdFirst(10);
    const input = { query: "q-parallel" };
    const { status, body } = await call("wide10", input, "parallel-1");
    expect(status).toBe(200);
    expect(body).toEqual(await eager("wide10", input));
    expect(inFlight.peakTotal).toBe(10);
  });

  it("holds maxConcurrency: at most three calls in flight, and three reached", async () => {
    inFlight.reset();
    inFlight.holdFirst(3);
    const input = { query: "q-limit" };
    const { status, body } = await call("wide10-limit3", input, "limit-1");
    expect(status).toBe(200);
    expect(body).toEqual(await eager("wide10", input));
    expect(inFlight.peakTotal).toBe(3);
  });

  it("rejects input that fails the operator's spec, naming the field, before any call", async () => {
    const mark = lines().length;
    const { status, body } = await call("checked", { query: "" }, "checked-1");
    const inProcess = await reference.checked!.invoke({ query: "" }).catch((error: Error) => error);
    expect(status).toBe(500);
    expect(body.message).toBe((inProcess as Error).message);
    expect(body.message).toContain("query");
    expect(lines().length).toBe(mark);
    expect((await call("checked", { query: "ok" }, "checked-2")).body).toEqual(await eager("checked", { query: "ok" }));
  });

  it("survives a SIGKILL of its deployment mid-run without calling any leaf twice", async () => {
    const mark = lines().length;
    const input = { query: "q-crash" };
    const id = await send("staged", input, "crash-1");
    // The first wide stage is done and the call to the gate deployment (down) is journaled.
    await waitFor("the first stage and the gate call", async () =>
      callsSince(mark).size === 11 && (await server.query(`SELECT id FROM sys_invocation WHERE target_service_name = 'gate' AND invoked_by_id = '${id}'`)).length === 1,
    );
    await main.kill();
    main = await startMain(main.port);
    gate = await ServiceProcess.start("gate", gatePort, counterFile);
    expect(await attach(id)).toEqual(await eager("staged", input));
    const counts = callsSince(mark);
    expect(counts.size).toBe(23);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    await gate.kill();
    gate = undefined;
  });

  it("makes a call again when its process died with the call in flight (its result was never journaled)", async () => {
    inFlight.reset();
    inFlight.holdFirst(Infinity);
    const mark = lines().length;
    const input = { query: "q-in-flight" };
    const id = await send("wide10", input, "in-flight-1");
    await waitFor("the ten members in flight", () => inFlight.total === 10);
    await main.kill();
    inFlight.reset();
    main = await startMain(main.port);
    expect(await attach(id)).toEqual(await eager("wide10", input));
    // The ten members were in flight at the crash: each made once more. The judge, once.
    const counts = callsSince(mark);
    expect([...counts.entries()].filter(([name]) => name.startsWith("unit")).map(([, n]) => n)).toEqual(Array(10).fill(2));
    expect(counts.get("judge")).toBe(1);
  });

  it("survives a restart of the Restate server mid-run without calling any leaf twice", async () => {
    const mark = lines().length;
    const input = { query: "q-restart" };
    const id = await send("staged", input, "restart-1");
    await waitFor("the first stage and the gate call", async () =>
      callsSince(mark).size === 11 && (await server.query(`SELECT id FROM sys_invocation WHERE target_service_name = 'gate' AND invoked_by_id = '${id}'`)).length === 1,
    );
    await server.kill();
    await server.start();
    gate = await ServiceProcess.start("gate", gatePort, counterFile);
    expect(await attach(id)).toEqual(await eager("staged", input));
    const counts = callsSince(mark);
    expect(counts.size).toBe(23);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    await gate.kill();
    gate = undefined;
  });

  it("runs a batch as one invocation per item and skips the finished items when run again", async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ query: `item-${i}` }));
    const mark = lines().length;
    const interrupted = new AbortController();
    const first = runBatch({
      ingress: server.ingress, service: "diamond", items, batchId: "batch-1", concurrency: 2, signal: interrupted.signal,
      onProgress: (p) => p.done >= 3 && interrupted.abort(new Error("interrupted")),
    });
    await expect(first).rejects.toThrow("interrupted");
    const doneBefore = lines().length - mark;
    expect(doneBefore).toBeGreaterThanOrEqual(3 * 4);
    const progress: BatchProgress[] = [];
    const results = await runBatch({ ingress: server.ingress, service: "diamond", items, batchId: "batch-1", onProgress: (p) => progress.push(p) });
    expect(results).toEqual(await Promise.all(items.map(async (item) => ({ ok: true, value: await eager("diamond", item) }))));
    // Every item's four leaves ran once over both batch runs: the first run's items were not run again.
    const counts = callsSince(mark);
    expect(lines().length - mark).toBe(items.length * 4);
    expect(counts.get("top")).toBe(items.length);
    expect(progress.at(-1)).toEqual({ total: 8, done: 8, failed: 0, running: 0 });
  });

  it("spreads a run's calls over two deployments of a service, each holding its per-model limit", async () => {
    const counter = await InFlightCounter.start();
    const env = { IN_FLIGHT_URL: counter.url };
    const scorers = await Promise.all([0, 1].map(async () => ServiceProcess.start("scorer", await freePort(), counterFile, env)));
    const proxy = await RoundRobinProxy.start(scorers.map((s) => s.port));
    try {
      await server.register(proxy.uri, true);
      const input = { query: "q-fanout" };
      const { status, body } = await call("fanout", input, "fanout-1");
      expect(status).toBe(200);
      expect(body).toEqual(await eager("fanout", input));
      expect([...counter.calls.values()].reduce((a, b) => a + b, 0)).toBe(12);
      // Both deployments served calls of the run; neither had more than its limit (2) in flight,
      // so the service as a whole had at most 2 × 2.
      expect(counter.calls.size).toBe(2);
      expect(Math.max(...counter.peak.values())).toBe(2);
      expect(counter.peakTotal).toBeLessThanOrEqual(4);
    } finally {
      await Promise.allSettled(scorers.map((s) => s.kill()));
      await proxy.close();
      await counter.close();
    }
  });

  it("the guide's snippet: serve the pipeline, register it, run it durably and as a batch", async () => {
    process.env.RESTATE_LOGGING ??= "ERROR"; // the SDK's console logger, in this process
    const port = await freePort();
    const deployment = await serveAsk(port);
    try {
      await server.register(`http://127.0.0.1:${port}`);
      const query = "Why is the sky blue?";
      const expected = await new AskThenJudge().forward({ query });
      expect(await askDurably(server.ingress, query, "guide-1")).toEqual(expected);
      const results = await askAll(server.ingress, [query, "Why is grass green?"]);
      expect(results[0]).toEqual({ ok: true, value: expected });
      expect(results[1]).toEqual({ ok: true, value: await new AskThenJudge().forward({ query: "Why is grass green?" }) });
    } finally {
      deployment.close();
    }
  });

  it("rejects service and placement options that are not usable, naming the field", () => {
    expect(() => operatorService("x", reference.diamond!, { maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => operatorService("x", reference.diamond!, { maxConcurency: 2 } as never)).toThrow(/maxConcurency/);
    expect(() => remote(reference.diamond!, "not a name")).toThrow(/remote: service must be/);
  });

  it("rejects batch options that are not usable, naming the field", async () => {
    await expect(runBatch({ ingress: "", service: "diamond", items: [], batchId: "b" })).rejects.toThrow("runBatch: ingress must be a non-empty string");
    await expect(runBatch({ ingress: server.ingress, service: "diamond", items: [], batchId: "b", concurrency: 0 })).rejects.toThrow("runBatch: concurrency");
  });
});
