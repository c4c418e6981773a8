import "./polyfill.js";
import * as restate from "@restatedev/restate-sdk";
import { lookUpStructure } from "../builder/index.js";
import { findClassRunner } from "../dispatch.js";
import { graphFor } from "../jit/graph-cache.js";
import { operatorName, type Operator } from "../operator.js";
import { checkMaxConcurrency, checkKnownKeys, checkOptionsObject } from "../options/index.js";
import { validateInput, validateOutput } from "../schema/index.js";
import { runForwardDurably } from "./durable-forward.js";
import { runGraphDurably } from "./durable-graph.js";
import { startStep, StepErrors } from "./step.js";

export interface DurableOptions {
  /** Most calls one invocation has in flight (host nodes hold no slot); unbounded by default. */
  readonly maxConcurrency?: number;
}

/**
 * One durable run of `op` inside a Restate handler: its graph with every call and host node a
 * journaled step when it has a structure; a `@structuralJit` or `@jit` class without one runs
 * its `forward` with every `invoke` a step; any other operator is a leaf, one step. The input and
 * output are checked against the operator's `static spec`, as `invoke` checks them.
 */
export async function runDurably(ctx: restate.Context, op: Operator<any, any>, input: unknown, options: DurableOptions = {}): Promise<unknown> {
  const spec = (op.constructor as typeof Operator).spec;
  const name = operatorName(op);
  const checked = spec?.input ? await validateInput(name, spec.input, input) : input;
  const output = await run(ctx, op, checked, options);
  return spec?.output ? validateOutput(name, spec.output, output) : output;
}

function run(ctx: restate.Context, op: Operator<any, any>, input: unknown, options: DurableOptions): Promise<unknown> {
  if (lookUpStructure(op).found) return runGraphDurably(ctx, graphFor(op), input, options.maxConcurrency);
  if (findClassRunner(op) !== undefined) return runForwardDurably(ctx, op, input);
  return runLeafDurably(ctx, op, input);
}

async function runLeafDurably(ctx: restate.Context, op: Operator<any, any>, input: unknown): Promise<unknown> {
  const errors = new StepErrors();
  const step = operatorName(op);
  const outcome = await startStep(ctx, step, op, () => input, () => op.invoke(input), errors);
  if (!outcome.ok) throw errors.restore(step, outcome.error);
  return outcome.value;
}

/**
 * `op` as a Restate service named `name` with one handler, `run`. Serve it with the SDK
 * (`restate.serve({ services: [operatorService("pipeline", op)], port })`), register the
 * deployment with the server, and start runs through the ingress (`POST /pipeline/run`, with an
 * `idempotency-key` header to make a retried request attach to the same run).
 */
export function operatorService(name: string, op: Operator<any, any>, options: DurableOptions = {}) {
  checkOptionsObject("operatorService", options);
  checkKnownKeys("operatorService", options, ["maxConcurrency"]);
  checkMaxConcurrency("operatorService", options.maxConcurrency);
  return restate.service({
    name,
    handlers: {
      run: async (ctx: restate.Context, input: unknown): Promise<unknown> => {
        try {
          return await runDurably(ctx, op, input, options);
        } catch (error) {
          // The SDK's own errors (suspension, cancellation, terminal) keep their meaning. Any other
          // error is the run's deterministic failure: terminal, or Restate would retry it forever.
          if (error instanceof restate.RestateError) throw error;
          throw new restate.TerminalError(error instanceof Error ? error.message : String(error));
        }
      },
    },
  });
}
