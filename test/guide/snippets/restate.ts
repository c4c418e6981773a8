import { createServer, type Http2Server } from "node:http2";
import * as restate from "@restatedev/restate-sdk";
import { operatorService, runBatch } from "xcs-jit/restate";
import { AskThenJudge } from "./pipeline.js";

// A deployment: the pipeline as the Restate service "ask" (handler "run"). Every model call is a
// journaled step: after a crash, Restate resumes the run on a healthy deployment and only the
// calls that were in flight are made again.
export function serveAsk(port: number): Promise<Http2Server> {
  const server = createServer(restate.createEndpointHandler({ services: [operatorService("ask", new AskThenJudge())] }));
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}

// One durable run through the ingress. The same idempotency key again attaches to the same run
// (or returns its result) instead of starting another.
export async function askDurably(ingress: string, query: string, requestId: string) {
  const response = await fetch(`${ingress}/ask/run`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": requestId },
    body: JSON.stringify({ query }),
  });
  if (!response.ok) throw new Error(`run ${requestId} failed: ${await response.text()}`);
  return (await response.json()) as { answer: string; reasoning: string };
}

// A dataset: one durable invocation per question. Running the same batch again returns the
// finished items without running them and waits for the ones still running.
export function askAll(ingress: string, questions: string[]) {
  return runBatch({
    ingress,
    service: "ask",
    batchId: "nightly-2026-12-06",
    items: questions.map((query) => ({ query })),
    onProgress: (p) => process.stderr.write(`\r${p.done + p.failed}/${p.total} (${p.failed} failed, ${p.running} running)`),
  });
}
