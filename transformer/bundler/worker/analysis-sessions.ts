/**
 * What the analysis worker runs: the bundler plugins' compile sessions, on a thread of their own,
 * so the bundler's thread goes on loading, transforming and parsing other modules while a
 * structural class is analysed. One worker serves every plugin instance of a process; each
 * instance is a session with its own compiler (its tsconfig, its parsed declarations, its program
 * if any).
 */
import { parentPort } from "node:worker_threads";
import { createSourceCompiler, type SourceCompiler } from "../source-compiler.js";
import type { Request, Response } from "./protocol.js";

const sessions = new Map<number, SourceCompiler>();
const port = parentPort!;

port.on("message", (request: Request) => {
  switch (request.kind) {
    case "open":
      sessions.set(request.session, createSourceCompiler(request.options));
      return;
    case "invalidate":
      sessions.get(request.session)?.invalidate(request.fileName);
      return;
    case "close":
      sessions.delete(request.session);
      return;
    case "transform":
      port.postMessage(transform(request));
  }
});

function transform({ session, id, fileName, code }: Extract<Request, { kind: "transform" }>): Response {
  try {
    const compiler = sessions.get(session);
    if (!compiler) return { id, error: `xcs-jit: no analysis session ${session} in the worker` };
    const { code: output, map, diagnostics, reads } = compiler.transform(fileName, code);
    // magic-string's SourceMap is a class: only its data crosses.
    return { id, output: { code: output, map: map && { ...map }, diagnostics, reads } };
  } catch (error) {
    return { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
