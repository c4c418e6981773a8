// A batch of questions as durable Restate invocations, with a progress bar. Needs a Restate
// server (`npx restate-server`, from the dev dependency); this process is also the deployment.
//   node dist/examples/durable-batch/main.js [--items 40] [--batch demo-1] [--port 9080]
//       [--ingress http://localhost:8080] [--admin http://localhost:9070]
// Interrupt it (Ctrl-C) and run it again with the same --batch: finished items are not run again.
import { createServer, type ServerHttp2Session } from "node:http2";
import { parseArgs } from "node:util";
import * as restate from "@restatedev/restate-sdk";
import { operatorService, runBatch, type BatchProgress } from "xcs-jit/restate";
import { SelfConsistency } from "../self-consistency/pipeline.js";
import { registerExampleModel } from "../shared/model.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "40" },
    batch: { type: "string", default: "demo-1" },
    port: { type: "string", default: "9080" },
    ingress: { type: "string", default: "http://localhost:8080" },
    admin: { type: "string", default: "http://localhost:9070" },
  },
});
const items = Number(values.items);
if (!Number.isInteger(items) || items < 1) throw new Error(`--items must be a positive integer, got "${values.items}"`);

const model = registerExampleModel();
const deployment = createServer(
  restate.createEndpointHandler({ services: [operatorService("consensus", new SelfConsistency(model.name, 5))], logger: () => {} }),
);
// The server keeps its HTTP/2 sessions to the deployment open; closing them lets this process end.
const sessions = new Set<ServerHttp2Session>();
deployment.on("session", (session: ServerHttp2Session) => {
  sessions.add(session);
  session.on("close", () => sessions.delete(session));
});
await new Promise<void>((resolve) => deployment.listen(Number(values.port), resolve));
const registered = await fetch(`${values.admin}/deployments`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ uri: `http://localhost:${values.port}`, force: true }),
});
if (!registered.ok) throw new Error(`registering the deployment failed: ${registered.status} ${await registered.text()}`);

function bar({ total, done, failed, running }: BatchProgress): string {
  const width = 30;
  const filled = Math.round(((done + failed) / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done + failed}/${total} done, ${failed} failed, ${running} running`;
}

const questions = Array.from({ length: items }, (_, i) => ({ query: `Question ${i}: name a colour of the sky at dusk.` }));
const started = performance.now();
const results = await runBatch({
  ingress: values.ingress!,
  service: "consensus",
  batchId: values.batch!,
  items: questions,
  concurrency: 8,
  onProgress: (progress) => process.stdout.write(`\r${bar(progress)}`),
});
console.log(`\n${results.filter((r) => r.ok).length} of ${items} answered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const session of sessions) session.close();
deployment.close();
