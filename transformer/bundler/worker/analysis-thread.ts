/**
 * The bundler's side of the analysis worker: one worker per process, started on first use and
 * shared by every plugin instance, each of which opens its own session. The worker keeps the
 * process alive only while a transform is waiting on it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { AnalysedOutput, Request, Response, SessionOptions } from "./protocol.js";

/** The compiled worker, beside this file in `dist/cjs`; running from sources there is none. */
const WORKER_FILE = join(__dirname, "analysis-worker.js");

interface Pending {
  resolve(output: AnalysedOutput): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
let nextSession = 0;
let nextRequest = 0;
const pending = new Map<number, Pending>();

export function analysisWorkerAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

/** Starts the worker ahead of its first session, so TypeScript loads while the bundler sets up. */
export function warmAnalysisWorker(): void {
  running();
}

export interface AnalysisSession {
  transform(fileName: string, code: string): Promise<AnalysedOutput>;
  invalidate(fileName: string): void;
  close(): void;
}

export function openAnalysisSession(options: SessionOptions): AnalysisSession {
  const session = nextSession++;
  let openedOn: Worker | undefined;
  // Opened on the worker that serves it; again on a new one if the old one died.
  const post = (request: Request) => {
    const current = running();
    if (openedOn !== current) current.postMessage({ kind: "open", session, options } satisfies Request);
    openedOn = current;
    current.postMessage(request);
    return current;
  };
  return {
    transform(fileName, code) {
      const id = nextRequest++;
      const result = new Promise<AnalysedOutput>((resolve, reject) => pending.set(id, { resolve, reject }));
      post({ kind: "transform", session, id, fileName, code }).ref();
      return result;
    },
    invalidate: (fileName) => void post({ kind: "invalidate", session, fileName }),
    close: () => {
      if (openedOn === worker) worker?.postMessage({ kind: "close", session } satisfies Request);
    },
  };
}

function running(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_FILE);
  started.on("message", (response: Response) => {
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    if (pending.size === 0) started.unref();
    if (!waiting) return;
    if ("error" in response) waiting.reject(new Error(response.error));
    else waiting.resolve(response.output);
  });
  // A worker that dies takes its sessions with it: every waiting transform fails, and the next
  // use starts a new worker (whose sessions the plugins open again).
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`xcs-jit: the analysis worker exited with code ${code}`)));
  // After the listeners: adding a "message" listener refs the worker again, and a build that
  // never sends it a file (none has a structural class) would then never exit.
  started.unref();
  worker = started;
  return started;
}
