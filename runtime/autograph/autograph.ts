/**
 * `autograph(fn)`: runs `fn` once with operators recording instead of executing, and returns the
 * recorded program as a `Graph` with an explicit output. `execute(graph, inputs, options?)` runs
 * it, as many times as wanted, through the scheduler.
 */
import type { Graph } from "../graph/index.js";
import { operatorName, type InvokeOptions, type Operator } from "../operator.js";
import { checkExecutionOptions, resolveRun, type ExecutionOptions } from "../options/index.js";
import { runGraph } from "../scheduler/index.js";
import { graphFromRecording, type RecordedCall } from "../tracing/graph-from-values.js";
import { withInterceptor, type Interceptor } from "../tracing/interception.js";
import { handleSource, makeHandle } from "./handles.js";

export interface AutographOptions {
  /** Shown in errors and as the graph's owner (default "autograph"). */
  readonly name?: string;
}

class Recorder implements Interceptor {
  readonly calls: RecordedCall[] = [];

  intercept(op: Operator<any, any>, inputs: unknown, _options: InvokeOptions): Promise<unknown> {
    const index = this.calls.push({ op, args: inputs }) - 1;
    return Promise.resolve(makeHandle(index, [], `the result of ${operatorName(op)} (call ${index})`));
  }
}

/**
 * Records `fn(inputs)`: `inputs` is a handle on the graph's input, each `invoke` returns a handle
 * on the call's output, and whatever `fn` returns (handles, constants, plain objects and arrays
 * of them) becomes the graph's output.
 */
export async function autograph(fn: (inputs: any) => unknown, options: AutographOptions = {}): Promise<Graph> {
  const name = options.name ?? "autograph";
  const recorder = new Recorder();
  const output = await withInterceptor(recorder, () => fn(makeHandle(-1, [], "the graph input")));
  return graphFromRecording(name, recorder.calls, output, handleSource);
}

/** Runs a graph (recorded, built or compiled) on `inputs`; options as for `invoke`. */
export function execute(graph: Graph, inputs: unknown, options: ExecutionOptions = {}): Promise<unknown> {
  checkExecutionOptions("execute", options, true);
  return runGraph(graph, inputs, resolveRun(options, {}));
}
